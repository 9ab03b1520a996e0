"""Routine questions answered by a command, each answer checked against the seed text:
two plans compared, strategies named in several documents, commissioning activities ranked
by stated value, an indicator by its code in any spelling, and `show` of an indicator's
values (a flagged one with its note and quote) and of an entity's identity notes."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from conftest import BP, BUNDLED, CYPP, EDM, POSC, SEEDS, plain, seed_lines
from test_every_day_matters import read_matrix

from kgraph.cli.main import cli

EDM_TITLE = "Every Day Matters: Kent County Council's Children and Young People's Strategic Plan 2013-2016"


def run(*args: str, code: int = 0):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, [*args, "--data", str(BUNDLED)], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def as_json(*args: str):  # type: ignore[no-untyped-def]
    return json.loads(run(*args, "--format", "json"))


# compare --------------------------------------------------------------------------------

def eip_app2_text() -> str:
    """The draft EIP strategy's App. II table in 002 (the test's own reading)."""
    lines = seed_lines(POSC)
    start = next(i for i, ln in enumerate(lines)
                 if plain(ln).startswith("Appendix II - Plans and Strategies"))
    table = [ln for ln in lines[start - 30:start] if "\t" in ln]  # the table printed above its title
    assert table
    return plain(" ".join(table))


def test_compare_two_plans() -> None:
    rows = as_json("compare", "every day matters", "eip-strategy")
    where = {r["slug"]: r["in"] for r in rows}
    assert set(where.values()) <= {"both", f"only {EDM_TITLE}",
                                  "only Kent Early Intervention and Prevention Strategy 2011-2014"}
    # every App. 2 row of Every Day Matters is in the answer, on Every Day Matters' side
    edm_side = {r["strategy"] for r in rows if r["in"] in ("both", f"only {EDM_TITLE}")}
    assert len(edm_side) >= len(read_matrix())
    # 000:522 and the EIP App. II table both name the Kent Alcohol Strategy
    assert "Kent Alcohol Strategy" in plain(seed_lines(EDM)[521])
    assert "Kent Alcohol Strategy" in eip_app2_text()
    assert where["kent-alcohol-strategy"] == "both"
    # Bold Steps for Education is in App. 2 (000) but nowhere in the committee pack
    assert not any("Bold Steps for Education" in plain(ln) for ln in seed_lines(POSC))
    assert where["bold-steps-for-education"] == f"only {EDM_TITLE}"
    # shared first, then one side, then the other
    order = [r["in"] for r in rows]
    assert order == sorted(order, key=lambda x: (x != "both", x != f"only {EDM_TITLE}"))


def test_compare_the_same_plan_twice_is_a_usage_error() -> None:
    out = run("compare", "every-day-matters", "every day matters", code=2)
    assert "same plan" in out


# named ------------------------------------------------------------------------------------

def test_named_in_at_least_n_documents() -> None:
    rows = as_json("named", "--min-documents", "2")
    assert rows and all(r["documents"] >= 2 for r in rows)
    assert [r["documents"] for r in rows] == sorted((r["documents"] for r in rows), reverse=True)
    alcohol = next(r for r in rows if r["slug"] == "kent-alcohol-strategy")
    files = {p.name for p in SEEDS.glob("0*.txt")
             if any("Kent Alcohol Strategy" in plain(ln)
                    for ln in p.read_text(encoding="utf-8").splitlines())}
    assert len(files) >= 2
    assert alcohol["documents"] >= len(files)
    for name in files:
        assert name in alcohol["named_in"]
    three = as_json("named", "--min-documents", "3")
    assert {r["slug"] for r in three} < {r["slug"] for r in rows}
    assert all(r["documents"] >= 3 for r in three)


# commissioning ------------------------------------------------------------------------------

def app1_rows() -> dict[int, list[str]]:
    """001 App. 1 rows (line → cells), the test's own reading of the seed."""
    lines = seed_lines(BP)
    start = next(i for i, ln in enumerate(lines) if ln.startswith("APPENDIX 1 - Children"))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("APPENDIX 2"))
    out = {}
    for i in range(start, end):
        cells = lines[i].split("\t")
        if len(cells) == 6 and cells[0] not in ("Name", "Name of commissioning activity"):
            out[i + 1] = cells
    return out


def pounds(text: str) -> float | None:
    """One amount as printed ('£3.8m pa', '£95k pa', '£376,275 pa', '£165k'); None if not one."""
    amounts = re.findall(r"£([\d.,]+)([mk]?)", text)
    if len(amounts) != 1:
        return None
    number, unit = amounts[0]
    return float(number.replace(",", "")) * {"m": 1e6, "k": 1e3, "": 1}[unit]


def test_commissioning_ranked_by_stated_value() -> None:
    seed = app1_rows()
    assert len(seed) == 15
    rows = as_json("commissioning")
    by_line = {int(r["source"].rsplit(":", 1)[1]): r for r in rows if r["source"].startswith(BP)}
    assert set(by_line) == set(seed)
    for line, cells in seed.items():
        r = by_line[line]
        assert r["value"] == cells[3].strip(), line  # the value as printed
        assert r["lead_service"] == cells[2].strip(), line
        assert r["period"] == "2018-19"
        expected = pounds(cells[3])
        if expected is None:
            assert r["value_gbp"] is None and r["rank"] is None, line
        else:
            assert r["value_gbp"] == pytest.approx(expected), line
    ranked = [r for r in rows if r["rank"] is not None]
    assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
    assert [r["value_gbp"] for r in ranked] == sorted((r["value_gbp"] for r in ranked), reverse=True)
    top = max((ln for ln in seed if pounds(seed[ln][3]) is not None), key=lambda ln: pounds(seed[ln][3]))
    assert by_line[top]["rank"] == 1  # 001:890, £31m pa


# indicators by code, show of an indicator ------------------------------------------------------

def ni117_line() -> tuple[int, list[str]]:
    lines = seed_lines(CYPP)
    i = next(i for i, ln in enumerate(lines) if ln.startswith("NI117 - "))
    return i + 1, lines[i].split("\t")


@pytest.mark.parametrize("spelling", ["NI117", "NI 117", "ni117", "ni-117"])
def test_indicator_by_code_in_any_spelling(spelling: str) -> None:
    rows = as_json("indicators", spelling)
    assert rows and {r["code"] for r in rows} == {"NI117"}
    line, cells = ni117_line()
    kent = [c.strip() for c in cells[1:5]]  # Kent 2006/07 .. 2009/10 as printed
    values = " ".join(r["values"] for r in rows)
    for period, value in zip(["2006/07", "2007/08", "2008/09", "2009/10"], kent, strict=False):
        assert f"{period}={value}" in values


def test_show_indicator_prints_its_values() -> None:
    line, cells = ni117_line()
    data = as_json("show", "ni117")
    got = {(v["area"], v["period"], v["measure"]): v["valueText"] for v in data["values"]}
    for period, value in zip(["2006/07", "2007/08", "2008/09", "2009/10"], cells[1:5], strict=False):
        assert got[("kent", period, "actual")] == value.strip()
    assert all(v["line"] == line for v in data["values"] if v["doc"] == CYPP)
    text = run("show", "ni117")  # the reader's view: the document numbered, by title
    assert "Values:" in text and "Kent 2006/07: " in text
    number = next(ln.split("]")[0].strip(" [") for ln in text.splitlines()
                  if ln.startswith("  [") and "Second Annual Review 2009-2010" in ln)
    assert f"[{number}] line {line}" in text and CYPP not in text


def test_show_flagged_value_prints_note_and_quote() -> None:
    data = as_json("show", "ct-2")
    flagged = [v for v in data["values"] if v["flag"]]
    assert flagged
    lines = seed_lines(CYPP)
    for v in flagged:
        assert plain(v["quote"]) in plain(lines[v["line"] - 1])  # the quote is the seed's line
    text = run("show", "ct-2")
    assert "note: " in text and "quote: " in text
    assert flagged[0]["note"] in text and flagged[0]["quote"] in text


def test_show_prints_identity_notes_first(graph) -> None:  # type: ignore[no-untyped-def]
    from rdflib import URIRef

    note = URIRef("https://w3id.org/kgraph/ontology#identityNote")
    subjects = sorted({s for s in graph.subjects(note, None)})
    if not subjects:
        pytest.fail("no kg:identityNote in the bundled graph")
    slug = str(subjects[0]).rsplit("/", 1)[-1]
    data = as_json("show", slug)
    assert data["identity"] and data["identity"][0]["value"] == str(graph.value(subjects[0], note))
    for c in data["identity"][0]["citations"]:
        lines = (SEEDS / c["doc"]).read_text(encoding="utf-8").splitlines()
        near = plain(" ".join(lines[max(0, c["line"] - 3):c["line"] + 2]))
        assert plain(c["quote"]) in near
    text = run("show", slug)
    assert text.index("Identity") < text.index("Named in")
    assert "identity note" not in text.split("Named in")[1]  # not repeated among the facts
