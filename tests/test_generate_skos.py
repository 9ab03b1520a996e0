"""`kgraph generate` output is SKOS-valid the way the bundled graph is (tests/test_skos.py):
a SKOS checker that is not ours (skosify, no inference) sees every generated concept in a
scheme with its top concepts, and kgraph's own completion (run on compiled and imported
graphs) has nothing left to add. Before: skosify saw 0 concepts and 0 top concepts."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from kgraph.generate import write
from kgraph.loader import load
from kgraph.namespaces import KG
from kgraph.skos import complete_schemes

skosify = pytest.importorskip("skosify")
_skosify = importlib.import_module("skosify.skosify")

KINDS = (KG.Outcome, KG.Priority, KG.PriorityArea, KG.Indicator)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    path = tmp_path_factory.mktemp("gen") / "g.ttl"
    write(path, 12_000, seed=7)
    return load([path])


def _copy(graph: Graph) -> Graph:
    g = Graph()
    g += graph
    return g


def test_completion_adds_nothing(generated: Graph) -> None:
    g = _copy(generated)
    complete_schemes(g)
    assert len(g) == len(generated)


def test_skosify_sees_every_concept_with_top_concepts(generated: Graph) -> None:
    ours = {n for kind in KINDS for n in generated.subjects(RDF.type, kind)}
    assert len(ours) > 50
    records: list[logging.LogRecord] = []

    class _Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler, root = _Keep(logging.INFO), logging.getLogger()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        out = skosify.skosify(_copy(generated), infer=False, mark_top_concepts=True,
                              preflabel_policy="shortest", eliminate_redundancy=False,
                              break_cycles=False, keep_related=True)
    finally:
        root.removeHandler(handler)
        root.setLevel(old)
    assert set(out.subjects(RDF.type, SKOS.Concept)) == ours
    for concept in ours:
        schemes = set(generated.objects(concept, SKOS.inScheme))
        assert schemes, concept
        assert all((concept, SKOS.topConceptOf, s) in generated for s in schemes)
        assert all((s, SKOS.hasTopConcept, concept) in generated for s in schemes)
    # skosify found nothing wrong (a warning other than "several schemes" fails) and
    # marked no loose concept as a top concept
    warnings = [r.getMessage() for r in records if r.levelno >= logging.WARNING
                and "Multiple concept schemes" not in r.getMessage()]
    assert warnings == []
    assert [r for r in records if "Marking loose concept" in r.getMessage()] == []


def test_skosify_checks_find_nothing(generated: Graph) -> None:
    check = importlib.import_module("skosify.check")
    g = _copy(generated)
    check.hierarchy_cycles(g, fix=True)
    check.disjoint_relations(g, fix=True)
    check.hierarchical_redundancy(g, fix=True)
    check.preflabel_uniqueness(g, policy="shortest")
    check.label_overlap(g, fix=True)
    _skosify.setup_top_concepts(g, True)
    assert len(g) == len(generated)


def test_labels_are_english(generated: Graph) -> None:
    for prop in (SKOS.prefLabel, SKOS.altLabel):
        untagged = [o for o in generated.objects(None, prop)
                    if not isinstance(o, Literal) or o.language != "en"]
        assert untagged == []


def test_every_derived_link_cites_the_link_it_rests_on(generated: Graph) -> None:
    from rdflib.namespace import PROV

    derived = [s for s in generated.subjects(RDF.type, KG.Assertion)
               if generated.value(s, RDF.predicate) in (SKOS.topConceptOf, SKOS.hasTopConcept)]
    assert derived
    for stmt in derived:
        source = generated.value(stmt, PROV.wasDerivedFrom)
        assert source is not None
        for prop in (KG.sourceDocument, KG.line, KG.quote):
            assert generated.value(stmt, prop) == generated.value(source, prop), (stmt, prop)
        triple = tuple(generated.value(stmt, p) for p in (RDF.subject, RDF.predicate, RDF.object))
        assert triple in generated


def test_ntriples_output_is_as_valid(tmp_path: Path) -> None:
    path = tmp_path / "g.nt"
    write(path, 4000, seed=7)
    g = load([path])
    c = _copy(g)
    complete_schemes(c)
    assert len(c) == len(g)
    assert set(g.subjects(RDF.type, SKOS.Concept))
