"""The shipped shapes give the same verdict on a second SHACL engine (rudof, a Rust
SHACL Core + SPARQL engine that is not pySHACL and not ours): on the bundled graph and on
each deliberately broken variant of tests/test_validate.py, both engines agree whether
the graph conforms and which named nodes fail; every SPARQL constraint reports its own
message."""

from __future__ import annotations

import pytest
from conftest import BUNDLED, FIXTURES, ROOT, SEEDS
from rdflib import Graph, URIRef
from test_validate import _break

from kgraph.curation.compile import compile_sources
from kgraph.validation import validate_graph

pyrudof = pytest.importorskip("pyrudof")
ID = "https://w3id.org/kgraph/id/"
BREAKAGES = ["no-label", "unstated-link", "tick-to-a-board", "flag-without-note",
             "blank-node-entity", "no-line", "self-accountable", "assertion-without-triple"]


def _rudof(data: Graph, sparql: bool = True) -> tuple[bool, set[str], list[str]]:
    mixed = Graph()
    mixed += data
    mixed.parse(ROOT / "ontology" / "kgraph.ttl")
    mixed.parse(ROOT / "ontology" / "quality-flags.ttl")
    mixed.parse(ROOT / "ontology" / "delivery-tiers.ttl")
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(mixed.serialize(format="nt"), format=pyrudof.RDFFormat.NTriples)
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    if not sparql:
        shapes.remove((None, URIRef("http://www.w3.org/ns/shacl#sparql"), None))
    rudof.read_shacl(shapes.serialize(format="turtle"))
    report = rudof.validate_shacl()
    violations = list(report.violations)
    nodes = {str(v.focus_node).removeprefix(ID) for v in violations
             if str(v.focus_node).startswith("http")}
    return bool(report.conforms), nodes, [str(v.message) for v in violations]


def _ours(data: Graph) -> tuple[bool, set[str]]:
    report = validate_graph(data)
    named = {v.node for v in report.violations  # blank nodes have no name to compare
             if (URIRef(ID + v.node), None, None) in data or v.node.startswith("http")}
    return report.conforms, named


def _extra_break(graph: Graph, name: str) -> Graph:
    kg = "https://w3id.org/kgraph/ontology#"
    if name == "self-accountable":
        board = URIRef(ID + "kent-action-on-alcohol-steering-group")
        graph.add((board, URIRef(kg + "accountableTo"), board))
    elif name == "assertion-without-triple":
        alcohol = URIRef(ID + "kent-alcohol-strategy")
        for o in list(graph.objects(alcohol, URIRef(kg + "contributesTo"))):
            graph.remove((alcohol, URIRef(kg + "contributesTo"), o))
    else:
        return _break(graph, name)
    return graph


@pytest.fixture()
def mini() -> Graph:
    return compile_sources(FIXTURES / "mini_sources", SEEDS)


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_rudof_agrees_on_broken_graphs(mini: Graph, breakage: str) -> None:
    broken = _extra_break(mini, breakage)
    ours, our_nodes = _ours(broken)
    # rudof pre-binds $this with VALUES, which cannot hold a blank node: for the blank-node
    # entity it checks the core constraints only (the SPARQL ones pass it anyway)
    theirs, their_nodes, messages = _rudof(broken, sparql=breakage != "blank-node-entity")
    assert ours is False and theirs is False, (breakage, messages)
    assert our_nodes == their_nodes, breakage


def test_rudof_reports_each_sparql_constraint_with_its_own_message(mini: Graph) -> None:
    _, _, messages = _rudof(_extra_break(mini, "unstated-link"))
    assert any("needs a kg:Assertion stating it" in m for m in messages), messages
    _, _, messages = _rudof(_extra_break(mini, "self-accountable"))
    assert any("cannot be accountable to itself" in m for m in messages), messages
    _, _, messages = _rudof(_extra_break(mini, "assertion-without-triple"))
    assert any("must state a triple that is in the graph" in m for m in messages), messages


def test_rudof_agrees_the_mini_graph_conforms(mini: Graph) -> None:
    assert validate_graph(mini).conforms
    assert _rudof(mini)[0] is True


def test_no_constraint_is_deactivated() -> None:
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    deactivated = URIRef("http://www.w3.org/ns/shacl#deactivated")
    assert list(shapes.subject_objects(deactivated)) == []


@pytest.mark.slow
def test_rudof_agrees_the_bundled_graph_conforms() -> None:
    data = Graph().parse(BUNDLED)
    conforms, _nodes, messages = _rudof(data)
    assert conforms, messages[:5]
