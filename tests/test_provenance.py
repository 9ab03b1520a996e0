"""Every citation in the bundled graph is true to its seed: the quote occurs at the cited
line (or within two lines of it) of the cited file. Checked mechanically, for all of them."""

from __future__ import annotations

import pytest
from conftest import plain, seed_lines

CITATIONS = """
PREFIX kg: <https://w3id.org/kgraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?c ?doc ?line ?quote WHERE {
  ?c kg:sourceDocument/dcterms:identifier ?doc ; kg:line ?line ; kg:quote ?quote .
}"""

ENTITIES_WITHOUT_CITATION = """
PREFIX kg: <https://w3id.org/kgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?e WHERE {
  ?e skos:prefLabel ?l .
  # the data's own nodes; vocabulary concepts named for readers (kg:DeliveryTier) are not cited
  FILTER NOT EXISTS { ?e a kg:DeliveryTier }
  FILTER NOT EXISTS { ?e kg:mentionedAt/kg:quote ?q }
}"""

ASSERTED = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX kg: <https://w3id.org/kgraph/ontology#>
SELECT ?s ?p ?o WHERE { ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:quote ?q }"""


def test_every_quote_is_at_its_line(graph) -> None:  # type: ignore[no-untyped-def]
    cache: dict[str, list[str]] = {}
    bad = []
    rows = list(graph.query(CITATIONS))
    assert len(rows) > 1000, "expected the real scale: over a thousand citations"
    for row in rows:
        doc, line, quote = str(row.doc), int(row.line), plain(str(row.quote))
        if doc not in cache:
            cache[doc] = [plain(x) for x in seed_lines(doc)]
        lines = cache[doc]
        window = lines[max(line - 3, 0): line + 2]
        if not quote or not any(quote in text for text in window):
            bad.append(f"{doc}:{line} {quote[:70]!r} ({row.c})")
    assert not bad, f"{len(bad)} quotes not found at their lines:\n" + "\n".join(bad[:20])


def test_every_entity_has_a_cited_mention(graph) -> None:  # type: ignore[no-untyped-def]
    assert list(graph.query(ENTITIES_WITHOUT_CITATION)) == []


@pytest.mark.slow
def test_every_link_between_entities_is_stated(graph) -> None:  # type: ignore[no-untyped-def]
    from rdflib import URIRef

    mentioned = URIRef("https://w3id.org/kgraph/ontology#mentionedAt")
    entities = set(graph.subjects(mentioned, None))
    stated = {(r.s, r.p, r.o) for r in graph.query(ASSERTED)}
    links = [(s, p, o) for s, p, o in graph if s in entities and o in entities and p != mentioned]
    assert len(links) > 1000
    missing = [t for t in links if t not in stated]
    assert missing == []


def test_no_blank_nodes(graph) -> None:  # type: ignore[no-untyped-def]
    from rdflib import BNode

    assert not [t for t in graph if any(isinstance(x, BNode) for x in t)]
