"""Strategies named in at least N source documents, with the documents and the names used."""

from __future__ import annotations

import pandas as pd

from kgraph import queries
from kgraph.namespaces import short
from kgraph.queries import Source

COLUMNS = ["strategy", "slug", "documents", "named_in", "names_used"]


def named_in(graph: Source, min_documents: int = 2) -> pd.DataFrame:
    """One row per strategy-like document mentioned in ``min_documents`` or more source
    documents: how many, which (title, date, file:first line) and every name used; most
    widely named first."""
    docs: dict[str, dict[str, tuple[str, int]]] = {}
    names: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for r in queries.select(graph, "named_in_documents"):
        s = short(r["entity"])
        labels[s] = str(r["label"])
        title = str(r["title"] or r["doc"])
        date = f", {r['date']}" if r["date"] else ""
        key = f"{title}{date}"
        line = int(r["line"])
        known = docs.setdefault(s, {}).get(key)
        if known is None or line < known[1]:
            docs[s][key] = (str(r["doc"]), line)
        if r["used"]:
            names.setdefault(s, set()).add(str(r["used"]))
    rows = []
    for s, found in docs.items():
        if len(found) < min_documents:
            continue
        listing = "; ".join(f"{k} ({d}:{n})" for k, (d, n) in sorted(found.items(), key=lambda kv: kv[1]))
        rows.append({"strategy": labels[s], "slug": s, "documents": len(found), "named_in": listing,
                     "names_used": " | ".join(sorted(names.get(s, set())))})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["documents", "strategy", "slug"], ascending=[False, True, True],
                             kind="stable").reset_index(drop=True)
