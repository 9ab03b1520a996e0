"""Reading a workbook's rows: sheets matched to the layout, headers to columns, cells
cleaned (formulas and control characters refused), note and blank rows skipped.

The first of the importer's three parts: rows (here) → ids (``ids``) → facts (``facts``).
"""

from __future__ import annotations

from dataclasses import dataclass

from kgraph.exchange.layout import (
    CITATION_NAMES,
    IGNORED_SHEETS,
    SHEETS,
    Sheet,
    normal_name,
    unescape_cell,
)
from kgraph.exchange.model import Origin, Problem
from kgraph.exchange.tables import CONTROL, Row, Table, Tables


@dataclass
class Line:
    """One data row: its sheet, number, cleaned cells by column, and the header order."""

    sheet: Sheet
    number: int
    cells: dict[str, str]
    order: list[str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def origin(self, column: str = "") -> Origin:
        return Origin(self.sheet.name, self.number, column)

    def quote(self) -> str:
        """The row as written: its non-empty data cells, joined."""
        return " | ".join(self.cells[c] for c in self.order
                          if c not in CITATION_NAMES and self.cells.get(c))



class RowReader:
    """Reads the tables into ``lines`` (sheet name → its data rows); problems and
    warnings go into the lists given."""

    def __init__(self, tables: Tables, problems: list[Problem], warnings: list[str]) -> None:
        self.name = tables.name
        self.problems = problems
        self.warnings = warnings
        self.lines: dict[str, list[Line]] = {}
        self._sheets(tables)

    def problem(self, sheet: str, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(sheet, row, column, message))

    def _sheets(self, tables: Tables) -> None:
        by_key = {normal_name(s.name): s for s in SHEETS}
        for name, table in tables.tables.items():
            sheet = by_key.get(normal_name(name))
            if sheet is None:
                if not IGNORED_SHEETS.match(name.strip()):
                    self.warnings.append(f"{self.name}: skipped sheet {name!r} "
                                         "(not a kgraph table)")
                continue
            if sheet.name in self.lines:
                self.problem(name, 0, "", f"a second {sheet.name} sheet")
                continue
            self.lines[sheet.name] = self._rows(sheet, table)

    def _rows(self, sheet: Sheet, table: Table) -> list[Line]:
        known = {normal_name(c.name): c.name for c in sheet.columns}
        names: list[str] = []
        for text in table.header:
            text = unescape_cell(text.strip())
            if not text:
                names.append("")
                continue
            name = known.get(normal_name(text))
            if name is None and sheet.kind != "coverage":
                self.problem(sheet.name, 1, text, f"unknown column {text!r} (known: "
                             + ", ".join(c.name for c in sheet.columns) + ")")
            name = name or text
            if name in names:
                self.problem(sheet.name, 1, text, f"column {text!r} appears twice")
            names.append(name)
        if table.rows and sheet.key not in names:
            self.problem(sheet.name, 1, sheet.key, f"missing column {sheet.key!r}")
            return []
        lines = []
        for row in table.rows:
            line = self._line(sheet, names, row)
            if line is not None:
                lines.append(line)
        return lines

    def _line(self, sheet: Sheet, names: list[str], row: Row) -> Line | None:
        raw = [c.strip() for c in row.cells]
        if not any(raw) or raw[0].startswith("#"):
            return None  # blank rows and note rows (the template's example) are skipped
        cells: dict[str, str] = {}
        for i, text in enumerate(raw):
            name = names[i] if i < len(names) else ""
            if not name:
                if text:
                    self.problem(sheet.name, row.number, f"column {i + 1}",
                                 "a value under no heading")
                continue
            # a refused cell is still read, so it causes no second, derived problem
            if i in row.formulas:
                self.problem(sheet.name, row.number, name,
                             "a formula is not allowed; type the value itself")
            bad = CONTROL.search(text)
            if bad:
                what = "a control character" if bad.group() < " " else "a non-character"
                self.problem(sheet.name, row.number, name,
                             f"contains {what} (U+{ord(bad.group()):04X}), "
                             "which a spreadsheet cannot hold")
            cells[name] = unescape_cell(text).strip()
        return Line(sheet, row.number, cells, [n for n in names if n])
