"""The ontology is complete: every kgraph term has a label and a comment, and every kg:
term the data and the shapes use is declared."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

ROOT = Path(__file__).resolve().parent.parent
KG = "https://w3id.org/kgraph/ontology#"


def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "kgraph.ttl")


def test_every_term_has_label_and_comment() -> None:
    g = ontology()
    terms = {s for s in g.subjects(RDF.type, None) if str(s).startswith(KG)}
    assert len(terms) > 50
    missing = [str(t) for t in terms
               if g.value(t, RDFS.label) is None or g.value(t, RDFS.comment) is None]
    assert missing == []


def test_every_used_kg_term_is_declared(graph) -> None:  # type: ignore[no-untyped-def]
    g = ontology()
    g.parse(ROOT / "ontology" / "quality-flags.ttl")  # the flags' own scheme file
    g.parse(ROOT / "ontology" / "delivery-tiers.ttl")  # the tiers' own scheme file
    declared = {s for s in g.subjects(RDF.type, None) if str(s).startswith(KG)}
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    used = set()
    for source in (graph, shapes):
        for s, p, o in source:
            for term in (p, o) if source is graph else (s, p, o):
                if isinstance(term, URIRef) and str(term).startswith(KG):
                    used.add(term)
    assert sorted(str(t) for t in used - declared) == []


def test_reuses_standard_vocabularies() -> None:
    g = ontology()
    supers = {str(o) for o in g.objects(None, RDFS.subClassOf)} | {
        str(o) for o in g.objects(None, RDFS.subPropertyOf)}
    for ns in ("http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/org#",
               "http://www.w3.org/ns/prov#", "http://purl.org/dc/terms/"):
        assert any(s.startswith(ns) for s in supers), ns
    assert (URIRef(KG + "Priority"), RDF.type, OWL.Class) in g
