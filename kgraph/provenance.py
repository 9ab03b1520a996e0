"""Citations: where in a source document a fact is stated.

Every reader of statements cites them the same way: the curated tables
(``kgraph.curation.sources``), the workbooks (``kgraph.exchange``) and the extractor's
drafts (``kgraph.extract``). The graph records the same parts on each citation node
(``kg:sourceDocument``, ``kg:line``, ``kg:quote``, ``kg:qualityFlag``, ``rdfs:comment``).

Standard library only, like ``kgraph.curation.sources``, which reads the tables with it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cite:
    """A line of a document and its words as quoted, with a quality flag and note if any.

    A reader that needs to know where it read the citation subclasses this record with
    those fields (``kgraph.curation.sources.CuratedCite``: the table row;
    ``kgraph.exchange.model.WorkbookCite``: the workbook cell and the citation node's ref).
    """

    line: int  # 1-based; 0 where a table gave none
    quote: str  # verbatim, as the document prints it
    document: str = ""  # a seed file name or a source key; "" when the reader holds it
    flag: str = ""  # a quality flag (``kgraph.curation.sources.FLAGS``), "" if none
    note: str = ""  # what the curator says about it (why it is flagged)


def line_key(source: str) -> tuple[str, int]:
    """A citation as written, 'doc:line' or 'doc:line "quote"', in reading order: by
    document, then by line as a number (57 before 110, which text order reverses)."""
    doc, _, rest = source.partition(":")
    line = rest.split(" ", 1)[0]
    return (doc, int(line) if line.isdigit() else 0)
