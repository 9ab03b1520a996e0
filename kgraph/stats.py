"""Counts that describe a graph: entities by type, links by predicate, citations."""

from __future__ import annotations

import pandas as pd

from kgraph import queries
from kgraph.entity import predicate_label
from kgraph.queries import Source


def entity_counts(graph: Source) -> pd.DataFrame:
    rows = queries.select(graph, "count_entities")
    return pd.DataFrame(
        [{"type": r["type"].rsplit("#", 1)[-1], "count": int(r["count"])} for r in rows],
        columns=["type", "count"],
    )


def link_counts(graph: Source) -> pd.DataFrame:
    rows = queries.select(graph, "count_links")
    return pd.DataFrame(
        [
            {
                "predicate": predicate_label(r["predicate"]),
                "links": int(r["links"]),
                "citations": int(r["citations"]),
                "flagged": int(r["flaggedCitations"]),
            }
            for r in rows
        ],
        columns=["predicate", "links", "citations", "flagged"],
    )


def citation_counts(graph: Source) -> pd.DataFrame:
    rows = queries.select(graph, "count_citations")
    return pd.DataFrame(
        [{"doc": r["doc"], "kind": r["kind"], "count": int(r["count"]), "flagged": int(r["flagged"])}
         for r in rows],
        columns=["doc", "kind", "count", "flagged"],
    )
