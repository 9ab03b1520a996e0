"""Coverage on a small hand-made graph: duplicate priority headings stay apart."""

from __future__ import annotations

import pytest
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


def _same(batch, single) -> None:  # type: ignore[no-untyped-def]
    import json

    def norm(d):  # type: ignore[no-untyped-def]
        return json.dumps(d, sort_keys=True, default=str)

    assert [c.plan.slug for c in batch] == [c.plan.slug for c in single]
    for a, b in zip(batch, single, strict=True):
        assert norm(a.to_dict()) == norm(b.to_dict()), a.plan.slug
        assert a.links.equals(b.links), a.plan.slug


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_batched_coverage_is_the_per_plan_coverage(kind: str, which: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Every plan at once (a fixed number of queries) answers as each plan on its own does,
    on the in-memory store and on a persistent Oxigraph store, bundled and generated data."""
    from conftest import BUNDLED

    from kgraph.analysis.coverage import plan_coverage
    from kgraph.analysis.overlaps import overlaps
    from kgraph.analysis.plans import list_plans
    from kgraph.backends import MemoryBackend, OxigraphBackend
    from kgraph.generate import write

    data = BUNDLED
    if which == "generated":
        data = tmp_path / "g.ttl"
        write(data, 6000, seed=3)
    if kind == "memory":
        backend = MemoryBackend([data])
    else:
        with OxigraphBackend(tmp_path / "store", create=True) as store:
            store.load([data])
        backend = OxigraphBackend(tmp_path / "store")
    plans = [p for p in list_plans(backend) if p.priorities]
    for by in (None, "outcome"):
        single = [c for c in (plan_coverage(backend, p, by) for p in plans) if len(c.matrix)]
        assert single
        _same(coverage(backend, None, by), single)
    # overlaps over every plan are the overlaps of each plan, put together
    every = overlaps(backend)
    parts = [overlaps(backend, p.slug) for p in plans]
    for name in ("identical", "clusters"):
        import pandas as pd

        joined = pd.concat([getattr(o, name) for o in parts], ignore_index=True)
        assert getattr(every, name).to_dict(orient="records") == joined.to_dict(orient="records"), name
