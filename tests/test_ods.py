"""`kgraph import` of an OpenDocument spreadsheet (.ods, issue 14 item 5): the same tables,
checks, messages and size limits (issue 15 item 3) as an .xlsx. The .ods files are written
here with odfpy (LibreOffice is not installed on CI), padded the way LibreOffice pads them
(empty cells repeated to the sheet's width, empty rows repeated to row 1,048,576); hostile
archives are made by the test, never committed."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from openpyxl import Workbook, load_workbook

from kgraph.cli.main import cli
from kgraph.errors import TooLarge
from kgraph.exchange.ods import check_ods, read_ods
from kgraph.exchange.tables import Limits, read_tables

odf = pytest.importorskip("odf")
from odf import teletype  # noqa: E402
from odf.opendocument import OpenDocumentSpreadsheet  # noqa: E402
from odf.table import Table, TableCell, TableRow  # noqa: E402
from odf.text import P  # noqa: E402

EXAMPLE = ROOT / "examples" / "every-day-matters.xlsx"


class Formula(str):
    """A cell value that is a formula (written as table:formula, as LibreOffice does)."""


def _cell(value: object) -> TableCell:
    if value is None:
        return TableCell()
    if isinstance(value, Formula):
        cell = TableCell(formula="of:" + value, valuetype="float", value="2")
        cell.addElement(P(text="2"))
        return cell
    if isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue="true" if value else "false")
    elif isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=str(value))
    elif isinstance(value, dt.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
    else:
        cell = TableCell(valuetype="string")
    p = P()
    teletype.addTextToElement(p, str(value))
    cell.addElement(p)
    return cell


def write_ods(path: Path, sheets: dict[str, list[list[object]]], pad: bool = True) -> Path:
    """An .ods as LibreOffice writes one: each row padded to the sheet's width with one
    repeated empty cell, and the sheet padded to its last row with one repeated empty row."""
    doc = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            tr = TableRow()
            for value in row:
                tr.addElement(_cell(value))
            if pad:
                tr.addElement(TableCell(numbercolumnsrepeated=1000))
            table.addElement(tr)
        if pad:
            tr = TableRow(numberrowsrepeated=1_048_000)
            tr.addElement(TableCell(numbercolumnsrepeated=1024))
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def xlsx_to_ods(xlsx: Path, ods: Path) -> Path:
    """Every sheet and cell of an .xlsx, as text cells of an .ods (what LibreOffice's
    "save as .ods" gives for a workbook of text cells)."""
    book = load_workbook(xlsx, read_only=True)
    sheets = {ws.title: [[None if c.value is None else Formula(c.value) if c.data_type == "f"
                          else str(c.value) for c in row] for row in ws.iter_rows()]
              for ws in book.worksheets}
    book.close()
    return write_ods(ods, sheets)


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _content_only(path: Path, content: bytes, mimetype: bytes | None = None) -> Path:
    """An .ods archive holding just ``content`` as content.xml (for hostile cases)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", mimetype or b"application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", MANIFEST)
        z.writestr("content.xml", content)
    return path


MANIFEST = (b'<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest='
            b'"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            b'<manifest:file-entry manifest:full-path="/" manifest:media-type='
            b'"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
            b'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            b'</manifest:manifest>')


def _content(rows: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
            '<office:body><office:spreadsheet><table:table table:name="plan">'
            f'{rows}</table:table></office:spreadsheet></office:body>'
            '</office:document-content>').encode()


# --- reading ---------------------------------------------------------------------------


def test_cells_read_as_the_xlsx_reader_reads_them(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["id", "label", "count", "share", "date", "flag"],
        ["a", "Two\nlines  and\ttab", 1501, 12.5, dt.date(2013, 4, 1), True],
        [None, None, None, None, None, None],  # a blank row in the middle
        ["b", "", 7.0, None, None, False],
    ]
    book = Workbook()
    ws = book.active
    ws.title = "plan"
    for row in rows:
        ws.append(row)
    book.save(tmp_path / "w.xlsx")
    from_xlsx = read_tables(tmp_path / "w.xlsx", set())
    from_ods = read_ods(write_ods(tmp_path / "w.ods", {"plan": rows}))
    x, o = from_xlsx.tables["plan"], from_ods.tables["plan"]
    assert o.header == x.header == rows[0]
    data = [(r.number, [c for c in r.cells]) for r in o.rows]
    assert data[0] == (2, ["a", "Two\nlines  and\ttab", "1501", "12.5", "2013-04-01", "TRUE"])
    assert data[-1] == (4, ["b", "", "7", "", "", "FALSE"])
    # the same non-blank rows, numbered the same, as the .xlsx reader gives
    def nonblank(t):  # type: ignore[no-untyped-def]
        return [(r.number, [c for c in r.cells if c != ""]) for r in t.rows if any(r.cells)]
    assert nonblank(o) == nonblank(x)


def test_percentages_times_formulas_and_padding(tmp_path: Path) -> None:
    rows = ('<table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p>'
            '</table:table-cell><table:table-cell office:value-type="string"><text:p>v</text:p>'
            '</table:table-cell><table:table-cell table:number-columns-repeated="1022"/>'
            '</table:table-row>'
            '<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p>'
            '</table:table-cell><table:table-cell office:value-type="percentage" '
            'office:value="0.25"><text:p>25%</text:p></table:table-cell>'
            '<table:table-cell office:value-type="time" office:time-value="PT12H30M05S">'
            '<text:p>12:30:05</text:p></table:table-cell>'
            '<table:table-cell table:formula="of:=1+1" office:value-type="float" '
            'office:value="2"><text:p>2</text:p></table:table-cell></table:table-row>'
            '<table:table-row table:number-rows-repeated="1048574">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    table = read_ods(_content_only(tmp_path / "p.ods", _content(rows))).tables["plan"]
    assert table.header == ["id", "v"]
    [row] = table.rows
    assert row.cells == ["x", "25%", "12:30:05", "2"] and row.formulas == {3}


def test_a_repeated_row_with_text_is_every_copy(tmp_path: Path) -> None:
    rows = ('<table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p>'
            '</table:table-cell></table:table-row>'
            '<table:table-row table:number-rows-repeated="3"><table:table-cell '
            'office:value-type="string"><text:p>same</text:p></table:table-cell>'
            '</table:table-row>')
    table = read_ods(_content_only(tmp_path / "r.ods", _content(rows))).tables["plan"]
    assert [(r.number, r.cells) for r in table.rows] == [
        (2, ["same"]), (3, ["same"]), (4, ["same"])]


# --- importing: same graph, same errors --------------------------------------------------


@pytest.mark.slow
def test_example_workbook_imports_the_same_from_ods(tmp_path: Path) -> None:
    ods = xlsx_to_ods(EXAMPLE, tmp_path / "every-day-matters.ods")
    code, out = invoke("import", str(ods), "--alone", "-o", str(tmp_path / "ods.ttl"))
    assert code == 0, out
    code, out = invoke("import", str(EXAMPLE), "--alone", "-o", str(tmp_path / "xlsx.ttl"))
    assert code == 0, out
    ods_text = (tmp_path / "ods.ttl").read_text(encoding="utf-8")
    xlsx_text = (tmp_path / "xlsx.ttl").read_text(encoding="utf-8")
    # byte-identical but for the workbook's name (in the header line and in the IRI of
    # the workbook as a source: every-day-matters-ods)
    def named(text: str, suffix: str) -> str:
        return text.replace(f"every-day-matters.{suffix}", "W").replace(
            f"every-day-matters-{suffix}", "W")
    assert named(ods_text, "ods") == named(xlsx_text, "xlsx")
    assert len(ods_text) > 10_000


@pytest.mark.slow
def test_export_xlsx_then_ods_round_trip_gives_the_xlsx_graph(graph, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from rdflib.compare import isomorphic

    from kgraph.exchange.export import export
    from kgraph.exchange.importer import import_workbook

    xlsx = export(graph, tmp_path / "graph.xlsx", "xlsx")
    ods = xlsx_to_ods(Path(xlsx), tmp_path / "graph.ods")
    from_ods = import_workbook(ods, None, validate=False)
    from_xlsx = import_workbook(xlsx, None, validate=False)
    assert from_ods.warnings == from_xlsx.warnings == []
    assert isomorphic(from_ods.graph, from_xlsx.graph)
    assert isomorphic(from_ods.graph, graph)  # and the bundled graph, as the .xlsx does


def test_a_bad_row_gets_the_xlsx_message(tmp_path: Path) -> None:
    book = load_workbook(EXAMPLE)
    ws = book["strategies"]
    header = [c.value for c in ws[1]]
    first_data = next(r for r in range(2, ws.max_row + 1)
                      if ws.cell(r, 1).value and not str(ws.cell(r, 1).value).startswith("#"))
    ws.cell(first_data + 1, header.index("id") + 1).value = ws.cell(first_data, 1).value
    ws.cell(first_data + 2, header.index("label") + 1).value = "=1+1"
    broken = tmp_path / "broken.xlsx"
    book.save(broken)
    ods = xlsx_to_ods(broken, tmp_path / "broken.ods")
    code_x, out_x = invoke("import", str(broken), "--alone", "-o", str(tmp_path / "x.ttl"))
    code_o, out_o = invoke("import", str(ods), "--alone", "-o", str(tmp_path / "o.ttl"))
    assert code_x == code_o == 5
    assert f"strategies row {first_data + 1}, id: duplicate id" in out_o
    assert out_o.replace("broken.ods", "W").replace(str(tmp_path), "") == out_x.replace(
        "broken.xlsx", "W").replace(str(tmp_path), "")
    assert not (tmp_path / "o.ttl").exists()


# --- bad and hostile files ----------------------------------------------------------------


def test_not_a_zip_is_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "plan.ods"
    bad.write_text("id,label\n", encoding="utf-8")
    code, out = invoke("import", str(bad), "--alone", "-o", str(tmp_path / "o.ttl"))
    assert code == 3 and f"{bad}: not a readable .ods workbook" in out


def test_a_text_document_is_not_a_spreadsheet(tmp_path: Path) -> None:
    odt = _content_only(tmp_path / "letter.ods", _content(""),
                        b"application/vnd.oasis.opendocument.text")
    code, out = invoke("import", str(odt), "--alone", "-o", str(tmp_path / "o.ttl"))
    assert code == 3 and "not an OpenDocument spreadsheet" in out


def test_a_dtd_is_refused(tmp_path: Path) -> None:
    content = _content("").replace(b"?>\n", b'?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n', 1)
    path = _content_only(tmp_path / "dtd.ods", content)
    code, out = invoke("import", str(path), "--alone", "-o", str(tmp_path / "o.ttl"))
    assert code == 3 and "declares an XML DTD" in out


def test_a_compressed_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    filler = "<table:table-row><table:table-cell/></table:table-row>" * 60_000
    path = _content_only(tmp_path / "bomb.ods", _content(filler) + b" " * 40 * 2**20)
    assert path.stat().st_size < 2**20
    code, out = invoke("import", str(path), "--alone", "-o", str(tmp_path / "o.ttl"))
    assert code == 5 and "compressed" in out and "nothing was read" in out


def test_too_many_cell_elements_are_refused(tmp_path: Path) -> None:
    cells = "<table:table-cell/>" * 1_001
    path = _content_only(tmp_path / "wide.ods",
                         _content(f"<table:table-row>{cells}</table:table-row>"))
    with pytest.raises(TooLarge) as caught:
        check_ods(path, cell_elements=1_000)
    assert "1,001 cell elements" in str(caught.value)


@pytest.mark.parametrize("rows, what", [
    ('<table:table-row><table:table-cell table:number-columns-repeated="100000" '
     'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>',
     "column"),
    ('<table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p>'
     '</table:table-cell></table:table-row><table:table-row table:number-rows-repeated='
     '"100000000"><table:table-cell office:value-type="string"><text:p>x</text:p>'
     '</table:table-cell></table:table-row>', "cells"),
])
def test_a_repeat_bomb_is_refused_without_expanding_it(tmp_path: Path, rows: str,
                                                      what: str) -> None:
    path = _content_only(tmp_path / "repeat.ods", _content(rows))
    code, out = invoke("import", str(path), "--alone", "-o", str(tmp_path / "o.ttl"))
    assert code == 5, out
    assert what in out and "the limit is" in out


def test_limits_are_the_xlsx_limits(tmp_path: Path) -> None:
    from kgraph.exchange.tables import LIMITS

    path = write_ods(tmp_path / "s.ods", {"plan": [["id"], ["a"]]})
    check_ods(path)  # passes at the stated limits
    with pytest.raises(TooLarge) as caught:
        check_ods(path, Limits(entries=1))
    assert f"(the limit is {1:,})" in str(caught.value)
    assert LIMITS.cells == 3_000_000 and LIMITS.columns == 1_000
