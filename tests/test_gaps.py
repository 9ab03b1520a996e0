"""Gaps tell "not stated in the source" from "not covered" (issue 9 §4), and the
whole-graph path asks the store a fixed number of queries (issue 11 item 1).

What each plan's documents hold is read from the seeds here, not from our output."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import BP, BUNDLED, CYPP, EDM, plain, seed_lines

from kgraph import queries
from kgraph.analysis import gaps as gaps_module
from kgraph.analysis.gaps import KINDS, SEVERITY_ORDER, gaps
from kgraph.analysis.plans import list_plans
from kgraph.backends import MemoryBackend, OxigraphBackend
from kgraph.cli.main import cli


def run(*args: str, data: str = str(BUNDLED)):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, [*args, "--data", data], catch_exceptions=False)


def findings(*args: str, data: str = str(BUNDLED)) -> list[dict[str, Any]]:
    result = run("gaps", *args, "--format", "json", data=data)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def ticks(name: str) -> int:
    return sum(line.count("\u2713") for line in seed_lines(name))


# --------------------------------------------------------------- what the seeds hold


def test_001_has_a_strategy_list_but_no_strategy_to_priority_table() -> None:
    lines = [plain(x) for x in seed_lines(BP)]
    start = lines.index("Supporting Plans and Strategies")
    listed = [x for x in lines[start:start + 30] if x.startswith("- ")]
    assert len(listed) >= 10  # a plain bulleted list of strategy documents ...
    assert ticks(BP) == 0  # ... and no tick matrix anywhere in the document
    got = findings("cype-business-plan-2018-19")
    kinds = {f["kind"] for f in got}
    assert not kinds & {"priority-without-strategy", "thin-priority"}
    stated = [f for f in got if f["kind"] == "not-stated-in-source"
              and f["evidence"].startswith("strategies per priority")]
    assert len(stated) == 1 and stated[0]["severity"] == "info"
    assert "lists" in stated[0]["evidence"]
    # the line it cites is in the list under "Supporting Plans and Strategies"
    line = int(stated[0]["source"].rsplit(":", 1)[1])
    assert start < line <= start + 30


def test_001_kpi_tables_are_empty_so_indicators_are_not_stated() -> None:
    lines = seed_lines(BP)
    heads = {i + 1: plain(x) for i, x in enumerate(lines)
             if plain(x).startswith("Key Performance Indicators concerning")}
    assert len(heads) == 2
    for n in heads:  # each heading is followed by blank lines only, up to the next heading
        body = []
        for x in lines[n:]:
            if plain(x).startswith(("Key Performance Indicators", "APPENDIX")):
                break
            body.append(x)
        assert body and all(not x.strip() for x in body), n
    got = findings("cype-business-plan-2018-19")
    assert not [f for f in got if f["kind"] == "priority-without-indicator"]
    stated = [f for f in got if f["kind"] == "not-stated-in-source"
              and f["evidence"].startswith("key indicators")]
    assert len(stated) == 1 and stated[0]["severity"] == "info"
    for n in heads:
        assert f"{BP}:{n}" in stated[0]["source"]
    assert "lost" in stated[0]["evidence"]  # the quality flag's note


def test_003_names_strategies_only_in_its_text() -> None:
    # 003 (CYPP 2008-11 review): App. A lists actions per priority as bullets; there is no
    # strategy x priority table, so its priorities are not "without strategy"
    assert ticks(CYPP) == 0
    text = [plain(x) for x in seed_lines(CYPP)]
    assert any(x.startswith("Appendix A") for x in text)
    for plan in ("cypp-2008-11", "cypp-2011-14"):
        got = findings(plan)
        assert not {f["kind"] for f in got} & {"priority-without-strategy", "thin-priority"}
        assert any(f["kind"] == "not-stated-in-source"
                   and f["evidence"].startswith("strategies per priority") for f in got), plan


def test_plans_with_no_table_at_all_are_not_stated() -> None:
    # The KSCB plan's priorities (000:505) sit inside one 'What is it?' cell of EDM's
    # matrix, whose columns are EDM's own five priorities; 001's OD Medium-Term Plan is a
    # paragraph (001:736-749). Neither document has a table of strategies or indicators
    # against those priorities.
    header = next(x for x in seed_lines(EDM) if x.startswith("Strategy/Policy/Plan\t"))
    assert [c.split(":")[0] for c in header.split("\t")[2:]] == [
        f"Priority {n}" for n in range(1, 6)]
    assert "Organisation Development Medium-Term Plan 2017-2020" in plain(seed_lines(BP)[735])
    for plan in ("kscb-strategic-plan-and-business-plan-2013-14",
                 "kcc-od-medium-term-plan-2017-2020"):
        got = findings(plan)
        assert {(f["kind"], f["severity"]) for f in got} == {("not-stated-in-source", "info")}
        assert len(got) == 2, got  # one for strategies, one for indicators


def test_a_priority_with_no_indicator_beside_measured_ones_is_high() -> None:
    # 000:576 Priority 5's only App. 3 bullet: "Defined and monitored by the relevant boards"
    n = next(i for i, x in enumerate(seed_lines(EDM), 1)
             if "Defined and monitored by the relevant boards" in plain(x))
    got = findings("every-day-matters")
    (p5,) = [f for f in got if f["kind"] == "priority-without-indicator"]
    assert p5["entity"] == "every-day-matters-priority-5" and p5["severity"] == "high"
    assert f"{EDM}:{n}" in p5["source"]
    assert "Defined and monitored by the relevant boards" in p5["evidence"]


def test_no_high_finding_where_the_source_has_no_table() -> None:
    got = findings()
    high = [f for f in got if f["severity"] == "high"]
    stated_plans = {f["plan"] for f in got if f["kind"] == "not-stated-in-source"
                    and f["evidence"].startswith("strategies per priority")}
    assert not [f for f in high if f["kind"] == "priority-without-strategy"
                and f["plan"] in stated_plans]


def test_every_kind_has_a_severity_and_a_sentence() -> None:
    got = findings()
    assert {f["kind"] for f in got} <= set(KINDS)
    for kind, (severity, sentence) in KINDS.items():
        assert severity in SEVERITY_ORDER, kind
        assert sentence.endswith(".") and len(sentence.split()) >= 8, kind
    assert KINDS["not-stated-in-source"][0] == max(SEVERITY_ORDER, key=SEVERITY_ORDER.get)
    assert all(f["severity"] == KINDS[f["kind"]][0] for f in got)


# ----------------------------------------------------------------- lineage respected


@pytest.mark.slow
def test_strategy_with_a_stated_successor_is_carried_forward(tmp_path: Path) -> None:
    before = [f for f in findings() if f["kind"] == "strategy-not-carried-forward"]
    assert before
    dropped = before[0]
    later = re.search(r"not by the next plan, (.+)$", dropped["evidence"]).group(1)  # type: ignore[union-attr]
    plan = next(p for p in list_plans(MemoryBackend([BUNDLED])) if p.label == later)
    heir = queries.select(MemoryBackend([BUNDLED]), "plan_strategies",
                          plan=__import__("rdflib").URIRef(plan.iri))[0]["strategy"]
    extra = tmp_path / "lineage.ttl"
    extra.write_text(
        "@prefix kg: <https://w3id.org/kgraph/ontology#> .\n"
        f"<https://w3id.org/kgraph/id/{dropped['entity']}> kg:evolvesInto <{heir}> .\n",
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["gaps", "--format", "json", "--data", str(BUNDLED),
                                      "--data", str(extra)], catch_exceptions=False)
    after = {(f["plan"], f["entity"]) for f in json.loads(result.output)
             if f["kind"] == "strategy-not-carried-forward"}
    assert (dropped["plan"], dropped["entity"]) not in after
    assert len(after) == len(before) - 1


# ------------------------------------------------------------------------- batching


def _per_plan(source: Any) -> pd.DataFrame:
    frames = [gaps(source, p.slug) for p in list_plans(source) if p.priorities]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _same(whole: pd.DataFrame, parts: pd.DataFrame) -> None:
    mine = whole[whole["plan"] != ""]
    key = ["plan", "kind", "entity", "evidence"]
    a = mine.sort_values(key).reset_index(drop=True)
    b = parts.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kgraph.generate import write

    path = tmp_path_factory.mktemp("gen") / "generated.ttl"
    write(path, 6000, seed=3)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("which", ["bundled", "generated"])
@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_whole_graph_answers_as_each_plan_does(which: str, kind: str, generated: Path,
                                               tmp_path: Path) -> None:
    data = BUNDLED if which == "bundled" else generated
    if kind == "memory":
        source: Any = MemoryBackend([data])
    else:
        with OxigraphBackend(tmp_path / "store", create=True) as store:
            store.load([data])
        source = OxigraphBackend(tmp_path / "store")
    whole = gaps(source)
    _same(whole, _per_plan(source))
    memory = gaps(MemoryBackend([data]))
    pd.testing.assert_frame_equal(whole, memory)


def test_whole_graph_asks_a_fixed_number_of_queries(generated: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    counts = []
    for data in (BUNDLED, generated):
        source = MemoryBackend([data])
        calls: list[str] = []
        real = queries.select

        def counting(src: Any, name: str, calls: list[str] = calls, real: Any = real,
                     **kw: Any) -> list[dict]:
            calls.append(name)
            return real(src, name, **kw)

        monkeypatch.setattr(gaps_module.queries, "select", counting)
        gaps(source)
        monkeypatch.undo()
        counts.append(len(calls))
    assert len(list_plans(MemoryBackend([generated]))) != len(list_plans(MemoryBackend([BUNDLED])))
    assert counts[0] == counts[1] <= 16, counts
