"""What a reader sees of a fact names things in words: no IRIs or compact names for
vocabulary terms (the EIP App. II tier at 002:1369, a description's predicate)."""

from __future__ import annotations

from conftest import POSC, seed_lines

from kgraph.entity import describe


def test_live_it_well_facts_read_in_words(graph) -> None:  # type: ignore[no-untyped-def]
    d = describe(graph, "live-it-well")
    shown = [(f.predicate, f.value) for f in d.facts + d.incoming]
    assert not [p for p, _ in shown if ":" in p], shown
    assert not [v for _, v in shown if v.startswith("https://w3id.org/kgraph/ontology#")], shown
    # 002:1369 is the row group the tier comes from, named as the document names it
    assert "Supporting Partnership Strategies" in seed_lines(POSC)[1368]
    tiers = [v for p, v in shown if p == "delivery tier"]
    assert tiers and all("Supporting Partnership Strategies" in t for t in tiers)
