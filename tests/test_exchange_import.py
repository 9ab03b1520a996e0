"""kgraph import: a filled workbook becomes conforming RDF with sheet-and-row provenance,
merges with the graph by id or exact name, and every bad row is reported at once with
sheet, row, column and message — with a non-zero exit and nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED, FIXTURES
from openpyxl import Workbook
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, SKOS

from kgraph.cli.main import cli
from kgraph.exchange.importer import import_workbook
from kgraph.exchange.model import Problem, WorkbookProblems
from kgraph.namespaces import ID, KG
from kgraph.validation import validate_graph

PLAN = FIXTURES / "exchange" / "plan"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """A copy of the small valid workbook (a CSV folder) to break."""
    return Path(shutil.copytree(PLAN, tmp_path / "plan"))


def edit(folder: Path, sheet: str, text: str) -> None:
    (folder / f"{sheet}.csv").write_text(text, encoding="utf-8")


def problems(folder: Path, base: Graph | None = None) -> list[Problem]:
    with pytest.raises(WorkbookProblems) as caught:
        import_workbook(folder, base)
    return caught.value.rows


def run_import(folder: Path, out: Path, *extra: str) -> tuple[int, str]:
    out.write_text("previous", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(folder), "-o", str(out), "--alone", *extra],
                                catch_exceptions=False)
    return result.exit_code, result.output


def test_a_filled_workbook_imports_and_conforms() -> None:
    result = import_workbook(PLAN, None)
    g = result.graph
    assert validate_graph(g).conforms
    assert sorted(result.new_entities) == [
        "number-of-test-things", "test-alcohol-strategy", "test-plan", "test-plan-outcome-1",
        "test-plan-priority-1", "test-plan-priority-2", "test-steering-group", "test-youth-plan"]
    # the example row (first cell '#') is skipped; ids are made from names where left empty
    assert (ID["test-youth-plan"], KG.contributesTo, ID["test-plan-priority-2"]) in g
    assert (ID["test-alcohol-strategy"], KG.overseenBy, ID["test-steering-group"]) in g
    assert (ID["test-alcohol-strategy"], SKOS.altLabel, Literal("TAS", lang="en")) in g


def test_provenance_is_the_sheet_and_row() -> None:
    g = import_workbook(PLAN, None).graph
    stmt = ID["stmt/test-youth-plan/contributesTo/test-plan-priority-2/plan-coverage-r3"]
    assert g.value(stmt, KG.curatedAt) == Literal("plan#coverage!3")
    assert int(g.value(stmt, KG.line)) == 3
    doc = g.value(stmt, KG.sourceDocument)
    assert g.value(doc, DCTERMS.identifier) == Literal("plan")
    assert str(g.value(stmt, KG.quote)) == "Early help in tests: yes"
    mention = ID["mention/test-alcohol-strategy/plan-strategies-r2"]
    assert g.value(mention, KG.labelUsed) == Literal("Test Alcohol Strategy")


@pytest.mark.slow
def test_merges_by_exact_name_and_records_the_alias(graph: Graph, plan: Path) -> None:
    edit(plan, "boards", "id,type,label\n,Board,kent action on alcohol steering group\n"
                         ",Board,Test Steering Group\n")
    edit(plan, "strategies", "id,label,aliases,listed_in\n"
                             "kent-alcohol-strategy,The Kent Alcohol Strategy,,test-plan\n"
                             ",Test Alcohol Strategy,TAS,test-plan\n,Test Youth Plan,,test-plan\n")
    result = import_workbook(plan, graph)
    assert "kent-action-on-alcohol-steering-group" in result.merged_entities
    assert "kent-alcohol-strategy" in result.merged_entities
    g = result.graph
    node = ID["kent-alcohol-strategy"]
    assert g.value(node, SKOS.prefLabel) == Literal("Kent Alcohol Strategy", lang="en")  # kept
    assert (node, SKOS.altLabel, Literal("The Kent Alcohol Strategy", lang="en")) in g  # alias recorded
    assert (node, KG.listedIn, ID["test-plan"]) in g
    assert len(g) > len(graph)


@pytest.mark.parametrize("sheet,text,expected", [
    ("coverage", "strategy,test-plan-priority-9\ntest-alcohol-strategy,✓\n",
     Problem("coverage", 1, "test-plan-priority-9", "unknown priority 'test-plan-priority-9'")),
    ("strategies", "id,label\ntest-alcohol-strategy,Test Alcohol Strategy\n"
                   "test-alcohol-strategy,Another Strategy\n",
     Problem("strategies", 3, "id", "duplicate id 'test-alcohol-strategy' (already on row 2; "
             "give each thing one row, other names in aliases)")),
    ("boards", "id,type,label\nnew-board,Board,\n",
     Problem("boards", 2, "label", "empty label: a new entity needs a name")),
    ("coverage", "strategy,test-plan-priority-1\ntest-alcohol-strategy,maybe\n",
     Problem("coverage", 2, "test-plan-priority-1",
             "'maybe' is not a tick (use ✓, x, yes or 1; leave empty for no tick)")),
    ("observations", "indicator,area,period,measure,value\n"
                     "number-of-test-things,kent,2024/25,actual,about 12\n",
     Problem("observations", 2, "value", "'about 12' is not a number (flag the row if the "
             "source value is not a number)")),
])
def test_each_bad_row_kind(plan: Path, tmp_path: Path, sheet: str, text: str,
                           expected: Problem) -> None:
    edit(plan, sheet, text)
    assert expected in problems(plan)
    out = tmp_path / "out.ttl"
    code, output = run_import(plan, out)
    assert code == 5
    assert expected.render() in output
    assert out.read_text(encoding="utf-8") == "previous"  # nothing written


def test_every_bad_row_is_reported_at_once(plan: Path, tmp_path: Path) -> None:
    edit(plan, "coverage", "strategy,test-plan-priority-9,test-plan-priority-1\n"
                           "test-alcohol-strategy,,maybe\n")
    edit(plan, "boards", "id,type,label\nnew-board,Board,\nnew-board,Board,Again\n")
    edit(plan, "observations", "indicator,area,period,measure,value\n"
                               "number-of-test-things,kent,2024/25,actual,n/a\n")
    edit(plan, "governance", "subject,relation,object\ntest-alcohol-strategy,owns,nobody\n")
    found = {(p.sheet, p.row, p.column) for p in problems(plan)}
    assert found == {
        ("coverage", 1, "test-plan-priority-9"), ("coverage", 2, "test-plan-priority-1"),
        ("boards", 2, "label"), ("boards", 3, "id"), ("observations", 2, "value"),
        ("governance", 2, "relation"), ("governance", 2, "object")}
    code, output = run_import(plan, tmp_path / "out.ttl")
    assert code == 5 and "7 problem(s), nothing was written" in output


def test_more_kinds_of_bad_cell(plan: Path) -> None:
    edit(plan, "strategies", "id,type,label,listed_in,date,flag\n"
                             "Bad Id,Strategy,X,test-plan,,\n"
                             "ok-strategy,Spaceship,Y,test-plan,,\n"
                             "ok-board,Board,Z,test-plan,,\n"
                             "ok-two,Strategy,W,Test Steering Group,2013-13,\n"
                             "ok-three,Strategy,V,test-plan,,garbled\n")
    messages = {(p.row, p.message) for p in problems(plan)}
    assert (2, "id 'Bad Id' is not a slug (lower-case letters, digits and single hyphens)") \
        in messages
    assert (3, "unknown type 'Spaceship' (here: Strategy, Assessment, Framework, Plan, Policy, "
               "Programme, Report)") in messages
    assert (4, "type 'Board' belongs on the boards sheet") in messages
    assert (5, "'Test Steering Group' is a Board, not a plan") in messages
    assert (5, "date '2013-13' is not YYYY, YYYY-MM or YYYY-MM-DD") in messages
    assert (6, "flag 'garbled' needs a note saying why") in messages


def test_a_formula_in_an_xlsx_cell_is_refused(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    ws.title = "boards"
    ws.append(["id", "type", "label"])
    ws.append(["a-board", "Board", '=HYPERLINK("http://example.org","click")'])
    book.save(tmp_path / "plan.xlsx")
    found = problems(tmp_path / "plan.xlsx")
    assert found == [Problem("boards", 2, "label", "a formula is not allowed; type the value "
                             "itself")]


def test_import_writes_turtle_that_loads(tmp_path: Path) -> None:
    out = tmp_path / "plan.ttl"
    code, output = run_import(PLAN, out)
    assert code == 0, output
    assert "8 new entities" in output
    assert validate_graph(Graph().parse(out)).conforms


@pytest.mark.skipif(not BUNDLED.exists(), reason="needs the bundled graph")
@pytest.mark.slow
def test_import_into_the_bundled_graph_by_default(tmp_path: Path) -> None:
    out = tmp_path / "merged.ttl"
    result = CliRunner().invoke(cli, ["import", str(PLAN), "-o", str(out), "--data",
                                      str(BUNDLED)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    diff = CliRunner().invoke(cli, ["diff", str(BUNDLED), str(out), "--format", "json"],
                              catch_exceptions=False)
    assert diff.exit_code == 1  # the workbook added a plan
    assert '"test-plan"' in diff.output
