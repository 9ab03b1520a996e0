"""Tables in and out: an .xlsx workbook or a folder of CSV files, one table per sheet.

Reading gives plain strings (numbers, dates and booleans typed into Excel are turned into
text the way a person reads them) and notes the cells that hold live formulas; writing
escapes every cell a spreadsheet could take for a formula and writes atomically.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgraph.errors import InputError
from kgraph.exchange.layout import escape_cell
from kgraph.fileio import write_text_atomic

# Characters XML 1.0 (so .xlsx) cannot hold; the importer refuses them in cells.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Row:
    number: int  # 1-based, as a spreadsheet shows it (the header is row 1)
    cells: list[str]
    formulas: set[int] = field(default_factory=set)  # indexes of cells holding a formula


@dataclass
class Table:
    name: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)


@dataclass
class Tables:
    """A workbook read from disk: its name (file or folder name) and its tables."""

    name: str
    tables: dict[str, Table]
    ignored: list[str] = field(default_factory=list)  # sheets or files that are not tables


def _text(value: Any, number_format: str = "General") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float | int):
        if "%" in (number_format or ""):
            value = value * 100
            suffix = "%"
        else:
            suffix = ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = repr(value) if isinstance(value, float) else str(value)
        return text + suffix
    return str(value)


def read_xlsx(path: Path) -> Tables:
    from openpyxl import load_workbook  # lazy: openpyxl is slow to import

    try:
        book = load_workbook(path, data_only=False)
    except Exception as exc:  # noqa: BLE001 - zip, XML and openpyxl errors alike
        raise InputError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    tables: dict[str, Table] = {}
    out = Tables(path.name, tables)
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows())
        if not rows:
            tables[sheet.title] = Table(sheet.title, [])
            continue
        header = [_text(c.value).strip() for c in rows[0]]
        table = Table(sheet.title, header)
        for number, cells in enumerate(rows[1:], start=2):
            texts = [_text(c.value, c.number_format) for c in cells]
            formulas = {i for i, c in enumerate(cells) if c.data_type == "f"}
            table.rows.append(Row(number, texts, formulas))
        tables[sheet.title] = table
    return out


def read_csv_file(path: Path) -> Table:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from None
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InputError(f"{path}: malformed CSV ({exc})") from None
    if not records:
        return Table(path.stem, [])
    table = Table(path.stem, [c.strip() for c in records[0]])
    table.rows = [Row(n, cells) for n, cells in enumerate(records[1:], start=2)]
    return table


def read_csv_folder(path: Path, known: set[str]) -> Tables:
    tables: dict[str, Table] = {}
    out = Tables(path.name, tables)
    for file in sorted(path.iterdir()):
        if file.suffix.lower() == ".csv":
            tables[file.stem] = read_csv_file(file)
        elif file.is_file() and file.stem.casefold() != "readme":
            out.ignored.append(file.name)
    for name in list(tables):
        if name not in known:
            out.ignored.append(f"{name}.csv")
    return out


def read_tables(path: str | Path, known: set[str]) -> Tables:
    """Read an .xlsx workbook or a folder of CSV files (one ``<sheet>.csv`` per sheet)."""
    path = Path(path)
    if path.is_dir():
        return read_csv_folder(path, known)
    if not path.is_file():
        raise InputError(f"{path}: no such file or folder")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    raise InputError(f"{path}: not a workbook (an .xlsx file or a folder of CSV files)")


# --- writing -------------------------------------------------------------------------


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([escape_cell(c) for c in header])
    for row in rows:
        writer.writerow([escape_cell(c) for c in row])
    # A byte-order mark so Excel opens the UTF-8 file as UTF-8 (the importer accepts both).
    return "\ufeff" + buf.getvalue()


def write_csv_folder(folder: Path, tables: dict[str, tuple[list[str], list[list[str]]]],
                     readme: str) -> list[Path]:
    """Write ``<name>.csv`` per table and README.md; every file atomically."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: exists and is not a folder")
    written = []
    for name, (header, rows) in tables.items():
        path = folder / f"{name}.csv"
        write_text_atomic(path, csv_text(header, rows))
        written.append(path)
    write_text_atomic(folder / "README.md", readme)
    return written


def write_bytes_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Let ``write`` fill a temporary sibling of ``path``, then rename it over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
