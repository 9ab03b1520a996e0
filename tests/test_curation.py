"""The curated tables pass their checks, and the bundled Turtle is exactly what they compile
to (so a change to the graph is reviewed as a diff of the tables)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED, FIXTURES, ROOT, SEEDS, plain, seed_lines

from kgraph.cli.main import cli
from kgraph.curation.check import check
from kgraph.curation.compile import compile_sources
from kgraph.curation.sources import read_sources
from kgraph.loader import load

SOURCES = ROOT / "data" / "sources"


def test_tables_pass_their_checks() -> None:
    assert check(read_sources(SOURCES, SEEDS), SEEDS) == []


@pytest.mark.slow
def test_bundled_turtle_is_up_to_date() -> None:
    # no blank nodes (a test holds this), so equal triple sets mean isomorphic graphs
    assert set(compile_sources(SOURCES, SEEDS)) == set(load([BUNDLED]))


def test_document_titles_are_quoted_from_the_seeds() -> None:
    with (SOURCES / "documents.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert plain(row["quote"]) in plain(seed_lines(row["file"])[int(row["line"]) - 1])


def test_all_five_documents_are_curated() -> None:
    folders = {p.name[:3] for p in SOURCES.iterdir() if p.is_dir()}
    assert folders == {"000", "001", "002", "003", "004"}


def test_compile_with_bad_tables_writes_nothing(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    (sources / "000").mkdir(parents=True)
    (sources / "documents.csv").write_text((FIXTURES / "mini_sources" / "documents.csv").read_text())
    (sources / "000" / "entities.csv").write_text(
        "id,type,label,line,quote,flag,note\n"
        "Bad Id,Strategy,X,522,Kent Alcohol Strategy,,\n"
        "ok-id,Spaceship,Y,522,not in the seed,,\n"
    )
    out = tmp_path / "out.ttl"
    out.write_text("previous")
    result = CliRunner().invoke(
        cli, ["compile", "--sources", str(sources), "--seeds", str(SEEDS), "-o", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 5
    assert "entities.csv:2: id 'Bad Id' is not a slug" in result.output
    assert "unknown type 'Spaceship'" in result.output
    assert "quote 'not in the seed' not found" in result.output
    assert out.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
