"""The synthetic graph: the same seed gives the same bytes, it conforms to the shapes, and
it has the shapes the analyses look for (skewed coverage, gaps, boards, yearly values)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph import queries
from kgraph.backends import MemoryBackend
from kgraph.cli.main import cli
from kgraph.errors import InputError
from kgraph.generate import write


def test_same_seed_same_bytes_other_seed_other_graph(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.ttl", tmp_path / "b.ttl", tmp_path / "c.ttl"
    assert write(a, 8000, seed=3) == write(b, 8000, seed=3)
    write(c, 8000, seed=4)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


@pytest.mark.parametrize("size", [10_000, 50_000])
@pytest.mark.slow
def test_size_is_about_what_was_asked(tmp_path: Path, size: int) -> None:
    path = tmp_path / "g.nt"
    count = write(path, size, seed=1)
    assert 0.75 * size <= count <= 1.25 * size
    assert MemoryBackend([path]).triples() == count  # no duplicates, every line parses


def test_turtle_and_ntriples_hold_the_same_graph(tmp_path: Path) -> None:
    from rdflib.compare import isomorphic

    from kgraph.loader import load

    write(tmp_path / "g.ttl", 3000, seed=2)
    write(tmp_path / "g.nt", 3000, seed=2)
    assert isomorphic(load([tmp_path / "g.ttl"]), load([tmp_path / "g.nt"]))


@pytest.mark.slow
def test_generated_graph_conforms_to_the_shapes(tmp_path: Path) -> None:
    from kgraph.loader import load
    from kgraph.validation import validate_graph

    path = tmp_path / "g.ttl"
    write(path, 3000, seed=5)
    report = validate_graph(load([path]), [str(path)])
    assert report.conforms, report.render()


@pytest.mark.slow
def test_realistic_shapes(tmp_path: Path) -> None:
    from kgraph.analysis.gaps import gaps

    path = tmp_path / "g.ttl"
    write(path, 30_000, seed=9)
    backend = MemoryBackend([path])
    plans = queries.select(backend, "plans")
    assert len(plans) >= 8 and all(int(p["priorities"]) >= 4 for p in plans)
    # skewed coverage: most strategies tick one or two priorities, a few tick most
    ticks: Counter[str] = Counter()
    for plan in plans:
        from rdflib import URIRef

        for row in queries.select(backend, "coverage", plan=URIRef(plan["plan"])):
            if row["strategy"]:
                ticks[f"{plan['plan']} {row['strategy']}"] += 1
    per_strategy = sorted(ticks.values())
    assert per_strategy[len(per_strategy) // 2] <= 2
    assert per_strategy[-1] >= 6
    kinds = set(gaps(backend, min_strategies=3)["kind"])
    assert {"priority-without-indicator", "thin-priority", "strategy-without-owner",
            "indicator-without-priority", "strategy-not-carried-forward"} <= kinds
    governance = queries.select(backend, "governance")
    assert any(r["p"].endswith("accountableTo") for r in governance)
    observations = [r for r in queries.select(backend, "indicators") if r["period"]]
    assert any(r["flag"] for r in observations) and any(r["value"] for r in observations)
    assert queries.select(backend, "aliases") and queries.select(backend, "evolution")


def test_cli_generate(tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(cli, ["generate", "--triples", "5000", "--seed", "7", "-o",
                                      str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert out.is_file() and "triples, seed 7" in result.output
    bad = CliRunner().invoke(cli, ["generate", "--triples", "10", "-o", str(tmp_path / "g.csv")],
                             catch_exceptions=False)
    assert bad.exit_code == InputError.exit_code
