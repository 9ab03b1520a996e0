"""Answers of the analysis commands, checked against the seed text (not against our own
output): Every Day Matters' matrix totals, the priority without key indicators, the
strategies that tick two priorities, an accountability chain the documents describe."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from conftest import BP, BUNDLED, CYPP, EDM, plain, seed_lines
from test_every_day_matters import read_indicators, read_matrix

from kgraph.cli.main import cli


def run(*args: str, data: str = str(BUNDLED)):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, [*args, "--data", data], catch_exceptions=False)


def edm_cov() -> dict:
    result = run("coverage", "every day matters", "--format", "json")
    assert result.exit_code == 0, result.output
    (plan,) = json.loads(result.output).values()
    return plan


def edm_json() -> list[dict]:
    return edm_cov()["rows"]


def column(n: int) -> str:
    """The heading of Every Day Matters' priority n (its notation 'Priority n')."""
    return next(p["heading"] for p in edm_cov()["priorities"] if p["notation"] == f"Priority {n}")


def test_coverage_column_totals_recounted_from_the_seed() -> None:
    cov = edm_cov()
    seed = read_matrix()
    for n in range(1, 6):
        assert cov["totals"][column(n)] == sum(n in r["ticks"] for r in seed), n
    assert len(cov["rows"]) == len(seed)  # data rows only: the totals are kept apart
    assert cov["totals"]["total"] == sum(len(r["ticks"]) for r in seed)


def test_strategies_ticking_two_priorities() -> None:
    two = {r["label"] for r in read_matrix() if len(r["ticks"]) == 2}
    assert "Kent Alcohol Strategy" in two
    by_label = {plain(r["strategy"]): r for r in edm_json()}
    slugs = {r["slug"]: r for r in edm_json()}
    assert slugs["kent-alcohol-strategy"]["total"] == 2
    assert slugs["kent-alcohol-strategy"][column(2)] == 1
    assert slugs["kent-alcohol-strategy"][column(4)] == 1
    assert sum(1 for r in by_label.values() if r["total"] == 2) == len(two)


def test_priority_without_key_indicators() -> None:
    seed = read_indicators()
    # the test's reading: priorities whose only bullet is not an indicator
    expected = {n for n, bullets in seed.items()
                if [t for _, t in bullets] == ["Defined and monitored by the relevant boards"]}
    assert expected == {5}
    result = run("gaps", "every-day-matters", "--format", "json")
    assert result.exit_code == 0
    findings = json.loads(result.output)
    unmeasured = {f["entity"] for f in findings if f["kind"] == "priority-without-indicator"}
    assert unmeasured == {"every-day-matters-priority-5"}


def test_thinnest_priority_matches_seed() -> None:
    seed = read_matrix()
    counts = {n: sum(n in r["ticks"] for r in seed) for n in range(1, 6)}
    thinnest = min(counts, key=counts.get)
    total = edm_cov()["totals"]
    got = min(range(1, 6), key=lambda n: total[column(n)])
    assert got == thinnest


def test_cypp_priorities_and_their_transition() -> None:
    # 003 names eight CYPP 2008-11 priorities; the crosswalk starts from every one of them
    lines = [plain(ln) for ln in seed_lines(CYPP)]
    numbered = {int(ln.split(":")[0].split()[-1]) for ln in lines
                if ln.startswith("Priority ") and ":" in ln[:12] and ln.split(":")[0].split()[-1].isdigit()}
    assert set(range(1, 9)) <= numbered
    result = run("crosswalk", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    starts = {r["from"] for r in rows if r["from_plan"] == "cypp-2008-11"}
    assert {f"cypp-2008-11-priority-{n}" for n in range(1, 9)} <= starts


def test_trace_hidden_harm_strategy_reaches_the_safeguarding_board() -> None:
    # 000:523 "developed and driven through a multi agency Hidden Harm Working Group which
    # feeds into the Kent Safeguarding Board. The delivery plan is overseen by KDAAT."
    line = plain(seed_lines(EDM)[522])
    assert "Hidden Harm Working Group which feeds into the Kent Safeguarding Board" in line
    result = run("trace", "kent-hidden-harm-strategy", "--format", "json")
    assert result.exit_code == 0, result.output
    edges = json.loads(result.output)["up"]
    reached = {e["to"] for e in edges}
    assert {"hidden-harm-working-group", "kscb"} <= reached
    # and down from the board: the group that feeds into it and the strategy it drove
    down = run("trace", "kscb", "--format", "json")
    below = {e["from"] for e in json.loads(down.output)["down"]}
    assert {"hidden-harm-working-group", "kent-hidden-harm-strategy"} <= below


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
@pytest.mark.parametrize(
    "command",
    [["coverage"], ["coverage", "every day matters", "--by", "outcome"], ["gaps"],
     ["gaps", "every-day-matters", "--min", "5"], ["overlaps"],
     ["overlaps", "every day", "--threshold", "0.5"],
     ["crosswalk"], ["indicators"], ["indicators", "cypp-2008-11"], ["trace", "kscb"], ["stats"],
     ["show", "kscb"]],
)
def test_every_command_and_format(command: list[str], fmt: str) -> None:
    result = run(*command, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.output.strip()
    if fmt == "json":
        json.loads(result.output)


def test_trace_tree_format() -> None:
    result = run("trace", "kent-hidden-harm-strategy", "--format", "tree")
    assert result.exit_code == 0
    assert "└─" in result.output


def test_unknown_and_ambiguous_plan() -> None:
    unknown = run("coverage", "no such plan")
    assert unknown.exit_code == 4
    assert "every-day-matters" in unknown.output  # the candidates are listed
    ambiguous = run("coverage", "20")
    assert ambiguous.exit_code == 4
    assert "say which" in ambiguous.output


def test_unknown_trace_entity() -> None:
    result = run("trace", "Ministry of Silly Walks")
    assert result.exit_code == 4


def test_query_file_and_bad_sparql(tmp_path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "q.rq"
    good.write_text("SELECT (COUNT(?s) AS ?n) WHERE { ?s a kg:Priority }")
    result = run("query", str(good), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)[0]["n"] >= 5 + 8
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s WHERE {\n  ?s a kg:Priority\n  FILTER ( }\n")
    result = run("query", str(bad))
    assert result.exit_code == 6
    assert f"{bad}:3:" in result.output


@pytest.mark.slow
def test_report_writes_markdown_and_html(tmp_path) -> None:  # type: ignore[no-untyped-def]
    md, page = tmp_path / "r.md", tmp_path / "r.html"
    assert run("report", "every day matters", "-o", str(md)).exit_code == 0
    text = md.read_text()
    assert "## Coverage" in text and "## Gaps" in text and "000_4e8c06e772435c57.txt" in text
    assert run("report", "-o", str(page)).exit_code == 0
    assert page.read_text().startswith("<!doctype html>")


@pytest.mark.parametrize("text", ['"} UNION { ?s ?p ?o } #', "x' . ?s ?p ?o #", "SELECT * WHERE {"])
def test_injection_in_arguments_is_text(text: str) -> None:
    for command in (["coverage", text], ["trace", text], ["show", text], ["indicators", text]):
        result = run(*command)
        assert result.exit_code == 4, (command, result.output)


@pytest.mark.slow
def test_injection_in_labels_is_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from rdflib import Literal, URIRef
    from rdflib.namespace import SKOS

    from kgraph.loader import load

    g = load([BUNDLED])
    evil = 'Evil "} SELECT * WHERE { ?s ?p ?o } # strategy'
    g.set((URIRef("https://w3id.org/kgraph/id/kent-alcohol-strategy"), SKOS.prefLabel, Literal(evil)))
    path = tmp_path / "evil.ttl"
    g.serialize(path, format="turtle")
    result = run("show", evil, "--format", "json", data=str(path))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["entity"]["slug"] == "kent-alcohol-strategy"
    cov = run("coverage", "every-day-matters", "--format", "json", data=str(path))
    assert cov.exit_code == 0
    (plan,) = json.loads(cov.output).values()
    assert any(r["preferred_name"] == evil and r["total"] == 2 for r in plan["rows"])


def test_crosswalk_reads_the_transition_table_row_by_row() -> None:
    # 003:618-624: each row of the transition table names an 'Area for Improvement or
    # Development' of the 2009-10 review and, in bold, the emerging area of need it becomes
    lines = seed_lines(CYPP)
    header = next(i for i, ln in enumerate(lines, 1)
                  if ln.startswith("Areas for Improvement or Development Identified"))
    rows = {}
    for n in range(header + 1, header + 8):
        bold = re.search(r"<b>(.*?)</b>", lines[n - 1])
        assert bold, n
        rows[n] = plain(bold.group(1))
    assert len(set(rows.values())) == 7  # "The 7 Emerging Areas of Need"
    result = run("crosswalk", "--format", "json")
    assert result.exit_code == 0
    found = json.loads(result.output)
    for n, area in rows.items():
        stated = [r for r in found if r["source"].startswith(f"{CYPP}:{n} ")]
        assert stated, n
        assert {plain(r["to_label"]) for r in stated} == {area}, n
        assert all(r["to_plan"] == "cypp-2011-14" for r in stated)
    levels = {r["level"] for r in found if r["source"].startswith(f"{CYPP}:{header + 1} ")}
    assert "priority" in levels and len(levels) == 2  # the plan's priority and the table's row


def test_crosswalk_carries_bodies_and_plans_as_stated() -> None:
    # 001:502 "the work of the KSCB and its forthcoming replacement body"
    assert "the work of the KSCB and its forthcoming replacement body" in plain(
        seed_lines(BP)[501])
    found = json.loads(run("crosswalk", "--format", "json").output)
    kscb = [r for r in found if r["from"] == "kscb"]
    assert [(r["to"], r["status"]) for r in kscb] == [("kent-safeguarding-partnership", "carried")]
    assert kscb[0]["source"].startswith(f"{BP}:502 ")
    assert kscb[0]["level"] != "priority"
