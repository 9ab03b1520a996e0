"""Tables in and out: an .xlsx workbook or a folder of CSV files, one table per sheet.

Before a workbook is read its archive is checked against stated limits (``LIMITS``: entry
count, declared and compressed sizes, cells, columns, shared strings) and every XML part is
refused if it declares a DTD, so a zip or XML bomb is refused in a second and in bounded
memory, not after minutes of parsing. Reading gives plain strings (numbers, dates and
booleans typed into Excel are turned into text the way a person reads them) and notes the
cells that hold live formulas; writing escapes every cell a spreadsheet could take for a
formula and writes atomically.
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

from kgraph.errors import InputError, TooLarge, output_error
from kgraph.exchange.layout import escape_cell
from kgraph.fileio import write_text_atomic

# Characters XML 1.0 (so .xlsx) cannot hold; the importer refuses them in cells.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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


@dataclass(frozen=True)
class Limits:
    """What a workbook may hold; a bigger one is refused before it is read (exit 5)."""

    entries: int = 2_000  # files in the archive
    total_bytes: int = 512 * 2**20  # declared uncompressed size of all of them
    ratio: int = 200  # uncompressed / compressed, for a part over 1 MiB
    cells: int = 3_000_000  # cells in all sheets
    columns: int = 1_000  # the rightmost column a cell may sit in
    shared_strings: int = 2_000_000  # distinct texts in the shared-string table


LIMITS = Limits()
_CELL = re.compile(rb"<c[ >/]")
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_SHARED = re.compile(rb"<si[ >/]")
_CHUNK = 2**20


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _scan(archive: Any, info: Any, patterns: list[re.Pattern[bytes]]) -> tuple[list[int], bytes]:
    """Stream one part: how often each pattern occurs, its start (for a DOCTYPE check) and
    the rightmost column letters seen. Memory: one chunk at a time."""
    counts = [0] * len(patterns)
    head, tail, widest = b"", b"", 0
    with archive.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            if not head:
                head = chunk[:4096]
            text = tail + chunk
            for k, pattern in enumerate(patterns):
                counts[k] += len(pattern.findall(chunk))
            for letters in _CELL_REF.findall(text):
                widest = max(widest, _column_number(letters))
            tail = chunk[-16:]
    return [*counts, widest], head


def check_xlsx(path: Path, limits: Limits = LIMITS) -> None:
    """Refuse a workbook whose archive exceeds ``limits`` or whose XML declares a DTD."""
    import zipfile

    def refuse(what: str) -> TooLarge:
        return TooLarge(f"{path}: {what}; nothing was read (a workbook this large or this "
                        "compressed is refused: split it into several workbooks)")

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.entries:
            raise refuse(f"the archive holds {len(infos):,} files (the limit is "
                         f"{limits.entries:,})")
        total = sum(i.file_size for i in infos)
        if total > limits.total_bytes:
            raise refuse(f"it unpacks to {total:,} bytes (the limit is {limits.total_bytes:,})")
        cells = shared = 0
        for info in infos:
            ratio = info.file_size // max(info.compress_size, 1)
            if info.file_size > 2**20 and ratio > limits.ratio:
                raise refuse(f"{info.filename} is compressed {ratio:,} to 1 (the limit is "
                             f"{limits.ratio} to 1)")
            name = info.filename.lower()
            if not name.endswith((".xml", ".rels", ".vml")):
                continue
            is_sheet = name.startswith("xl/worksheets/")
            is_shared = name == "xl/sharedstrings.xml"
            try:
                counts, head = _scan(archive, info,
                                     [_CELL] if is_sheet else [_SHARED] if is_shared else [])
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                raise InputError(f"{path}: {info.filename} cannot be unpacked ({exc})") from None
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise InputError(f"{path}: {info.filename} declares an XML DTD or entities, "
                                 "which no spreadsheet writes; refused (entity expansion)")
            if is_sheet:
                cells += counts[0]
                if counts[1] > limits.columns:
                    raise refuse(f"{info.filename} has a cell in column {counts[1]:,} "
                                 f"(the limit is {limits.columns:,})")
            if is_shared:
                shared += counts[0]
        if cells > limits.cells:
            raise refuse(f"its sheets hold {cells:,} cells (the limit is {limits.cells:,})")
        if shared > limits.shared_strings:
            raise refuse(f"its shared-string table holds {shared:,} texts (the limit is "
                         f"{limits.shared_strings:,})")


def read_xlsx(path: Path) -> Tables:
    from openpyxl import load_workbook  # lazy: openpyxl is slow to import

    check_xlsx(path)
    try:
        # read-only: rows stream from the archive (memory bounded by the limits above)
        book = load_workbook(path, data_only=False, read_only=True)
    except Exception as exc:  # noqa: BLE001 - zip, XML and openpyxl errors alike
        raise InputError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    tables: dict[str, Table] = {}
    out = Tables(path.name, tables)
    try:
        for sheet in book.worksheets:
            if not hasattr(sheet, "iter_rows"):
                continue  # a chart sheet
            sheet.reset_dimensions()  # a declared size is not trusted: rows as written
            table: Table | None = None
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                if table is None:
                    table = Table(sheet.title, [_text(c.value).strip() for c in cells])
                    continue
                texts = [_text(c.value, c.number_format) for c in cells]
                formulas = {i for i, c in enumerate(cells) if c.data_type == "f"}
                table.rows.append(Row(number, texts, formulas))
            tables[sheet.title] = table or Table(sheet.title, [])
    except Exception as exc:  # noqa: BLE001 - a part that does not parse
        raise InputError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    finally:
        book.close()
    return out


def read_csv_file(path: Path) -> Table:
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a CSV file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except PermissionError:
        raise InputError(f"{path}: cannot be read (permission denied)") from None
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        # the record that failed starts on the line after the last good one
        line = _record_start(text, len(records))
        if "end of data" in str(exc):
            what = "a quoted cell opens here and is never closed (an unmatched \")"
        else:
            what = f"a stray quote in a quoted cell ({exc}); double it (\"\") or remove it"
        raise InputError(f"{path}:{line}: malformed CSV, row {len(records) + 1}: {what}") from None
    if not records:
        return Table(path.stem, [])
    table = Table(path.stem, [c.strip() for c in records[0]])
    table.rows = [Row(n, cells) for n, cells in enumerate(records[1:], start=2)]
    return table


def _record_start(text: str, index: int) -> int:
    """The line on which record ``index`` (0-based) starts: records before it re-read."""
    reader = csv.reader(io.StringIO(text, newline=""))
    for _ in range(index):
        next(reader)
    return reader.line_num + 1


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


def write_bytes_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Let ``write`` fill a temporary sibling of ``path``, then rename it over ``path``."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise output_error(path, exc) from None
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise output_error(path, exc) from None
        raise
