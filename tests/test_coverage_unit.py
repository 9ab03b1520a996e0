"""Coverage on a small hand-made graph: duplicate priority headings stay apart."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kgraph.analysis.coverage import coverage

KG = "https://w3id.org/kgraph/ontology#"
ID = "https://w3id.org/kgraph/id/"


def test_two_priorities_with_the_same_label() -> None:
    g = Graph()
    plan, s = URIRef(ID + "plan"), URIRef(ID + "strategy")
    g.add((plan, RDF.type, URIRef(KG + "StrategicPlan")))
    g.add((plan, SKOS.prefLabel, Literal("A plan 2020-2023")))
    g.add((s, RDF.type, URIRef(KG + "Strategy")))
    g.add((s, SKOS.prefLabel, Literal("A strategy")))
    for slug in ("p-a", "p-b"):
        p = URIRef(ID + slug)
        g.add((p, RDF.type, URIRef(KG + "Priority")))
        g.add((p, SKOS.inScheme, plan))
        g.add((p, SKOS.prefLabel, Literal("Same words")))
    g.add((s, URIRef(KG + "contributesTo"), URIRef(ID + "p-a")))
    (cov,) = coverage(g, "plan")
    assert list(cov.priorities["column"]) == ["Same words", "Same words (p-b)"]
    assert len(cov.matrix) == 1  # data rows only; the totals are kept apart
    row = cov.matrix.iloc[0].to_dict()
    assert (row["Same words"], row["Same words (p-b)"], row["total"]) == (1, 0, 1)
    assert cov.totals.to_dict() == {"Same words": 1, "Same words (p-b)": 0, "total": 1}
