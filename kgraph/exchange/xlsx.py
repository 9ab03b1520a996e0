"""Write a workbook: the README sheet, the data sheets (with dropdowns and header notes)
and, for exports, coverage matrices with conditional formatting.

Every value is written as text through ``escape_cell``, so nothing taken from the data can
become a live formula.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgraph.exchange.layout import TICK, escape_cell
from kgraph.exchange.tables import write_bytes_atomic

HEADER_FILL = "DDEBF7"
EXAMPLE_FONT = "808080"
MAX_ROWS = 2000  # dropdowns reach this far down each sheet


@dataclass
class SheetOut:
    """A data sheet to write: name, header, rows, header notes, dropdown choices per column, and how
    many leading rows are examples."""

    name: str
    header: list[str]
    rows: list[list[str]]
    notes: dict[str, str] = field(default_factory=dict)  # column → help shown on its header
    choices: dict[str, list[str]] = field(default_factory=dict)  # column → dropdown values
    example_rows: int = 0  # the first N rows are examples (shown in grey italics)


@dataclass
class MatrixOut:
    """A read-only coverage view: rows are strategies, columns priorities, cells 1/0."""

    name: str
    title: str
    columns: list[str]  # priority headings
    rows: list[tuple[str, list[int], int]]  # strategy label, ticks, row total
    totals: list[int]


def _put(cell: Any, value: Any) -> None:
    if isinstance(value, str):
        value = escape_cell(value)
        assert not value.startswith("="), "escape_cell let a formula through"
    cell.value = value


def _data_sheet(book: Any, spec: SheetOut) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = book.create_sheet(spec.name)
    for j, name in enumerate(spec.header, start=1):
        cell = ws.cell(row=1, column=j)
        _put(cell, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        if spec.notes.get(name):
            cell.comment = Comment(spec.notes[name], "kgraph", width=320, height=120)
        width = max([len(name), *(len(r[j - 1]) for r in spec.rows[:200] if j - 1 < len(r))])
        ws.column_dimensions[get_column_letter(j)].width = min(max(width + 2, 10), 60)
    for i, row in enumerate(spec.rows, start=2):
        for j, value in enumerate(row, start=1):
            if value != "":
                cell = ws.cell(row=i, column=j)
                _put(cell, value)
                if i - 2 < spec.example_rows:
                    cell.font = Font(italic=True, color=EXAMPLE_FONT)
    ws.freeze_panes = "B2"
    for name, values in spec.choices.items():
        if name not in spec.header or not values:
            continue
        letter = get_column_letter(spec.header.index(name) + 1)
        listing = '"' + ",".join(values) + '"'
        if len(listing) > 255:  # Excel's limit for an inline list
            continue
        dv = DataValidation(type="list", formula1=listing, allow_blank=True,
                            errorStyle="warning", showErrorMessage=True,
                            error=f"Expected one of: {', '.join(values)}")
        dv.add(f"{letter}2:{letter}{MAX_ROWS}")
        ws.add_data_validation(dv)


def _readme_sheet(book: Any, intro: list[str], rows: list[list[str]]) -> None:
    from openpyxl.styles import Alignment, Font

    ws = book.create_sheet("README", 0)
    r = 1
    for k, line in enumerate(intro):
        cell = ws.cell(row=r, column=1)
        _put(cell, line)
        if k == 0:
            cell.font = Font(bold=True, size=14)
        r += 1
    r += 1
    for j, head in enumerate(["sheet", "column", "what to write", "example"], start=1):
        cell = ws.cell(row=r, column=j)
        _put(cell, head)
        cell.font = Font(bold=True)
    for row in rows:
        r += 1
        for j, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=j)
            _put(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCD", (14, 16, 90, 40), strict=True):
        ws.column_dimensions[letter].width = width


def _matrix_sheet(book: Any, m: MatrixOut) -> None:
    from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = book.create_sheet(m.name)
    _put(ws.cell(row=1, column=1), m.title)
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    _put(ws.cell(row=2, column=1), "A view for reading (the importer skips it): 1 = the "
         "strategy contributes to the priority. Edit the coverage sheet instead.")
    head = 4
    for j, name in enumerate(["strategy", *m.columns, "total"], start=1):
        cell = ws.cell(row=head, column=j)
        _put(cell, name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, (label, ticks, total) in enumerate(m.rows, start=head + 1):
        _put(ws.cell(row=i, column=1), label)
        for j, value in enumerate([*ticks, total], start=2):
            ws.cell(row=i, column=j).value = int(value)
    last = head + len(m.rows)
    total_row = last + 1
    _put(ws.cell(row=total_row, column=1), "TOTAL")
    ws.cell(row=total_row, column=1).font = Font(bold=True)
    for j, value in enumerate([*m.totals, sum(m.totals)], start=2):
        ws.cell(row=total_row, column=j).value = int(value)
    ws.column_dimensions["A"].width = 60
    for j in range(2, len(m.columns) + 3):
        ws.column_dimensions[get_column_letter(j)].width = 14
    ws.freeze_panes = ws.cell(row=head + 1, column=2)
    if m.rows and m.columns:
        end = get_column_letter(len(m.columns) + 1)
        cells = f"B{head + 1}:{end}{last}"
        green = PatternFill("solid", fgColor="C6EFCE", bgColor="C6EFCE")
        ws.conditional_formatting.add(
            cells, CellIsRule(operator="equal", formula=["1"], fill=green,
                              font=Font(color="006100")))
        grey = Font(color="BFBFBF")
        ws.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=["0"], font=grey))
        red = PatternFill("solid", fgColor="FFC7CE", bgColor="FFC7CE")
        ws.conditional_formatting.add(  # a priority no strategy serves is a gap
            f"B{total_row}:{end}{total_row}",
            CellIsRule(operator="equal", formula=["0"], fill=red, font=Font(color="9C0006")))
        tcol = get_column_letter(len(m.columns) + 2)
        ws.conditional_formatting.add(
            f"{tcol}{head + 1}:{tcol}{last}",
            ColorScaleRule(start_type="min", start_color="FFFFFF", end_type="max",
                           end_color="63BE7B"))


def write_workbook(path: Path, intro: list[str], readme: list[list[str]],
                   sheets: list[SheetOut], matrices: list[MatrixOut] | None = None) -> None:
    """Write the workbook to ``path`` atomically."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    _readme_sheet(book, intro, readme)
    for spec in sheets:
        _data_sheet(book, spec)
    for m in matrices or []:
        _matrix_sheet(book, m)
    # zipped in memory, then written: a full disk fails in our write (a clear error), not
    # inside openpyxl's zip file, which would complain again when collected
    buffer = io.BytesIO()
    book.save(buffer)
    write_bytes_atomic(Path(path), lambda tmp: tmp.write_bytes(buffer.getvalue()))


__all__ = ["MatrixOut", "SheetOut", "TICK", "write_workbook"]
