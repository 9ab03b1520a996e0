"""How priorities (and plans, and bodies) carried from one generation to the next, from the
transitions the documents state.

Every stated succession is read the same way whichever end states it (kg:evolvesInto,
kg:evolvedFrom, dcterms:replaces, dcterms:isReplacedBy; see lineage.rq). The store is
asked three queries, whatever the number of plans.
"""

from __future__ import annotations

import pandas as pd

from kgraph import queries
from kgraph.analysis.plans import list_plans
from kgraph.namespaces import short
from kgraph.queries import Source
from kgraph.relations import local_name
from kgraph.vocabulary import PRIORITIES

COLUMNS = ["level", "from_plan", "from", "from_label", "status", "to_plan", "to", "to_label",
           "source"]
PRIORITY_TYPES = PRIORITIES


def _class_label(type_name: str) -> str:
    from kgraph.entity import predicate_label
    from kgraph.namespaces import KG

    text = predicate_label(str(KG[type_name]))
    return type_name if text.startswith("kg:") else text


def lineage(graph: Source) -> pd.DataFrame:
    """Every stated succession, one row per (from, to) with its first citation:
    from, from_label, from_type, from_plan, to, to_label, to_type, to_plan, source, flag."""
    rows = []
    for r in queries.select(graph, "lineage"):
        source = f"{r['doc']}:{r['line']} \"{r['quote']}\"" if r["doc"] else ""
        rows.append({"from": short(r["from"]), "from_label": r["fromLabel"],
                     "from_type": local_name(r["fromType"]), "from_plan": short(r["fromPlan"]),
                     "to": short(r["to"]), "to_label": r["toLabel"],
                     "to_type": local_name(r["toType"]), "to_plan": short(r["toPlan"]),
                     "source": source, "flag": local_name(r["flag"]) if r["flag"] else ""})
    frame = pd.DataFrame(rows, columns=["from", "from_label", "from_type", "from_plan", "to",
                                        "to_label", "to_type", "to_plan", "source", "flag"])
    # one row per link: the first citation (by document and line), whichever end stated it
    frame["_k"] = frame["source"].map(_source_key)
    frame = frame.sort_values(["from", "to", "_k", "from_type", "to_type", "from_plan",
                               "to_plan"], kind="stable")
    return frame.drop_duplicates(["from", "to"]).drop(columns="_k").reset_index(drop=True)


def _source_key(source: str) -> tuple[int, str, int]:
    if not source:
        return (1, "", 0)
    where = source.split(" ", 1)[0]
    doc, _, line = where.rpartition(":")
    return (0, doc, int(line) if line.isdigit() else 0)


def _status(frame: pd.DataFrame) -> pd.Series:
    """carried (one to one), merged (several into one), split (one into several)."""
    into = frame.groupby("to")["from"].transform("count")
    out_of = frame.groupby("from")["to"].transform("count")
    return pd.Series(["merged" if i > 1 else "split" if o > 1 else "carried"
                      for i, o in zip(into, out_of, strict=True)], index=frame.index, dtype=object)


def crosswalk(graph: Source) -> pd.DataFrame:
    """One row per stated transition, plus rows for dropped and new priorities.

    level: what moves (priority, or the kind of the earlier entity: plan, board, action ...).
    status: carried (one to one), merged (several earlier into one), split (one into
    several) — counted within a level; for priorities also dropped (no successor although
    the plan's transition is stated) and new (a priority of a later plan that no stated
    transition leads to).
    """
    links = lineage(graph)
    plans = {p.slug: p for p in list_plans(graph)}
    records: list[dict] = []
    priority_links = links[links["from_type"].isin(PRIORITY_TYPES)
                           & links["to_type"].isin(PRIORITY_TYPES)]
    other = links.drop(priority_links.index)
    for level_frame, level in [(priority_links, None)] + [
            (g, t) for t, g in other.groupby("from_type", sort=True)]:
        if level_frame.empty:
            continue
        status = _status(level_frame)
        name = "priority" if level is None else _class_label(str(level))
        for (_i, r), s in zip(level_frame.iterrows(), status, strict=True):
            records.append({"level": name, "from_plan": r["from_plan"], "from": r["from"],
                            "from_label": r["from_label"], "status": s,
                            "to_plan": r["to_plan"], "to": r["to"], "to_label": r["to_label"],
                            "source": r["source"]})
    from_plans = set(priority_links["from_plan"]) - {""}
    to_plans = set(priority_links["to_plan"]) - {""}
    has_out = set(priority_links["from"])
    has_in = set(priority_links["to"])
    wanted = [s for s in sorted(from_plans | to_plans) if s in plans]
    if wanted:
        prios = [r for r in queries.select(graph, "plan_priorities") if short(r["plan"]) in wanted]
        for p in sorted(prios, key=lambda r: (short(r["plan"]), short(r["priority"]))):
            slug, priority = short(p["plan"]), short(p["priority"])
            if slug in from_plans and priority not in has_out:
                records.append({"level": "priority", "from_plan": slug, "from": priority,
                                "from_label": p["label"], "status": "dropped", "to_plan": "",
                                "to": "", "to_label": "", "source": p["source"]})
            if slug in to_plans and priority not in has_in:
                records.append({"level": "priority", "from_plan": "", "from": "",
                                "from_label": "", "status": "new", "to_plan": slug,
                                "to": priority, "to_label": p["label"], "source": p["source"]})
    order = {slug: i for i, slug in enumerate(plans)}
    frame = pd.DataFrame(records, columns=COLUMNS)
    frame["_l"] = (frame["level"] != "priority").astype(int)
    frame["_o"] = [order.get(a or b, len(order)) for a, b in zip(frame["from_plan"],
                                                                  frame["to_plan"], strict=True)]
    return frame.sort_values(["_l", "level", "_o", "from", "to"], kind="stable").drop(
        columns=["_l", "_o"]).reset_index(drop=True)
