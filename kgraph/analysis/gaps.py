"""Gaps: thin or unmeasured priorities, unlinked indicators, unowned strategies, idle
boards, strategies dropped between plans, priorities with no successor."""

from __future__ import annotations

import pandas as pd
from rdflib import Graph, URIRef

from kgraph import queries
from kgraph.analysis.coverage import plan_coverage
from kgraph.analysis.plans import PlanRef, list_plans, select_plans
from kgraph.namespaces import short

COLUMNS = ["kind", "severity", "plan", "entity", "label", "evidence", "source"]
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _finding(kind: str, severity: str, plan: str, entity: str, label: str,
             evidence: str, source: str | None = None) -> dict:
    return {"kind": kind, "severity": severity, "plan": plan, "entity": entity,
            "label": label, "evidence": evidence, "source": source or ""}


def _priority_gaps(graph: Graph, plan: PlanRef, min_strategies: int) -> list[dict]:
    out = []
    cov = plan_coverage(graph, plan)
    sources = {short(r["priority"]): r["source"]
               for r in queries.select(graph, "plan_priorities", plan=URIRef(plan.iri))}
    for p in cov.priorities.to_dict(orient="records"):
        n = int(p["strategies"])
        if n == 0:
            out.append(_finding("priority-without-strategy", "high", plan.slug, p["priority"],
                                p["column"], "no strategy contributes to it", sources.get(p["priority"])))
        elif n < min_strategies:
            out.append(_finding("thin-priority", "medium", plan.slug, p["priority"], p["column"],
                                f"only {n} strateg{'y contributes' if n == 1 else 'ies contribute'} "
                                f"(fewer than {min_strategies})", sources.get(p["priority"])))
    measured: dict[str, set[str]] = {}
    labels = {}
    for r in queries.select(graph, "priority_indicators", plan=URIRef(plan.iri)):
        key = short(r["priority"])
        labels[key] = r["priorityLabel"]
        measured.setdefault(key, set())
        if r["indicator"]:
            measured[key].add(r["indicator"])
    for key, inds in sorted(measured.items()):
        if not inds:
            out.append(_finding("priority-without-indicator", "medium", plan.slug, key, labels[key],
                                "no key indicator measures it", sources.get(key)))
    return out


def _plan_succession(graph: Graph, plans: list[PlanRef]) -> list[dict]:
    """Strategies named by one plan but not by the next; priorities with no successor."""
    out = []
    chain = [p for p in list_plans(graph) if p.priorities]
    named_cache: dict[str, dict[str, str]] = {}

    def named(p: PlanRef) -> dict[str, str]:  # only the plans asked about and their successors
        if p.slug not in named_cache:
            named_cache[p.slug] = {short(r["strategy"]): r["label"] for r in queries.select(
                graph, "plan_strategies", plan=URIRef(p.iri))}
        return named_cache[p.slug]

    evolution = queries.select(graph, "evolution")
    has_successor = {short(r["from"]) for r in evolution}
    successor_plans = {short(r["fromPlan"]) for r in evolution if r["fromPlan"]}
    wanted = {p.slug for p in plans}
    # only plans that name strategies take part in the strategy succession
    for i, earlier in enumerate(chain):
        if earlier.slug not in wanted or not named(earlier):
            continue
        later = next((p for p in chain[i + 1:] if named(p)), None)
        if later is None:
            continue
        for slug, label in sorted(named(earlier).items()):
            if slug not in named(later):
                out.append(_finding(
                    "strategy-not-carried-forward", "low", earlier.slug, slug, label,
                    f"named by {earlier.label} but not by the next plan, {later.label}"))
    for plan in plans:
        if plan.slug not in successor_plans:
            continue  # no transition is stated for this plan at all: nothing to compare
        for r in queries.select(graph, "plan_priorities", plan=URIRef(plan.iri)):
            if short(r["priority"]) not in has_successor:
                out.append(_finding(
                    "priority-without-successor", "medium", plan.slug, short(r["priority"]),
                    r["label"], "the stated transition to the next plan carries it into nothing",
                    r["source"]))
    return out


def gaps(graph: Graph, plan: str | None = None, min_strategies: int = 3) -> pd.DataFrame:
    """Every finding, most severe first: kind, severity, plan, entity, label, evidence, source."""
    plans = [p for p in select_plans(graph, plan) if p.priorities]
    findings: list[dict] = []
    for p in plans:
        findings += _priority_gaps(graph, p, min_strategies)
    findings += _plan_succession(graph, plans)
    if plan is None:
        for r in queries.select(graph, "unlinked_indicators"):
            findings.append(_finding("indicator-without-priority", "low", "", short(r["indicator"]),
                                     r["label"], "measures no priority, area or outcome", r["source"]))
        for r in queries.select(graph, "unowned_strategies"):
            findings.append(_finding("strategy-without-owner", "low", "", short(r["strategy"]),
                                     r["label"], "no owner, overseer or producer is stated",
                                     r["source"]))
        for r in queries.select(graph, "idle_boards"):
            findings.append(_finding("board-overseeing-nothing", "low", "", short(r["board"]),
                                     r["label"], "owns or oversees nothing and nobody reports to it",
                                     r["source"]))
    frame = pd.DataFrame(findings, columns=COLUMNS)
    frame["_s"] = frame["severity"].map(SEVERITY_ORDER)
    return frame.sort_values(["_s", "kind", "plan", "entity"], kind="stable").drop(
        columns="_s").reset_index(drop=True)
