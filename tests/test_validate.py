"""SHACL: the bundled graph conforms; deliberately broken graphs fail with the expected
messages, naming the node, the rule and the source line, and exit non-zero."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED, FIXTURES, SEEDS
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kgraph.cli.main import cli
from kgraph.curation.compile import compile_sources
from kgraph.validation import validate, validate_graph

KG = "https://w3id.org/kgraph/ontology#"
ID = "https://w3id.org/kgraph/id/"
ALCOHOL = URIRef(ID + "kent-alcohol-strategy")
P2 = URIRef(ID + "every-day-matters-priority-2")
BOARD = URIRef(ID + "kent-action-on-alcohol-steering-group")


@pytest.fixture()
def mini():  # type: ignore[no-untyped-def]
    return compile_sources(FIXTURES / "mini_sources", SEEDS)


@pytest.mark.slow
def test_bundled_graph_conforms() -> None:
    report = validate([BUNDLED])
    assert report.conforms, report.render()


def test_mini_fixture_conforms(mini) -> None:  # type: ignore[no-untyped-def]
    assert validate_graph(mini).conforms


def _break(graph, name: str):  # type: ignore[no-untyped-def]
    if name == "no-label":
        graph.remove((ALCOHOL, SKOS.prefLabel, None))
    elif name == "unstated-link":
        graph.add((ALCOHOL, URIRef(KG + "contributesTo"), URIRef(ID + "every-day-matters")))
    elif name == "tick-to-a-board":
        for stmt in graph.subjects(RDF.object, P2):
            graph.set((stmt, RDF.object, BOARD))
        graph.remove((ALCOHOL, URIRef(KG + "contributesTo"), P2))
        graph.add((ALCOHOL, URIRef(KG + "contributesTo"), BOARD))
    elif name == "flag-without-note":
        for stmt in graph.subjects(URIRef(KG + "qualityFlag"), None):
            graph.remove((stmt, RDFS.comment, None))
    elif name == "blank-node-entity":
        b = BNode()
        graph.add((b, RDF.type, URIRef(KG + "Strategy")))
        graph.add((b, SKOS.prefLabel, Literal("Anonymous strategy")))
    elif name == "no-line":
        for stmt in graph.subjects(RDF.subject, ALCOHOL):
            graph.remove((stmt, URIRef(KG + "line"), None))
    return graph


@pytest.mark.parametrize(
    ("breakage", "node", "message"),
    [
        ("no-label", "kent-alcohol-strategy", "exactly one non-empty skos:prefLabel"),
        ("unstated-link", "kent-alcohol-strategy", "needs a kg:Assertion stating it"),
        ("tick-to-a-board", "kent-alcohol-strategy", "must point at a priority"),
        ("flag-without-note", "stmt/kent-alcohol-strategy/overseenBy", "needs an rdfs:comment"),
        ("blank-node-entity", "", "readable slug IRI"),
        ("no-line", "stmt/kent-alcohol-strategy", "exactly one kg:line"),
    ],
)
def test_broken_graph_fails_readably(mini, tmp_path: Path, breakage, node, message) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{breakage}.ttl"
    _break(mini, breakage).serialize(path, format="turtle")
    result = CliRunner().invoke(cli, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if message in ln]
    assert lines, result.output
    assert any(node in ln for ln in lines), result.output
    if breakage in ("no-label", "unstated-link", "tick-to-a-board"):
        # the report says where the broken node is stated in the seeds
        assert any("000_4e8c06e772435c57.txt:522" in ln for ln in lines), result.output


def test_malformed_turtle_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\n\nex:d ex:e "open .\n')
    result = CliRunner().invoke(cli, ["validate", str(bad)], catch_exceptions=False)
    assert result.exit_code == 3
    assert f"{bad}:4:" in result.output
    assert "Traceback" not in result.output


def test_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 3
    assert "no such file" in result.output
