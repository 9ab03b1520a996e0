"""Text → entity: by IRI, slug or a case-insensitive label fragment; label() for display."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kgraph import queries
from kgraph.errors import Ambiguous, NotFound
from kgraph.namespaces import ID
from kgraph.queries import Source


@dataclass(frozen=True)
class Candidate:
    iri: str
    slug: str
    type: str
    label: str


def _index(graph: Source) -> dict[str, tuple[Candidate, list[str]]]:
    index: dict[str, tuple[Candidate, list[str]]] = {}
    for row in queries.select(graph, "entity_labels"):
        iri = row["entity"]
        if iri not in index:
            slug = iri[len(str(ID)):] if iri.startswith(str(ID)) else iri
            kind = row["type"].rsplit("#", 1)[-1]
            index[iri] = (Candidate(iri, slug, kind, row["prefLabel"]), [])
        index[iri][1].append(row["label"])
    return index


def candidates(graph: Source, text: str, types: set[str] | None = None) -> list[Candidate]:
    """Every entity whose IRI, slug or one of whose labels matches ``text``.

    An exact (case-insensitive) slug or label match beats fragment matches.
    """
    wanted = text.strip()
    folded = wanted.casefold()
    index = _index(graph)
    if types:
        index = {k: v for k, v in index.items() if v[0].type in types}
    exact = [c for c, labels in index.values()
             if wanted in (c.iri, c.slug) or any(lab.casefold() == folded for lab in labels)]
    if exact:
        return sorted(exact, key=lambda c: c.slug)
    return sorted(
        (c for c, labels in index.values()
         if folded in c.slug or any(folded in lab.casefold() for lab in labels)),
        key=lambda c: c.slug,
    )


def resolve(graph: Source, text: str, types: set[str] | None = None) -> Candidate:
    """The one entity ``text`` names; NotFound or Ambiguous (with candidates) otherwise."""
    found = candidates(graph, text, types)
    if len(found) == 1:
        return found[0]
    if found:
        raise Ambiguous(text, [(c.slug, f"{c.label} ({c.type})") for c in found])
    raise NotFound(text, near_misses(graph, text, types))


def near_misses(graph: Source, text: str, types: set[str] | None = None,
                n: int = 5) -> list[tuple[str, str]]:
    """Up to ``n`` entities whose slug or a label is close to ``text`` (case-insensitive,
    difflib), each once, closest first: ``(slug, "label (Type)")``, with the alias that
    was close when it is not the preferred label."""
    index = _index(graph)
    if types:
        index = {k: v for k, v in index.items() if v[0].type in types}
    names: dict[str, list[tuple[Candidate, str]]] = {}
    for c, labels in index.values():
        for name in {c.slug, *labels}:
            names.setdefault(name.casefold(), []).append((c, name))
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for close in difflib.get_close_matches(text.strip().casefold(), list(names), n=4 * n,
                                           cutoff=0.6):
        for c, name in names[close]:
            if c.iri in seen:
                continue
            seen.add(c.iri)
            also = "" if name in (c.label, c.slug) else f", also named {name!r}"
            out.append((c.slug, f"{c.label} ({c.type}{also})"))
    return out[:n]


def label(graph: Graph, node: URIRef) -> str:
    """The display label of a node: skos:prefLabel, else the slug, else the IRI."""
    value = graph.value(node, SKOS.prefLabel)
    if value is not None:
        return str(value)
    text = str(node)
    return text[len(str(ID)):] if text.startswith(str(ID)) else text


__all__ = ["Candidate", "candidates", "resolve", "label"]
