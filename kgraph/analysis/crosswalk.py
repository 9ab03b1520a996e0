"""How priorities carried from plan to plan, from the transitions the documents state."""

from __future__ import annotations

import pandas as pd
from rdflib import Graph, URIRef

from kgraph import queries
from kgraph.analysis.plans import list_plans
from kgraph.namespaces import short

COLUMNS = ["from_plan", "from", "from_label", "status", "to_plan", "to", "to_label", "source"]


def crosswalk(graph: Graph) -> pd.DataFrame:
    """One row per stated transition, plus rows for dropped and new priorities.

    status: carried (one to one), merged (several earlier into one), split (one into
    several), dropped (no successor although the plan's transition is stated), new (a
    priority of a later plan that no stated transition leads to).
    """
    rows = queries.select(graph, "evolution")
    plans = {p.slug: p for p in list_plans(graph)}
    out_deg: dict[str, int] = {}
    in_deg: dict[str, int] = {}
    for r in rows:
        out_deg[r["from"]] = out_deg.get(r["from"], 0) + 1
        in_deg[r["to"]] = in_deg.get(r["to"], 0) + 1
    records = []
    for r in rows:
        status = ("merged" if in_deg[r["to"]] > 1 else "split" if out_deg[r["from"]] > 1
                  else "carried")
        source = f"{r['doc']}:{r['line']} \"{r['quote']}\"" if r["doc"] else ""
        records.append({"from_plan": short(r["fromPlan"]), "from": short(r["from"]),
                        "from_label": r["fromLabel"], "status": status,
                        "to_plan": short(r["toPlan"]), "to": short(r["to"]),
                        "to_label": r["toLabel"], "source": source})
    from_plans = {short(r["fromPlan"]) for r in rows if r["fromPlan"]}
    to_plans = {short(r["toPlan"]) for r in rows if r["toPlan"]}
    for slug in sorted(from_plans | to_plans):
        plan = plans.get(slug)
        if plan is None:
            continue
        for p in queries.select(graph, "plan_priorities", plan=URIRef(plan.iri)):
            if slug in from_plans and p["priority"] not in out_deg:
                records.append({"from_plan": slug, "from": short(p["priority"]),
                                "from_label": p["label"], "status": "dropped", "to_plan": "",
                                "to": "", "to_label": "", "source": p["source"]})
            if slug in to_plans and p["priority"] not in in_deg:
                records.append({"from_plan": "", "from": "", "from_label": "", "status": "new",
                                "to_plan": slug, "to": short(p["priority"]),
                                "to_label": p["label"], "source": p["source"]})
    order = {slug: i for i, slug in enumerate(plans)}
    frame = pd.DataFrame(records, columns=COLUMNS)
    frame["_o"] = [order.get(a or b, 99) for a, b in zip(frame["from_plan"], frame["to_plan"])]
    return frame.sort_values(["_o", "from", "to"], kind="stable").drop(columns="_o").reset_index(
        drop=True)
