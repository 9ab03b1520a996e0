"""kgraph diff on two hand-made graphs with known differences (fixtures/exchange/old.ttl →
new.ttl): every change is found, in its section, and the exit code gates a review."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import FIXTURES

from kgraph.cli.main import cli
from kgraph.exchange.diff import diff_files

OLD = FIXTURES / "exchange" / "old.ttl"
NEW = FIXTURES / "exchange" / "new.ttl"


def rows(section: str) -> list[dict]:
    return diff_files(OLD, NEW).sections[section].to_dict(orient="records")


def test_entities_added_removed_renamed() -> None:
    assert rows("entities") == [
        {"change": "removed", "id": "gone", "type": "Strategy", "label": "Dropped strategy",
         "before": ""},
        {"change": "renamed", "id": "s1", "type": "Strategy", "label": "Strategy one (revised)",
         "before": "Strategy one"},
        {"change": "added", "id": "s3", "type": "Strategy", "label": "New strategy", "before": ""},
    ]
    assert rows("names") == [
        {"change": "added", "id": "board-a", "label": "Board A", "name": "The A Board"},
        {"change": "removed", "id": "board-a", "label": "Board A", "name": "BA"},
    ]


def test_coverage_ticks_gained_and_lost_per_priority() -> None:
    assert [(r["change"], r["priority"], r["strategy"]) for r in rows("coverage ticks")] == [
        ("gained", "p2", "s3"), ("lost", "p2", "gone"), ("lost", "p2", "s1")]
    assert rows("coverage by priority") == [
        {"plan": "plan", "priority": "p2", "priority_label": "Priority two", "before": 2,
         "after": 1, "gained": 1, "lost": 2}]


def test_accountability_indicators_facts_values() -> None:
    assert [(r["change"], r["subject"], r["relation"], r["object"])
            for r in rows("accountability")] == [("removed", "board-a", "accountableTo", "board-b")]
    assert [(r["change"], r["indicator"], r["measures"]) for r in rows("indicators")] == [
        ("added", "ind", "p2")]
    assert rows("facts") == [{"change": "changed", "id": "s1", "label": "Strategy one (revised)",
                              "property": "period", "before": "2020-2023", "after": "2020-2025"}]
    assert [(r["change"], r["before"], r["after"]) for r in rows("observations")] == [
        ("changed", "10", "12")]
    assert rows("links") == []


def test_exit_codes_and_formats() -> None:
    runner = CliRunner()
    same = runner.invoke(cli, ["diff", str(OLD), str(OLD)], catch_exceptions=False)
    assert same.exit_code == 0 and "no semantic differences" in same.output
    changed = runner.invoke(cli, ["diff", str(OLD), str(NEW), "--format", "json"],
                            catch_exceptions=False)
    assert changed.exit_code == 1
    data = json.loads(changed.output)
    assert set(data) == {"entities", "names", "coverage by priority", "coverage ticks",
                         "accountability", "indicators", "facts", "observations"}
    markdown = runner.invoke(cli, ["diff", str(OLD), str(NEW), "--format", "markdown"],
                             catch_exceptions=False)
    assert markdown.exit_code == 1 and "## coverage ticks" in markdown.output
    table = runner.invoke(cli, ["diff", str(OLD), str(NEW)], catch_exceptions=False)
    assert table.output.startswith(f"{OLD} → {NEW}: entities: 1 removed, 1 renamed, 1 added")


def test_missing_file_is_bad_input() -> None:
    """README: a missing file is bad input (3), said by the library, not click's usage (2)."""
    result = CliRunner().invoke(cli, ["diff", str(OLD), "nope.ttl"])
    assert result.exit_code == 3 and "nope.ttl: no such file" in result.output
