"""Overlaps: identical coverage patterns, pairwise Jaccard similarity (a matrix
product), near-duplicate clusters (networkx communities), and one strategy under several
names across documents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from kgraph import queries
from kgraph.analysis.coverage import coverage
from kgraph.queries import Source


@dataclass
class Overlaps:
    """The four overlap tables (DataFrames): identical coverage groups, similar pairs, clusters and
    one strategy under several names (``aliases``)."""

    identical: pd.DataFrame  # plan, group, size, priorities, strategies
    similar: pd.DataFrame  # plan, a, b, jaccard, shared
    clusters: pd.DataFrame  # plan, cluster, size, strategies
    aliases: pd.DataFrame  # entity, label, names, documents

    def frames(self) -> dict[str, pd.DataFrame]:
        """The four tables by title (the ``table`` column of ``kgraph overlaps --format csv``)."""
        return {TABLES[name]: getattr(self, name) for name in TABLES}


# attribute (the value of ``kgraph overlaps --table``) -> the table's title
TABLES = {"identical": "identical coverage", "similar": "similar pairs", "clusters": "clusters",
          "aliases": "one strategy, several names"}


DENSE_MAX = 2_000  # rows: up to this a plan's matrix is multiplied dense (a plan has tens)


def jaccard_pairs(incidence: Any, threshold: float) -> list[tuple[int, int, float, int]]:
    """(i, j, jaccard, shared) for rows i < j of a 0/1 matrix with similarity >= threshold,
    for pairs sharing at least one column, in row-major order.

    Intersections come from one product X·Xᵀ (dense numpy for a plan's few dozen rows;
    scipy's sparse product past ``DENSE_MAX`` rows, where a dense square would not fit);
    unions from the row sums.
    """
    if hasattr(incidence, "toarray") or len(incidence) > DENSE_MAX:
        from scipy import sparse

        x = sparse.csr_matrix(incidence, dtype=np.int32)
        inter = sparse.triu((x @ x.T).tocoo(), k=1).tocsr()
        inter.sort_indices()
        coo = inter.tocoo()
        i, j, shared = coo.row, coo.col, coo.data
        sizes = np.asarray(x.sum(axis=1)).ravel()
    else:
        dense = np.asarray(incidence, dtype=np.int32)
        product = dense @ dense.T
        i, j = np.nonzero(np.triu(product, k=1))
        shared = product[i, j]
        sizes = dense.sum(axis=1)
    keep = shared > 0
    i, j, shared = i[keep], j[keep], shared[keep]
    union = sizes[i] + sizes[j] - shared
    sim = np.divide(shared, union, out=np.zeros(len(shared), dtype=float), where=union > 0)
    keep = sim >= threshold
    return [(int(a), int(b), float(s), int(n))
            for a, b, s, n in zip(i[keep], j[keep], sim[keep], shared[keep], strict=True)]


def overlaps(graph: Source, plan: str | None = None, threshold: float = 0.8) -> Overlaps:
    """Overlaps in PLAN, or in every plan (whose coverage comes from one batch of queries)."""
    identical, similar, clusters = [], [], []
    for cov in coverage(graph, plan, ticks_only=True):  # the ticks are all it reads
        p = cov.plan
        m = cov.matrix
        columns = cov.columns
        if m.empty or not columns:
            continue
        cells = m[columns].to_numpy(dtype=np.int8)
        names = m["strategy"].tolist()
        patterns: dict[tuple[int, ...], list[str]] = {}
        for row, label in zip(cells, names, strict=True):
            patterns.setdefault(tuple(int(v) for v in row), []).append(label)
        group = 0
        for pattern, members in sorted(patterns.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            if len(members) > 1:
                group += 1
                covered = [c for c, v in zip(columns, pattern, strict=True) if v]
                identical.append({"plan": p.slug, "group": group, "size": len(members),
                                  "priorities": "; ".join(covered) or "(none)",
                                  "strategies": "; ".join(sorted(members))})
        pairs = jaccard_pairs(cells, threshold)
        sim_graph = nx.Graph()
        sim_graph.add_nodes_from(range(len(m)))
        for a, b, s, _n in pairs:
            shared = [c for c, x, y in zip(columns, cells[a], cells[b], strict=True) if x and y]
            similar.append({"plan": p.slug, "a": names[a], "b": names[b],
                            "jaccard": round(s, 3), "shared": "; ".join(shared)})
            sim_graph.add_edge(a, b, weight=s)
        # with no similar pair every community is one strategy: no cluster to report
        communities = nx.community.greedy_modularity_communities(sim_graph, weight="weight") \
            if pairs else []
        n = 0
        for community in sorted(communities, key=lambda c: (-len(c), min(c))):
            if len(community) > 1:
                n += 1
                clusters.append({"plan": p.slug, "cluster": n, "size": len(community),
                                 "strategies": "; ".join(sorted(names[i] for i in community))})
    return Overlaps(
        pd.DataFrame(identical, columns=["plan", "group", "size", "priorities", "strategies"]),
        pd.DataFrame(similar, columns=["plan", "a", "b", "jaccard", "shared"]).sort_values(
            ["plan", "jaccard", "a", "b"], ascending=[True, False, True, True], kind="stable"
        ).reset_index(drop=True),
        pd.DataFrame(clusters, columns=["plan", "cluster", "size", "strategies"]),
        pd.DataFrame(aliases(graph), columns=["entity", "label", "names", "documents"]),
    )


#: How ``aliases`` joins an entity's names and its documents (the report and the
#: explorer split them again).
NAME_SEPARATOR, DOCUMENT_SEPARATOR = " | ", " "


def aliases(graph: Source) -> list[dict[str, str]]:
    """One strategy, several names: a row (entity slug, preferred label, names, documents)
    for each strategy-like document named in more than one way, sorted by label then slug.

    The query gives one row per name and document; the names and documents are joined here,
    each sorted by code point, so Oxigraph, rdflib and Virtuoso give the same text
    (GROUP_CONCAT's order is each engine's own; issue 14 item 2).
    """
    names: dict[tuple[str, str], set[str]] = {}
    documents: dict[tuple[str, str], set[str]] = {}
    for r in queries.select(graph, "aliases"):
        key = (r["entity"], r["label"])
        names.setdefault(key, set()).add(r["used"])
        documents.setdefault(key, set()).add(r["doc"])
    rows = [{"entity": entity.rsplit("/", 1)[-1], "label": label,
             "names": NAME_SEPARATOR.join(sorted(used)),
             "documents": DOCUMENT_SEPARATOR.join(sorted(documents[(entity, label)]))}
            for (entity, label), used in names.items() if len(used) > 1]
    return sorted(rows, key=lambda r: (r["label"], r["entity"]))
