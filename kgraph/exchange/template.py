"""The blank, documented template: one sheet per table with its header, an example row
(a note row: it starts with ``#``, so the importer skips it) and a README."""

from __future__ import annotations

from pathlib import Path

from kgraph.curation.sources import ATTRIBUTES, FLAGS, PREDICATES
from kgraph.exchange.layout import (
    CITATION_NAMES,
    GOVERNANCE,
    MEASURE_NAMES,
    SHEETS,
    TICK,
    Sheet,
)
from kgraph.exchange.tables import write_csv_folder
from kgraph.exchange.xlsx import SheetOut, write_workbook

INTRO = [
    "kgraph workbook: add a plan to the knowledge graph without writing RDF",
    "Fill one sheet per kind of thing; every sheet is optional. Row 2 of each sheet is an "
    "example: rows whose first cell starts with # are notes and are skipped.",
    "Ids are lower-case words joined by hyphens (kent-alcohol-strategy). Wherever a column "
    "names another entity you may write its id or its exact name; an id or name the graph "
    "already has adds to that entity (a new name for it is kept as an alias).",
    "Give each thing one row per sheet. To cite the document, fill source/line/quote; "
    "otherwise the importer cites this workbook, sheet and row, which is fine.",
    f"Ticks: {TICK}, x, yes or 1; an empty cell is no tick. A leading apostrophe marks text "
    "(as in Excel) and is dropped.",
    "Then: kgraph import THIS-FILE -o plan.ttl   (all problems are listed at once, by sheet, "
    "row and column, and nothing is written until there are none)",
    "      kgraph coverage PLAN --data plan.ttl   ·   kgraph diff OLD.ttl plan.ttl",
]

def choices(sheet: Sheet) -> dict[str, list[str]]:
    """Dropdown values per column of ``sheet``."""
    out = {"flag": sorted(FLAGS)}
    if len(sheet.types) > 1:
        out["type"] = list(sheet.types)
    out.update({
        "governance": {"relation": list(GOVERNANCE)},
        "links": {"predicate": sorted(PREDICATES)},
        "facts": {"property": sorted(ATTRIBUTES)},
        "observations": {"measure": list(MEASURE_NAMES)},
    }.get(sheet.name, {}))
    return out


def notes(sheet: Sheet) -> dict[str, str]:
    """The help of each of ``sheet``'s columns, by column name (the template's header notes)."""
    return {c.name: c.help for c in sheet.columns}


def example_row(sheet: Sheet, header: list[str]) -> list[str]:
    """The template's example row for ``sheet`` in ``header`` order, its first cell starting with
    '#' (so the importer skips it)."""
    if sheet.kind == "coverage":
        row = ["# kent-alcohol-strategy", "", TICK, "", TICK] + [""] * len(CITATION_NAMES)
        return row
    values = {c.name: c.example for c in sheet.columns}
    row = [values.get(name, "") for name in header]
    row[0] = "# " + (row[0] or "example")
    return row


def header_of(sheet: Sheet) -> list[str]:
    """The template's header for ``sheet``: its column names (coverage: a strategy column, example
    priority columns and the citation columns)."""
    if sheet.kind == "coverage":
        return ["strategy", "my-plan-priority-1", "my-plan-priority-2", "my-plan-priority-3",
                "my-plan-priority-4", *CITATION_NAMES]
    return [c.name for c in sheet.columns]


def readme_rows() -> list[list[str]]:
    """The README sheet's rows: each sheet with its purpose, then its columns with help and example,
    then the citation columns."""
    rows = []
    for sheet in SHEETS:
        rows.append([sheet.name, "", sheet.purpose, ""])
        for column in sheet.columns:
            if column.name in CITATION_NAMES:
                continue
            rows.append(["", column.name, column.help, column.example])
    rows.append(["(every sheet)", "", "The citation columns at the end of each sheet:", ""])
    for column in SHEETS[0].columns:
        if column.name in CITATION_NAMES:
            rows.append(["", column.name, column.help, ""])
    return rows


def readme_markdown() -> str:
    """The README of a CSV template folder: the introduction and the table of sheets and columns, as
    Markdown."""
    lines = [f"# {INTRO[0]}", "", *[f"{p}\n" for p in INTRO[1:]], "## Sheets and columns", ""]
    lines += ["| sheet | column | what to write | example |", "|---|---|---|---|"]
    for row in readme_rows():
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
    return "\n".join(lines) + "\n"


def template_sheets() -> list[SheetOut]:
    """The blank template's sheets (header, one example row, notes, dropdown choices), ready for
    ``xlsx.write_workbook``."""
    out = []
    for sheet in SHEETS:
        header = header_of(sheet)
        out.append(SheetOut(sheet.name, header, [example_row(sheet, header)],
                            notes=notes(sheet), choices=choices(sheet), example_rows=1))
    return out


def filled_sheets(folder: Path) -> list[SheetOut]:
    """The template's sheets holding the rows of a filled CSV folder, cell for cell."""
    from kgraph.exchange.layout import SHEET, normal_name, unescape_cell
    from kgraph.exchange.tables import read_csv_folder

    tables = read_csv_folder(Path(folder), set(SHEET))
    by_key = {normal_name(name): t for name, t in tables.tables.items()}
    out = []
    for spec in template_sheets():
        table = by_key.get(normal_name(spec.name))
        if table is not None:
            # cells are written as they were read: unescape here, the writer escapes again
            spec.header = [unescape_cell(h) for h in table.header]
            spec.rows = [[unescape_cell(c) for c in r.cells] for r in table.rows]
            spec.example_rows = 0
        out.append(spec)
    return out


def write_template(path: str | Path, csv: bool = False, filled: str | Path | None = None) -> Path:
    """Write the blank template: an .xlsx workbook, or (``csv``) a folder of CSV files.

    ``filled``: a folder of filled CSV files whose rows go into the workbook's sheets.
    """
    path = Path(path)
    sheets = filled_sheets(Path(filled)) if filled else template_sheets()
    if csv:
        write_csv_folder(path, {s.name: (s.header, s.rows) for s in sheets}, readme_markdown())
    else:
        write_workbook(path, INTRO, readme_rows(), sheets)
    return path
