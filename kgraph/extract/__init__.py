"""Draft a workbook from a plan document: ``kgraph extract DOCUMENT… -o draft.xlsx``.

    from kgraph.extract import extract, write_draft
    draft = extract(["plan.txt"], base=kgraph.load())   # match names against a graph
    write_draft(draft, "draft.xlsx")                     # or write_draft(draft, dir, csv=True)

The flow: ``text.read_document`` (text, PDF, DOCX → numbered lines) → the finders
(``headings``, ``matrix``, ``columns``, ``lists``, ``governance``) → ``model`` findings →
``draft.build_draft`` (workbook rows, matched against the graph) → written in the
template's layout. Every row cites its line and quote and says its confidence; nothing
reaches the graph until a person imports the reviewed workbook.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kgraph.extract.columns import find_column_tables
from kgraph.extract.draft import REVIEW, Draft, Known, build_draft
from kgraph.extract.governance import find_governance
from kgraph.extract.headings import find_numbered, find_title, find_vision
from kgraph.extract.lists import find_coded_rows, find_indicator_lists
from kgraph.extract.matrix import find_matrices
from kgraph.extract.model import Extracted
from kgraph.extract.text import Document, DocumentError, read_document


def read(doc: Document, title: str | None = None) -> Extracted:
    """Everything the finders see in one document."""
    found = Extracted(doc.name)
    find_title(doc, found, title)
    find_vision(doc, found)
    find_numbered(doc, found)
    find_matrices(doc, found)
    find_column_tables(doc, found)
    find_indicator_lists(doc, found)
    find_coded_rows(doc, found)
    find_governance(doc, found)
    return found


def extract(paths: Iterable[str | Path], base: Any = None,
            titles: dict[str, str] | None = None) -> Draft:
    """The draft workbook of ``paths``, names matched against ``base`` (a graph or backend,
    or None). ``titles`` maps a file name to the plan's name where the document's first
    heading is not it."""
    titles = titles or {}
    docs = [read_document(p) for p in paths]
    return build_draft([read(d, titles.get(d.name)) for d in docs], Known.of(base))


def write_draft(draft: Draft, path: str | Path, csv: bool = False) -> Path:
    """Write the draft as an .xlsx workbook (or a CSV folder), README sheet first."""
    from kgraph.exchange.layout import SHEET
    from kgraph.exchange.tables import write_csv_folder
    from kgraph.exchange.template import choices, notes
    from kgraph.exchange.xlsx import SheetOut, write_workbook

    path = Path(path)
    tables = draft.tables()
    if csv:
        readme = "# Draft workbook: how to review it\n\n" + "\n\n".join(REVIEW) + "\n"
        write_csv_folder(path, tables, readme)
        return path
    sheets = [SheetOut(name, header, rows, notes=notes(SHEET[name]), choices=choices(SHEET[name]))
              for name, (header, rows) in tables.items()]
    readme_rows = [[name, "", f"{len(rows)} drafted row(s)", ""]
                   for name, (_, rows) in tables.items()]
    write_workbook(path, ["Draft workbook: how to review it", *REVIEW], readme_rows, sheets)
    return path


__all__ = ["Document", "DocumentError", "Draft", "extract", "read", "read_document",
           "write_draft"]
