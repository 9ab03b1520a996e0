"""Reading an OpenDocument spreadsheet (.ods, as LibreOffice saves one) into ``Tables``.

The archive is checked against the same limits as an .xlsx workbook (``tables.LIMITS``:
entry count, declared size, compression ratio, cells, rightmost column) before it is parsed,
and every XML part is refused if it declares a DTD; then odfpy (the reader pandas' ``odf``
engine uses; it parses through defusedxml) reads it. odfpy holds the whole document in
memory (about 4 KB and 0.3 ms per cell on the development machine), so an .ods may also
hold at most ``ODS_CELL_ELEMENTS`` cell elements; a cell repeated by
``table:number-columns-repeated`` or ``table:number-rows-repeated`` counts once per copy
that holds text against ``Limits.cells``, and trailing empty repeats (LibreOffice pads
every row to the sheet's width) are dropped without being expanded.

Cells become the text a person reads, as ``tables.read_xlsx`` gives it: a number typed
into a cell is its value (``1501``, ``12.5``), a percentage ``12.9%``, a date ``2013-04-01``,
a boolean ``TRUE``; a text cell is its text (paragraphs joined by a line break). Cells that
hold a formula (``table:formula``) are noted, as for .xlsx.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kgraph.errors import InputError, TooLarge
from kgraph.exchange.tables import LIMITS, Limits, Row, Table, Tables, _text

#: Cell elements (<table:table-cell>, <table:covered-table-cell>) an .ods may hold: odfpy
#: keeps every element in memory, so this bounds its memory and time (200,000 cells:
#: about 1 GB and a minute on the development machine).
ODS_CELL_ELEMENTS = 200_000
MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_CELL_ELEMENT = re.compile(rb"<table:(?:covered-)?table-cell[ >/]")
_CHUNK = 2**20
_NS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_NS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_NS_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _refuse(path: Path, what: str) -> TooLarge:
    return TooLarge(f"{path}: {what}; nothing was read (a workbook this large or this "
                    "compressed is refused: split it into several workbooks)")


def check_ods(path: Path, limits: Limits = LIMITS,
              cell_elements: int = ODS_CELL_ELEMENTS) -> None:
    """Refuse an .ods whose archive exceeds ``limits`` (TooLarge, exit 5), that is not an
    OpenDocument spreadsheet, or whose XML declares a DTD (InputError, exit 3)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable .ods workbook ({exc})") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.entries:
            raise _refuse(path, f"the archive holds {len(infos):,} files (the limit is "
                                f"{limits.entries:,})")
        total = sum(i.file_size for i in infos)
        if total > limits.total_bytes:
            raise _refuse(path, f"it unpacks to {total:,} bytes (the limit is "
                                f"{limits.total_bytes:,})")
        names = {i.filename for i in infos}
        if "content.xml" not in names:
            raise InputError(f"{path}: not an OpenDocument spreadsheet (no content.xml)")
        if "mimetype" in names and archive.read("mimetype").strip() != MIMETYPE:
            kind = archive.read("mimetype")[:80].decode("ascii", "replace")
            raise InputError(f"{path}: not an OpenDocument spreadsheet (it is {kind})")
        for info in infos:
            ratio = info.file_size // max(info.compress_size, 1)
            if info.file_size > 2**20 and ratio > limits.ratio:
                raise _refuse(path, f"{info.filename} is compressed {ratio:,} to 1 (the "
                                    f"limit is {limits.ratio} to 1)")
            if not info.filename.lower().endswith(".xml"):
                continue
            try:
                count, head = _scan(archive, info, info.filename == "content.xml")
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                raise InputError(f"{path}: {info.filename} cannot be unpacked ({exc})") from None
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise InputError(f"{path}: {info.filename} declares an XML DTD or entities, "
                                 "which no spreadsheet writes; refused (entity expansion)")
            if count > cell_elements:
                raise _refuse(path, f"{info.filename} holds {count:,} cell elements (the "
                                    f"limit for .ods is {cell_elements:,}; save it as .xlsx, "
                                    "whose reader streams, or split it)")


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cells: bool) -> tuple[int, bytes]:
    """Stream one part: its cell elements (if ``cells``) and its start. One chunk at a time."""
    count, head, tail = 0, b"", b""
    with archive.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            if not head:
                head = chunk[:4096]
            if cells:
                text = tail + chunk
                count += len(_CELL_ELEMENT.findall(text)) - len(_CELL_ELEMENT.findall(tail))
                tail = chunk[-40:]
    return count, head


def _attr(element: Any, ns: str, name: str) -> str | None:
    value = element.attributes.get((ns, name))  # odfpy: untyped attribute map
    return None if value is None else str(value)


def _paragraphs(cell: Any) -> str:
    from odf import teletype

    parts = [teletype.extractText(p) for p in cell.childNodes
             if p.qname == (_NS_TEXT, "p")]
    return "\n".join(parts)


def cell_text(cell: Any) -> str:
    """The text a person reads in an ODF table cell (``tables.read_xlsx``'s conventions)."""
    kind = _attr(cell, _NS_OFFICE, "value-type")
    try:
        if kind in ("float", "currency"):
            return _text(float(_attr(cell, _NS_OFFICE, "value") or ""))
        if kind == "percentage":
            return _text(float(_attr(cell, _NS_OFFICE, "value") or ""), "0%")
        if kind == "boolean":
            return _text(_attr(cell, _NS_OFFICE, "boolean-value") == "true")
        if kind == "date":
            value = dt.datetime.fromisoformat(_attr(cell, _NS_OFFICE, "date-value") or "")
            return _text(value)
        if kind == "time":
            found = re.fullmatch(r"PT(\d+)H(\d+)M(\d+)(?:\.\d+)?S",
                                 _attr(cell, _NS_OFFICE, "time-value") or "")
            if found:
                hours, minutes, seconds = (int(g) for g in found.groups())
                return _text(dt.time(hours % 24, minutes, seconds))
    except ValueError:
        pass  # a malformed value attribute: the text as displayed
    return _paragraphs(cell)


def _rows(table: Any) -> Iterator[Any]:
    """The <table:table-row> elements of a table, header rows and row groups included."""
    for child in table.childNodes:
        if child.qname == (_NS_TABLE, "table-row"):
            yield child
        elif child.qname in ((_NS_TABLE, "table-header-rows"), (_NS_TABLE, "table-rows"),
                             (_NS_TABLE, "table-row-group")):
            yield from _rows(child)


def _repeat(element: Any, name: str) -> int:
    try:
        return max(1, int(_attr(element, _NS_TABLE, name) or 1))
    except ValueError:
        return 1


def _row_cells(path: Path, sheet: str, number: int, row: Any,
               limits: Limits) -> tuple[list[str], set[int]]:
    cells: list[str] = []
    formulas: set[int] = set()
    pending = 0  # empty cells not yet written: dropped if nothing follows them
    for cell in row.childNodes:
        if cell.qname not in ((_NS_TABLE, "table-cell"), (_NS_TABLE, "covered-table-cell")):
            continue
        repeat = _repeat(cell, "number-columns-repeated")
        text = cell_text(cell)
        formula = _attr(cell, _NS_TABLE, "formula")
        if text == "" and not formula:
            pending += repeat
            continue
        if len(cells) + pending + repeat > limits.columns:
            raise _refuse(path, f"sheet {sheet}, row {number} has a cell in column "
                                f"{len(cells) + pending + repeat:,} (the limit is "
                                f"{limits.columns:,})")
        cells += [""] * pending
        pending = 0
        for _ in range(repeat):
            if formula:
                formulas.add(len(cells))
            cells.append(text)
    return cells, formulas


def read_ods(path: Path, limits: Limits = LIMITS) -> Tables:
    """Read every sheet of an .ods workbook as a table (row 1 the header), after
    ``check_ods``; InputError naming the file if it does not parse."""
    from odf.opendocument import load

    check_ods(path, limits)
    try:
        document = load(str(path))
    except Exception as exc:  # noqa: BLE001 - zip, XML (defusedxml) and odfpy errors alike
        raise InputError(f"{path}: not a readable .ods workbook ({type(exc).__name__}: "
                         f"{exc})") from None
    tables: dict[str, Table] = {}
    out = Tables(path.name, tables)
    cells_read = 0
    for sheet in document.spreadsheet.childNodes:
        if sheet.qname != (_NS_TABLE, "table"):
            continue
        name = _attr(sheet, _NS_TABLE, "name") or f"Sheet{len(tables) + 1}"
        table: Table | None = None
        number = 0  # rows so far, as the spreadsheet numbers them
        for row in _rows(sheet):
            repeat = _repeat(row, "number-rows-repeated")
            cells, formulas = _row_cells(path, name, number + 1, row, limits)
            if table is None:  # row 1 is the header, as for .xlsx
                table = Table(name, [c.strip() for c in cells])
                number += 1
                repeat -= 1
            if not cells:
                number += repeat  # blank rows (LibreOffice pads to 1,048,576): skipped
                continue
            cells_read += len(cells) * repeat
            if cells_read > limits.cells:
                raise _refuse(path, f"its sheets hold more than {limits.cells:,} cells (the "
                                    f"limit is {limits.cells:,})")
            for _ in range(repeat):
                number += 1
                table.rows.append(Row(number, list(cells), set(formulas)))
        tables[name] = table or Table(name, [])
    return out


__all__ = ["ODS_CELL_ELEMENTS", "cell_text", "check_ods", "read_ods"]
