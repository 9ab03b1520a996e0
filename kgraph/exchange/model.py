"""Records shared by the importer, the builder and the exporter, and the import error.

A filled workbook is another set of curated tables: every row states facts (a name, a
link, an attribute, an observation) and cites where they come from. These records are the
workbook's rows after checking, the counterpart of ``kgraph.curation.sources``' rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from kgraph.errors import CurationError, KgraphError


@dataclass(frozen=True)
class Origin:
    """Where in the workbook a fact was read: sheet, 1-based row (header = 1), column."""

    sheet: str
    row: int
    column: str = ""


@dataclass(frozen=True)
class Problem:
    """One bad cell or row: where it is and what is wrong, in words for the officer."""

    sheet: str
    row: int
    column: str
    message: str

    def render(self) -> str:
        where = f"{self.sheet} row {self.row}" if self.row else self.sheet
        if self.column:
            return f"{where}, {self.column}: {self.message}"
        return f"{where}: {self.message}"


class WorkbookProblems(CurationError):
    """A workbook has bad rows; ``rows`` lists every one (sheet, row, column, message)."""

    def __init__(self, source: str, rows: list[Problem]) -> None:
        self.source, self.rows = source, rows
        self.problems = [p.render() for p in rows]
        KgraphError.__init__(
            self,
            f"{source}: {len(rows)} problem(s), nothing was written:\n"
            + "\n".join(f"  {line}" for line in self.problems),
        )


@dataclass(frozen=True)
class Cite:
    """The citation of a fact: document key, line, quote, flag, note, curated-at and ref.

    ``ref`` names the citation node(s): ``mention/<id>/<ref>``, ``stmt/.../<ref>``,
    ``obs/<ref>``, ``mention/doc-<key>/<ref>``.
    """

    doc: str  # source document key (the IRI is id:doc/<key>)
    line: int
    quote: str
    flag: str
    note: str
    curated_at: str  # empty: none (document mentions carry none)
    ref: str
    origin: Origin


@dataclass(frozen=True)
class MentionRec:
    id: str
    label: str
    cite: Cite


@dataclass(frozen=True)
class LinkRec:
    subject: str
    predicate: str  # a name of kgraph.curation.compile.PREDICATE_IRIS
    object: str
    cite: Cite


@dataclass(frozen=True)
class AttributeRec:
    id: str
    property: str  # a name of kgraph.curation.compile.ATTRIBUTE_IRIS
    value: str
    cite: Cite


@dataclass(frozen=True)
class ObservationRec:
    indicator: str
    area: str
    period: str
    measure: str
    value: str
    dataset: str
    cite: Cite


@dataclass(frozen=True)
class DocumentRec:
    key: str
    file: str
    title: str
    date: str
