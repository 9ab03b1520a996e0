"""Everything the graph says about one entity, each fact with its citations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from rdflib import URIRef
from rdflib.namespace import RDFS

from kgraph import queries
from kgraph.loader import load_ontology
from kgraph.lookup import Candidate, resolve
from kgraph.namespaces import PREFIXES, slug_of
from kgraph.queries import Source

IDENTITY_NOTE = "https://w3id.org/kgraph/ontology#identityNote"


@dataclass(frozen=True)
class Citation:
    doc: str
    line: int
    quote: str
    flag: str | None = None
    note: str | None = None


@dataclass
class Fact:
    predicate: str  # a readable label ("contributes to")
    value: str  # a label or a literal
    target: str | None  # slug of the other entity, if any
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Description:
    entity: Candidate
    alt_labels: list[str]
    mentions: list[dict[str, Any]]
    facts: list[Fact]  # attributes and outgoing links
    incoming: list[Fact]  # links from other entities
    identity: list[Fact] = field(default_factory=list)  # kg:identityNote: how its identity was decided
    values: list[dict[str, Any]] = field(default_factory=list)  # an indicator's observations

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache(maxsize=1)
def _predicate_labels() -> dict[str, str]:
    onto = load_ontology()
    return {str(s): str(o) for s, o in onto.subject_objects(RDFS.label)}


#: Readings of reused terms that carry attributes; the ontology labels what it declares.
_REUSED = {
    "http://purl.org/dc/terms/description": "description",
    "http://purl.org/dc/terms/title": "title",
    "http://purl.org/dc/terms/date": "date",
    "http://purl.org/dc/terms/identifier": "identifier",
    "http://purl.org/dc/terms/created": "created",
    "http://purl.org/dc/terms/issued": "issued",
    "http://www.w3.org/2004/02/skos/core#notation": "number",
    "http://www.w3.org/2004/02/skos/core#definition": "definition",
    "http://www.w3.org/2004/02/skos/core#prefLabel": "name",
    "http://www.w3.org/2004/02/skos/core#altLabel": "other name",
    "http://www.w3.org/2004/02/skos/core#scopeNote": "scope note",
    "http://www.w3.org/2000/01/rdf-schema#label": "name",
    "http://www.w3.org/2000/01/rdf-schema#comment": "note",
}


def predicate_label(iri: str) -> str:
    """A term's reading for people: the ontology's label, else a plain word for the reused
    attribute terms, else a compact name (a last resort, never for a known term)."""
    known = _predicate_labels().get(iri) or _REUSED.get(iri)
    if known:
        return known
    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)):
            return f"{prefix}:{iri[len(str(ns)):]}"
    return iri


def facts_from_rows(rows: list[dict[str, Any]], other: str, other_label: str) -> list[Fact]:
    """Group describe_out / describe_in rows into facts, each with its citations."""
    grouped: dict[tuple[str, str], Fact] = {}
    cites: dict[tuple[str, str], list[Citation]] = defaultdict(list)
    for row in rows:
        key = (row["predicate"], str(row[other]))
        if key not in grouped:
            target = slug_of(row[other])
            value = str(row[other])
            if target is None and isinstance(row[other], str) and value in _predicate_labels():
                value = _predicate_labels()[value]  # a vocabulary term: its label, not its IRI
            shown = row.get(other_label) or (target or value)
            grouped[key] = Fact(predicate_label(row["predicate"]), str(shown), target)
        if row.get("doc"):
            flag = predicate_label(row["flag"]) if row.get("flag") else None
            c = Citation(row["doc"], int(row["line"]), row["quote"], flag, row.get("note"))
            if c not in cites[key]:
                cites[key].append(c)
    for key, fact in grouped.items():
        fact.citations = cites[key]
    return list(grouped.values())


def describe(graph: Source, text: str) -> Description:
    """Resolve ``text`` (IRI, slug or label fragment) and gather what the graph says."""
    entity = resolve(graph, text)
    node = URIRef(entity.iri)
    mentions = queries.select(graph, "describe_mentions", entity=node)
    for m in mentions:  # the flag in words beside its IRI, for readers of `show`
        m["flag_label"] = predicate_label(m["flag"]) if m.get("flag") else None
    out = queries.select(graph, "describe_out", entity=node)
    incoming = queries.select(graph, "describe_in", entity=node)
    alt = sorted({m["label"] for m in mentions if m.get("label") and m["label"] != entity.label})
    facts = facts_from_rows(out, "object", "objectLabel")
    identity_rows = [r for r in out if r["predicate"] == IDENTITY_NOTE]
    values = []
    if entity.type == "Indicator":
        for r in queries.select(graph, "describe_observations", entity=node):
            flag = r["flag"]
            values.append({**r, "flag": predicate_label(flag) if flag else None})
    return Description(
        entity=entity,
        alt_labels=alt,
        mentions=mentions,
        facts=[f for f in facts if f.predicate != predicate_label(IDENTITY_NOTE)],
        incoming=facts_from_rows(incoming, "subject", "subjectLabel"),
        identity=facts_from_rows(identity_rows, "object", "objectLabel"),
        values=values,
    )
