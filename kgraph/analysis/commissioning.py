"""Commissioning activities ranked by their stated value, with lead service and period."""

from __future__ import annotations

import pandas as pd

from kgraph import queries
from kgraph.namespaces import short
from kgraph.queries import Source

COLUMNS = ["rank", "activity", "value", "value_gbp", "lead_service", "period", "key_decision",
           "source", "doubt", "slug"]


def commissioning(graph: Source, include_unvalued: bool = False) -> pd.DataFrame:
    """Activities with a stated value (as printed in ``value``, as a number in ``value_gbp``
    where the text gives one amount), highest first; those whose value is printed but not one
    amount (two amounts, "Awaiting confirmation") come after, unranked. ``include_unvalued``
    adds activities no table gives a value for."""
    found: dict[str, dict] = {}
    for r in queries.select(graph, "commissioning"):
        s = short(r["activity"])
        rec = found.setdefault(s, {
            "activity": str(r["label"]), "value": r["valueText"] or "",
            "value_gbp": float(r["value"]) if r["value"] is not None else None,
            "lead_service": set(), "period": r["period"] or "",
            "key_decision": str(r["decision"]) if r["decision"] is not None else "",
            "sources": set(), "doubt": set(), "slug": s})
        if r["leadLabel"]:
            rec["lead_service"].add(str(r["leadLabel"]))
        if r["doc"]:
            rec["sources"].add((str(r["doc"]), int(r["line"])))
        if r.get("flag"):  # the row's name or value is doubtful as converted (kg:qualityFlag)
            rec["doubt"].add(str(r["flag"]).rsplit("#", 1)[-1])
        if r["period"] and not rec["period"]:
            rec["period"] = r["period"]
    rows = []
    for rec in found.values():
        if not rec["value"] and rec["value_gbp"] is None and not include_unvalued:
            continue
        rec["lead_service"] = "; ".join(sorted(rec["lead_service"]))
        rec["source"] = "; ".join(f"{d}:{n}" for d, n in sorted(rec.pop("sources")))
        rec["doubt"] = ", ".join(sorted(rec["doubt"]))
        rows.append(rec)
    frame = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "rank"])
    frame = frame.sort_values(["value_gbp", "activity"], ascending=[False, True], na_position="last",
                              kind="stable").reset_index(drop=True)
    ranked = frame["value_gbp"].notna()
    frame.insert(0, "rank", pd.array([i + 1 if r else None for i, r in enumerate(ranked)],  # type: ignore[arg-type]  # pandas-stubs omit extension arrays, which insert() takes
                                     dtype="Int64"))
    return frame
