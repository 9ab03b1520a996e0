"""Key indicators with their priority, code and yearly values (flagged where garbled).

One query (``indicators.rq``) gives every indicator, its priorities and its observations,
whatever the number of plans; the rows are split in pandas/Python. An indicator can be
asked for by its code in any spelling (``NI117``, ``"NI 117"``, ``ni117``, ``ni-117``).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from kgraph import queries
from kgraph.analysis.plans import list_plans
from kgraph.lookup import resolve
from kgraph.namespaces import short
from kgraph.queries import Source

COLUMNS = ["indicator", "label", "code", "plan", "priority", "priority_label", "values", "flags"]


def code_key(text: str) -> str:
    """A code as compared: case, spaces, dots, dashes and underscores ignored ("NI 117",
    "ni117" and "NI-117" are one code)."""
    return re.sub(r"[\s._\-]+", "", text).casefold()


def observations(graph: Source, rows: list[dict[str, Any]] | None = None) -> pd.DataFrame:
    """Every observation: indicator, area, period, measure, value_text, value, flag.

    ``rows`` are the rows of ``indicators.rq`` if the caller has them already."""
    if rows is None:
        rows = queries.select(graph, "indicators")
    rows = [r for r in rows if r["period"]]
    frame = pd.DataFrame(
        [{"indicator": short(r["indicator"]), "area": r["area"], "period": r["period"],
          "measure": r["measure"], "value_text": r["valueText"],
          "value": float(r["value"]) if r["value"] is not None else None,
          "flag": short(r["flag"]).split("#")[-1] if r["flag"] else ""} for r in rows],
        columns=["indicator", "area", "period", "measure", "value_text", "value", "flag"],
    )
    return frame.drop_duplicates().sort_values(
        ["indicator", "area", "measure", "period", "value_text", "flag"], kind="stable",
    ).reset_index(drop=True)


def indicators(graph: Source, scope: str | None = None) -> pd.DataFrame:
    """One row per indicator and priority; values as 'area period=value' (flag marks '?').

    ``scope`` is a plan (slug or title fragment), an indicator code in any spelling
    (``NI117``, ``"NI 117"``, ``ni117``) or a priority (slug or label fragment).
    """
    return indicators_with_values(graph, scope)[0]


def indicators_with_values(graph: Source, scope: str | None = None
                           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``indicators`` and the ``observations`` behind its values, from one query (the
    reader's view lists each value on its own)."""
    rows = queries.select(graph, "indicators")
    plan_slugs = None
    priority_slug = None
    code = None
    if scope and any(r["code"] and code_key(r["code"]) == code_key(scope) for r in rows):
        code = code_key(scope)
    elif scope:
        plans = [p for p in list_plans(graph)
                 if scope.casefold() in (p.slug, p.label.casefold())
                 or scope.casefold() in p.label.casefold() or scope.casefold() == p.slug]
        if len(plans) == 1:
            plan_slugs = {plans[0].slug}
        else:
            priority_slug = resolve(graph, scope, {"Priority", "PriorityArea", "Outcome"}).slug
    obs = observations(graph, rows)
    values: dict[str, list[str]] = {}
    flags: dict[str, set[str]] = {}
    for o in obs.to_dict(orient="records"):
        mark = "?" if o["flag"] else ""
        target = "" if o["measure"] == "actual" else " target"
        values.setdefault(o["indicator"], []).append(
            f"{o['area']} {o['period']}{target}={o['value_text']}{mark}")
        if o["flag"]:
            flags.setdefault(o["indicator"], set()).add(o["flag"])
    records = {}
    for r in rows:
        ind, prio, plan = short(r["indicator"]), short(r["priority"]), short(r["plan"])
        if plan_slugs is not None and plan not in plan_slugs:
            continue
        if priority_slug is not None and prio != priority_slug:
            continue
        if code is not None and code_key(r["code"] or "") != code:
            continue
        records[(ind, prio)] = {
            "indicator": ind, "label": r["label"], "code": r["code"] or "", "plan": plan,
            "priority": prio, "priority_label": r["priorityLabel"] or "",
            "values": "; ".join(values.get(ind, [])), "flags": ", ".join(sorted(flags.get(ind, []))),
        }
    frame = pd.DataFrame(list(records.values()), columns=COLUMNS)
    frame = frame.sort_values(["plan", "priority", "code", "indicator"], kind="stable")
    return frame.reset_index(drop=True), obs
