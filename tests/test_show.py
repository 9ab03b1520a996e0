"""kgraph show: every document that names an entity, with quotes and line numbers;
unknown and ambiguous names list candidates and exit non-zero."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import BUNDLED, SEEDS, plain

from kgraph.cli.main import cli


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, [*args, "--data", str(BUNDLED)], catch_exceptions=False)


def test_kent_alcohol_strategy_in_every_document_that_names_it() -> None:
    result = run("show", "Kent Alcohol Strategy", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    cited = {(m["doc"], m["line"]) for m in data["mentions"]}
    # every seed line that names it (read from the seeds, not from the graph)
    named = {(p.name, i) for p in sorted(SEEDS.glob("0*.txt"))
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
             if "Kent Alcohol Strategy" in plain(line)}
    assert len({d for d, _ in named}) >= 2
    assert named <= cited
    for m in data["mentions"]:
        assert m["quote"]
    # its ticks in Every Day Matters, with their source quotes
    ticks = [f for f in data["facts"] if f["predicate"] == "contributes to"
             and f["target"] and f["target"].startswith("every-day-matters-priority-")]
    assert sorted(f["target"] for f in ticks) == ["every-day-matters-priority-2",
                                                  "every-day-matters-priority-4"]
    assert all(c["line"] == 522 for f in ticks for c in f["citations"])


def test_show_table_output_has_quotes_and_lines() -> None:
    result = run("show", "kent-alcohol-strategy")
    assert result.exit_code == 0
    assert "000_4e8c06e772435c57.txt:522" in result.output
    assert "002_c29f79f91196a13d.txt:1366" in result.output


def test_unknown_entity_lists_near_misses() -> None:
    result = run("show", "Kent Alcohol Strategie")
    assert result.exit_code == 4
    assert "no entity matches" in result.output
    assert "kent-alcohol-strategy" in result.output


def test_ambiguous_fragment_lists_candidates() -> None:
    result = run("show", "alcohol")
    assert result.exit_code == 4
    assert "say which" in result.output
    assert "kent-alcohol-strategy" in result.output


def test_injection_text_is_just_text() -> None:
    result = run("show", '"} UNION { ?s ?p ?o } #')
    assert result.exit_code == 4
    assert "no entity matches" in result.output


def test_a_misspelt_name_lists_near_misses_once_each_and_flags_read_in_words() -> None:
    # "Hidden Harm" as the seeds spell it (000:523), misspelt; and the board's short name
    hh = next(line for line in (SEEDS / "000_4e8c06e772435c57.txt").read_text(
        encoding="utf-8").splitlines() if "Kent Hidden Harm Strategy" in line)
    assert "Kent Hidden Harm Strategy" in plain(hh)
    result = run("show", "Kent Hiden Harm Strategy")
    assert result.exit_code == 4
    listed = [ln.split()[0] for ln in result.output.splitlines()[1:] if ln.startswith("  ")]
    assert listed[0] == "kent-hidden-harm-strategy"
    assert len(listed) == len(set(listed))  # each entity once, however many names are close
    result = run("trace", "kscbx")
    assert result.exit_code == 4 and "  kscb  Kent Safeguarding Children Board" in result.output
    # a doubtful mention's flag is a word, not its IRI (000:523 'Kent Safeguarding Board')
    shown = run("show", "kscb").output
    assert "[ambiguous: " in shown and "ontology#" not in shown
