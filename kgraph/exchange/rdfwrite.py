"""Turtle and N-Triples text of a graph, in sorted order, written by Oxigraph.

rdflib's Turtle writer grows with the square of the graph's distinct IRI namespaces (its
prefix trie): 197 s of a 2,000-row import, and no end in sight at 10^6 triples. Here the
graph goes out as N-Triples (linear: no prefixes to find), Oxigraph parses that and
writes the sorted triples with kgraph's prefixes. The triples are the same (Oxigraph's
parser keeps every literal's datatype and lexical form); only the layout differs.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph


def _order(triple: object) -> tuple[str, str, str]:
    t = triple  # an Oxigraph Triple (or Quad): subject, predicate, object
    return (str(t.subject), str(t.predicate), str(t.object))  # type: ignore[attr-defined]  # a Triple


def sorted_triples(graph: Graph) -> list[Any]:
    """``graph``'s triples as Oxigraph triples, in one stable order (subject, predicate,
    object), so two writes of the same graph are the same bytes."""
    import pyoxigraph as ox

    lines = graph.serialize(format="nt", encoding="utf-8")
    return sorted(ox.parse(lines, format=ox.RdfFormat.N_TRIPLES), key=_order)


def rdf_text(graph: Graph, fmt: str, header: str = "") -> tuple[str, int]:
    """(``graph`` as ``fmt`` "ttl" or "nt", its triple count); ``header`` starts a Turtle
    file (comment lines)."""
    import pyoxigraph as ox

    from kgraph.namespaces import PREFIXES

    triples = sorted_triples(graph)
    if fmt == "nt":
        return _text(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)), len(triples)
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                        prefixes={p: str(ns) for p, ns in PREFIXES.items()})
    return header + _text(body), len(triples)


def _text(data: bytes | None) -> str:
    assert data is not None  # no output file given: serialize returns the bytes
    return data.decode("utf-8")


__all__ = ["rdf_text", "sorted_triples"]
