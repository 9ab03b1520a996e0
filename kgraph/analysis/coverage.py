"""The strategy x priority matrix of a plan, with row and column totals."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from rdflib import Graph, URIRef

from kgraph import queries
from kgraph.analysis.plans import PlanRef, select_plans
from kgraph.namespaces import short

TOTAL = "TOTAL"


@dataclass
class PlanCoverage:
    plan: PlanRef
    priorities: pd.DataFrame  # priority, label, notation, column, strategies
    links: pd.DataFrame  # strategy, strategy_label, outcome, priority, flag
    matrix: pd.DataFrame  # one row per strategy (+ TOTAL), one column per priority, total

    def to_dict(self) -> dict:
        return {
            "plan": {"slug": self.plan.slug, "label": self.plan.label},
            "priorities": self.priorities.to_dict(orient="records"),
            "rows": self.matrix.to_dict(orient="records"),
        }


def _order(notation: str | None, label: str) -> tuple[int, str]:
    m = re.search(r"\d+", notation or "")
    return (int(m.group(0)) if m else 10_000, label)


def plan_coverage(graph: Graph, plan: PlanRef, by: str | None = None) -> PlanCoverage:
    rows = queries.select(graph, "coverage", plan=URIRef(plan.iri))
    prio: dict[str, dict] = {}
    links = []
    for r in rows:
        p = short(r["priority"])
        prio.setdefault(p, {"priority": p, "label": r["priorityLabel"], "notation": r["notation"]})
        if r["strategy"]:
            links.append({
                "strategy": short(r["strategy"]), "strategy_label": r["strategyLabel"],
                "outcome": r["outcomeLabel"], "priority": p, "flag": short(r["flag"] or "").split("#")[-1] or None,
            })
    ordered = sorted(prio.values(), key=lambda d: _order(d["notation"], d["label"]))
    seen: dict[str, int] = {}
    for d in ordered:
        column = d["notation"] or d["label"]  # short headings keep the matrix readable
        seen[column] = seen.get(column, 0) + 1
        # two priorities with one heading (no notation, same label) stay two columns
        d["column"] = column if seen[column] == 1 else f"{column} ({d['priority']})"
    link_frame = pd.DataFrame(links, columns=["strategy", "strategy_label", "outcome", "priority", "flag"])
    link_frame = link_frame.drop_duplicates(["strategy", "priority", "outcome"])
    columns = [d["column"] for d in ordered]
    column_of = {d["priority"]: d["column"] for d in ordered}
    records = {}
    for link in link_frame.itertuples(index=False):
        rec = records.setdefault(link.strategy, {
            "strategy": link.strategy_label, "slug": link.strategy, "outcome": None,
            **{c: 0 for c in columns}})
        rec[column_of[link.priority]] = 1
        if link.outcome and not rec["outcome"]:
            rec["outcome"] = link.outcome
    matrix = pd.DataFrame(list(records.values()), columns=["strategy", "slug", "outcome", *columns])
    matrix["total"] = matrix[columns].sum(axis=1).astype(int) if columns else 0
    if by == "outcome":
        matrix["outcome"] = matrix["outcome"].fillna("(no outcome heading)")
        matrix = matrix.sort_values(["outcome", "strategy"], kind="stable")
    else:
        matrix = matrix.sort_values("strategy", kind="stable").drop(columns=["outcome"])
    totals = {c: int(matrix[c].sum()) for c in columns}
    for d in ordered:
        d["strategies"] = totals[d["column"]]
    total_row = {"strategy": TOTAL, "slug": "", **totals, "total": int(sum(totals.values()))}
    if by == "outcome":
        total_row["outcome"] = ""
    matrix = pd.concat([matrix, pd.DataFrame([total_row])], ignore_index=True)
    for c in [*columns, "total"]:
        matrix[c] = matrix[c].astype(int)
    return PlanCoverage(plan, pd.DataFrame(ordered), link_frame, matrix.reset_index(drop=True))


def coverage(graph: Graph, plan: str | None = None, by: str | None = None) -> list[PlanCoverage]:
    """Coverage matrices: of PLAN (slug or title fragment), or of every plan with priorities."""
    covs = [plan_coverage(graph, p, by) for p in select_plans(graph, plan) if p.priorities]
    if plan is None:  # every plan that has a matrix: at least one strategy contributes
        covs = [c for c in covs if len(c.matrix) > 1]
    return covs
