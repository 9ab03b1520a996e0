"""Everything the explorer shows about every entity, read in four bulk queries.

``kgraph.entity.describe`` answers for one entity (a lookup and three queries); a site
needs all of them, so this module runs the same questions once for the whole graph
(``kgraph/queries/entity_*.rq``, ``assertions.rq``) and groups the rows into the same ``Description``
records, so a page says exactly what ``kgraph show`` says.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from kgraph import queries
from kgraph.entity import Description, facts_from_rows, predicate_label
from kgraph.explorer.kinds import main_type
from kgraph.lookup import Candidate
from kgraph.namespaces import KG, short
from kgraph.queries import Source


def select(graph: Source, name: str) -> list[dict[str, Any]]:
    """Run one of the bulk queries (kgraph/queries, no bindings) as plain dict rows."""
    return queries.select(graph, name)


@dataclass(frozen=True)
class SourceLine:
    """One citation, as the source-document page lists it."""

    doc: str
    line: int
    quote: str
    entity: str  # slug of the entity the citation is about
    what: str  # "named as …" or "<predicate>: <value>"
    target: str | None  # slug of the other entity of a link
    flag: str | None
    note: str | None


@dataclass
class Catalogue:
    entities: dict[str, Candidate]  # slug -> entity (main type, preferred label)
    labels: dict[str, list[str]]  # slug -> every label (preferred and alternative), sorted
    descriptions: dict[str, Description]  # slug -> what `kgraph show` says of it
    links: list[tuple[str, str, str]]  # (subject slug, predicate IRI, object slug), sorted
    literals: dict[str, dict[str, list[str]]]  # slug -> predicate IRI -> values
    documents: dict[str, str]  # document id -> title
    citations: list[SourceLine] = field(default_factory=list)

    def out(self, slug: str, predicate: str) -> list[str]:
        """Objects (slugs) of ``slug``'s links with ``predicate`` (an IRI)."""
        return self._out.get((slug, predicate), [])

    def into(self, slug: str, predicate: str) -> list[str]:
        """Subjects (slugs) of links with ``predicate`` that point at ``slug``."""
        return self._in.get((slug, predicate), [])

    def literal(self, slug: str, predicate: str) -> str | None:
        values = self.literals.get(slug, {}).get(predicate)
        return values[0] if values else None

    def __post_init__(self) -> None:
        self._out: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._in: dict[tuple[str, str], list[str]] = defaultdict(list)
        for s, p, o in self.links:
            self._out[(s, p)].append(o)
            self._in[(o, p)].append(s)


def _key(value: Any) -> str:
    return "" if value is None else str(value)


def read_catalogue(graph: Source) -> Catalogue:
    types: dict[str, set[str]] = defaultdict(set)
    pref: dict[str, str] = {}
    labels: dict[str, set[str]] = defaultdict(set)
    for r in queries.select(graph, "entity_labels"):
        iri = r["entity"]
        types[iri].add(r["type"].rsplit("#", 1)[-1])
        pref[iri] = min(pref.get(iri, r["prefLabel"]), r["prefLabel"])
        labels[iri] |= {r["prefLabel"], r["label"]}
    entities = {short(iri): Candidate(iri, short(iri), main_type(types[iri]), pref[iri])
                for iri in sorted(types)}
    by_iri = {e.iri: e for e in entities.values()}

    cites: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in select(graph, "assertions"):
        cites[(r["subject"], r["predicate"], _key(r["object"]))].append(r)

    out_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    in_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    links: set[tuple[str, str, str]] = set()
    literals: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in select(graph, "entity_facts"):
        subject = by_iri.get(r["entity"])
        if subject is None:
            continue
        obj = r["object"]
        target = by_iri.get(obj) if isinstance(obj, str) else None
        stated = cites.get((r["entity"], r["predicate"], _key(obj))) or [{}]
        for c in stated:
            citation = {k: c.get(k) for k in ("doc", "line", "quote", "flag", "note")}
            out_rows[subject.slug].append({"predicate": r["predicate"], "object": obj,
                                           "objectLabel": r["objectLabel"], **citation})
            if target is not None:
                in_rows[target.slug].append({"predicate": r["predicate"], "subject": subject.iri,
                                             "subjectLabel": subject.label, **citation})
        if target is not None:
            links.add((subject.slug, r["predicate"], target.slug))
        elif not isinstance(obj, str) or not obj.startswith(("http://", "https://")):
            literals[subject.slug][r["predicate"]].add(str(obj))

    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    documents: dict[str, str] = {}
    for r in select(graph, "entity_mentions"):
        entity = by_iri.get(r["entity"])
        if entity is None:
            continue
        documents[r["doc"]] = r["title"]
        mentions[entity.slug].append({k: r[k] for k in
                                      ("doc", "title", "line", "label", "quote", "flag", "note")})

    def ordered(rows: list[dict[str, Any]], other: str) -> list[dict[str, Any]]:
        return sorted(rows, key=lambda r: (r["predicate"], _key(r[other]),
                                           _key(r.get(other + "Label")), _key(r["doc"]),
                                           r["line"] or 0, _key(r["quote"]), _key(r["flag"]),
                                           _key(r["note"])))

    descriptions = {}
    citations: set[SourceLine] = set()
    for slug, entity in entities.items():
        named = sorted(mentions.get(slug, []), key=lambda m: (m["doc"], m["line"], _key(m["label"]),
                                                               m["quote"], _key(m["note"])))
        alt = sorted({m["label"] for m in named if m.get("label") and m["label"] != entity.label})
        facts = facts_from_rows(ordered(out_rows.get(slug, []), "object"), "object", "objectLabel")
        incoming = facts_from_rows(ordered(in_rows.get(slug, []), "subject"), "subject", "subjectLabel")
        descriptions[slug] = Description(entity, alt, named, facts, incoming)
        for m in named:
            used = m["label"] or entity.label
            citations.add(SourceLine(m["doc"], int(m["line"]), m["quote"], slug,
                                     f"names {used}", None, _flag(m["flag"]), m["note"]))
        for f in facts:
            for cited in f.citations:
                citations.add(SourceLine(cited.doc, cited.line, cited.quote, slug,
                                         f"{f.predicate}: {f.value}",
                                         f.target if f.target in entities else None, cited.flag,
                                         cited.note))
    for doc in {c.doc for c in citations} - set(documents):
        documents[doc] = doc
    return Catalogue(
        entities=entities,
        labels={short(iri): sorted(v) for iri, v in labels.items()},
        descriptions=descriptions,
        links=sorted(links),
        literals={s: {p: sorted(v) for p, v in preds.items()} for s, preds in literals.items()},
        documents=dict(sorted(documents.items())),
        citations=sorted(citations, key=lambda c: (c.doc, c.line, c.entity, c.what, c.quote,
                                                   _key(c.flag), _key(c.note))),
    )


def _flag(iri: str | None) -> str | None:
    return predicate_label(iri) if iri else None


def type_label(type_name: str) -> str:
    """The ontology's label of a kgraph class ("strategic plan"), else the name."""
    label = predicate_label(str(KG[type_name]))
    return type_name if label.startswith("kg:") else label
