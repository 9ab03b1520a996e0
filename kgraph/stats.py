"""Counts that describe a graph: entities by type, links by predicate, citations."""

from __future__ import annotations

import pandas as pd

from kgraph import queries
from kgraph.entity import predicate_label
from kgraph.queries import Source


def entity_counts(graph: Source) -> pd.DataFrame:
    """Entities by type: a DataFrame (type, count)."""
    rows = queries.select(graph, "count_entities")
    return pd.DataFrame(
        [{"type": r["type"].rsplit("#", 1)[-1], "count": int(r["count"])} for r in rows],
        columns=["type", "count"],
    )


# what a reused vocabulary's links join, for two predicates one label reads the same:
# org:subOrganizationOf and dcterms:isPartOf are both "part of"
_JOINS = {"http://www.w3.org/ns/org#": "bodies", "http://purl.org/dc/terms/": "documents"}


def _told_apart(label: str, iri: str, labels: list[str]) -> str:
    """A predicate's label, with what it joins where another predicate has the same label
    ("part of (bodies)", "part of (documents)")."""
    if labels.count(label) < 2:
        return label
    joins = next((w for ns, w in _JOINS.items() if iri.startswith(ns)), None)
    return f"{label} ({joins})" if joins else f"{label} ({iri.rsplit('#', 1)[-1].rsplit('/', 1)[-1]})"


def link_counts(graph: Source) -> pd.DataFrame:
    """Stated links by predicate: a DataFrame (predicate in words, links, citations, flagged
    citations)."""
    rows = queries.select(graph, "count_links")
    labels = [predicate_label(r["predicate"]) for r in rows]
    return pd.DataFrame(
        [
            {
                "predicate": _told_apart(label, r["predicate"], labels),
                "links": int(r["links"]),
                "citations": int(r["citations"]),
                "flagged": int(r["flaggedCitations"]),
            }
            for label, r in zip(labels, rows, strict=True)
        ],
        columns=["predicate", "links", "citations", "flagged"],
    )


def citation_counts(graph: Source) -> pd.DataFrame:
    """Citations by document and kind: a DataFrame (doc, kind, count, flagged)."""
    rows = queries.select(graph, "count_citations")
    return pd.DataFrame(
        [{"doc": r["doc"], "kind": r["kind"], "count": int(r["count"]), "flagged": int(r["flagged"])}
         for r in rows],
        columns=["doc", "kind", "count", "flagged"],
    )


_KINDS = {"assertion": "stated links", "mention": "names", "observation": "indicator values"}


def for_readers(entities: pd.DataFrame, links: pd.DataFrame, citations: pd.DataFrame,
                documents: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The three tables as a reader reads them: types by the ontology's name for them
    ("Organisational unit", not OrganisationalUnit); flagged citations as doubtful;
    citations one row per document, by its
    title, with what they cite in words ("490, 38 doubtful" stated links, names, indicator
    values)."""
    from kgraph.namespaces import KG

    types = entities.assign(type=[predicate_label(str(KG[t])).capitalize() for t in entities["type"]])
    by_doc: dict[str, dict[str, str]] = {}
    for r in citations.to_dict(orient="records"):
        row = by_doc.setdefault(str(r["doc"]), {"document": documents.get(str(r["doc"]), str(r["doc"]))})
        flagged = f", {r['flagged']} doubtful" if r["flagged"] else ""
        row[_KINDS.get(str(r["kind"]), str(r["kind"]))] = f"{r['count']}{flagged}"
    columns = ["document", *[k for k in _KINDS.values()
                             if any(k in row for row in by_doc.values())]]
    return (types, links.rename(columns={"flagged": "doubtful"}),
            pd.DataFrame(list(by_doc.values()), columns=columns).fillna(""))
