"""Two plans side by side: the strategies both name and those only one of them names."""

from __future__ import annotations

import pandas as pd
from rdflib import URIRef

from kgraph import queries
from kgraph.analysis.plans import PlanRef, resolve_plan
from kgraph.errors import KgraphError
from kgraph.namespaces import short
from kgraph.queries import Source


class SamePlan(KgraphError):
    """Both arguments name one plan (a usage error)."""

    exit_code = 2


COLUMNS = ["in", "strategy", "slug", "plan_a", "plan_b"]


def plan_strategies(graph: Source, plan: PlanRef) -> dict[str, str]:
    """slug → preferred name of every strategy-like document PLAN lists, that serves one of
    its priorities, or that supports it (plan_strategies.rq)."""
    return {short(r["strategy"]): str(r["label"])
            for r in queries.select(graph, "plan_strategies", plan=URIRef(plan.iri))}


def compare(graph: Source, plan_a: str, plan_b: str) -> pd.DataFrame:
    """One row per strategy named by either plan: ``in`` is "both", "only A" or "only B"
    (A and B are the plans' titles in ``plan_a``/``plan_b``); both first, then A's, then B's."""
    a, b = resolve_plan(graph, plan_a), resolve_plan(graph, plan_b)
    if a.iri == b.iri:
        raise SamePlan(f"{plan_a!r} and {plan_b!r} are the same plan ({a.label}); name two plans")
    sa, sb = plan_strategies(graph, a), plan_strategies(graph, b)
    rows = []
    for slug in sorted(sa.keys() | sb.keys(), key=lambda s: ((sa | sb)[s].casefold(), s)):
        where = ("both" if slug in sa and slug in sb
                 else f"only {a.label}" if slug in sa else f"only {b.label}")
        rank = 0 if where == "both" else 1 if slug in sa else 2
        rows.append((rank, {"in": where, "strategy": sa.get(slug) or sb[slug], "slug": slug,
                            "plan_a": a.label, "plan_b": b.label}))
    return pd.DataFrame([r for _, r in sorted(rows, key=lambda x: x[0])], columns=COLUMNS)
