"""The report's content as plain data: every section computed once from kgraph's own
analyses, limited to one plan when one is named, each fact with its source (document
title, date, line and the quote) in words a council officer can circulate.

The two renderers (``markdown.py`` and ``html.py``) only lay this out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

import kgraph.analysis.gaps as gap_kinds
from kgraph import queries
from kgraph.analysis.coverage import TOTAL, PlanCoverage, coverage
from kgraph.analysis.crosswalk import crosswalk
from kgraph.analysis.gaps import gaps, untabled_in
from kgraph.analysis.indicators import indicators, observations
from kgraph.analysis.overlaps import overlaps
from kgraph.analysis.plans import PlanRef, list_plans, resolve_plan
from kgraph.analysis.trace import governance_graph
from kgraph.namespaces import short
from kgraph.vocabulary import FLAG_WORDS, STATUS_WORDS, area_name

SEVERITY_WORDS = {k: v.capitalize() for k, v in gap_kinds.SEVERITY_WORDS.items()}
_SOURCE = re.compile(r'^(?P<doc>[^\s:]+):(?P<line>\d+)(?:\s+"(?P<quote>.*)")?$', re.S)


@dataclass(frozen=True)
class Source:
    """One place in one source document."""

    doc: str
    title: str
    date: str
    line: int
    quote: str = ""

    def words(self) -> str:
        """'Title (date), line N' — how the report names a place."""
        when = f" ({self.date})" if self.date else ""
        return f"{self.title}{when}, line {self.line}"


@dataclass
class Report:
    """A report's content, ready to render: title, plan, date, summary lines and one list of rows
    per section."""

    title: str
    plan: str | None  # the named plan's title, None for every plan
    generated: str  # ISO date the report was made
    summary: list[str]
    coverage: list[dict[str, Any]]
    gaps: list[dict[str, Any]]
    overlaps: dict[str, list[dict[str, Any]]]
    accountability: list[dict[str, Any]]
    continuity: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    caveats: list[dict[str, Any]]
    sources: list[dict[str, Any]] = field(default_factory=list)
    min_strategies: int = 3
    threshold: float = 0.8


class _Docs:
    """Document ids → titles and dates; collects every document the report cites."""

    def __init__(self, graph: queries.Source) -> None:
        self.info = {r["doc"]: (r["title"], r["date"] or "")
                     for r in queries.select(graph, "documents")}
        self.cited: set[str] = set()

    def source(self, doc: str, line: int, quote: str = "") -> Source:
        title, date = self.info.get(doc, (doc, ""))
        self.cited.add(doc)
        return Source(doc, title, date, int(line), quote or "")

    def parse(self, text: str | None) -> Source | None:
        """'doc:line' or 'doc:line "quote"' (as the analyses give sources)."""
        m = _SOURCE.match(text or "")
        return self.source(m["doc"], int(m["line"]), m["quote"] or "") if m else None


def _plan_members(graph: queries.Source, plan: PlanRef, cov: PlanCoverage | None,
                  gov: nx.MultiDiGraph) -> set[str]:
    """Everything that belongs to a plan: the plan, what is in its scheme, the strategies
    it names or that contribute to it, the indicators measuring its priorities, and the
    bodies up the accountability chain of any of these."""
    members = {plan.slug}
    members |= {short(r["priority"]) for r in queries.select(graph, "plan_priorities",
                                                             plan=_iri(plan))}
    members |= {short(r["strategy"]) for r in queries.select(graph, "plan_strategies",
                                                             plan=_iri(plan))}
    if cov is not None:
        members |= {s for s in cov.matrix["slug"] if s}
    members |= set(indicators(graph, plan.slug)["indicator"])
    for node in list(members):
        if node in gov:
            members |= nx.descendants(gov, node)
    return members


def _iri(plan: PlanRef) -> Any:
    from rdflib import URIRef

    return URIRef(plan.iri)


def _coverage_section(c: PlanCoverage, untabled: bool = False) -> dict[str, Any]:
    """One plan's coverage for the report; ``untabled``: its source has no strategy table
    (the ticks are what its text names: no column is the thinnest or the fullest)."""
    prios = c.priority_rows
    flags = {(r["strategy"], r["priority"]): r["flag"] or ""
             for r in c.link_rows}
    body = c.matrix[c.matrix["strategy"] != TOTAL]
    totals = c.totals  # the matrix holds data rows only (kgraph.analysis.coverage)
    rows = []
    for r in body.to_dict(orient="records"):
        cells = []
        for p in prios:
            ticked = int(r[p["column"]]) > 0
            flagged = bool(flags.get((r["slug"], p["priority"])))
            cells.append("✓?" if ticked and flagged else "✓" if ticked else "")
        # the preferred name, as the accountability section names the same strategies
        rows.append({"strategy": r["preferred_name"], "cells": cells, "total": int(r["total"])})
    counts = [int(p["strategies"]) for p in prios]
    lo, hi = (min(counts), max(counts)) if counts else (0, 0)
    columns = [{"notation": p["notation"] or "", "label": p["label"],
                "strategies": int(p["strategies"]),
                "mark": ("" if untabled else "thinnest" if n == lo and lo != hi else
                         "fullest" if n == hi and lo != hi else "")}
               for p, n in zip(prios, counts, strict=True)]
    total_row = totals if len(totals) else None
    return {"plan": c.plan.label, "period": c.plan.period or "", "columns": columns,
            "untabled": untabled,
            "rows": rows, "flagged": sum(1 for r in rows for x in r["cells"] if "?" in x),
            "totals": [int(total_row[p["column"]]) if total_row is not None else 0
                       for p in prios],
            "grand_total": int(total_row["total"]) if total_row is not None else 0,
            "thinnest": [c_["label"] for c_ in columns if c_["mark"] == "thinnest"],
            "fullest": [c_["label"] for c_ in columns if c_["mark"] == "fullest"],
            "lo": lo, "hi": hi}


def _split(text: str) -> list[str]:
    return [t for t in (text or "").split("; ") if t]


def build_report(graph: queries.Source, plan: str | None = None, min_strategies: int = 3,
                 threshold: float = 0.8, today: dt.date | None = None) -> Report:
    """Every section of the report, for ``plan`` (slug or title fragment) or every plan."""
    docs = _Docs(graph)
    chosen = resolve_plan(graph, plan) if plan else None
    plans = [chosen] if chosen else list_plans(graph)
    plan_title = {p.slug: p.label for p in list_plans(graph)}
    covs = coverage(graph, chosen.slug if chosen else None)
    gov = governance_graph(graph)
    members: set[str] | None = None
    if chosen:
        members = _plan_members(graph, chosen, covs[0] if covs else None, gov)
    labels = {short(r["entity"]): r["prefLabel"] for r in queries.select(graph, "entity_labels")}

    def keep(*slugs: str | None) -> bool:
        return members is None or any(s in members for s in slugs if s)

    # gaps -------------------------------------------------------------------------
    # whole-graph findings too (unowned strategies, idle boards…), kept when they concern
    # something of the named plan
    g = gaps(graph, None, min_strategies)
    untabled = untabled_in(g)

    # coverage ---------------------------------------------------------------------
    coverage_sections = [_coverage_section(c, c.plan.slug in untabled) for c in covs]
    if chosen:
        g = g[(g["plan"] == chosen.slug) | ((g["plan"] == "") & g["entity"].map(keep))]
    gap_groups: dict[str, list[dict[str, Any]]] = {}
    for r in g.to_dict(orient="records"):
        gap_groups.setdefault(r["kind"], []).append({
            "severity": SEVERITY_WORDS.get(r["severity"], r["severity"]),
            "plan": plan_title.get(r["plan"], ""), "item": r["label"],
            "evidence": r["evidence"], "source": docs.parse(r["source"])})
    order = list(gap_kinds.TITLES)
    gap_sections = []
    for kind in sorted(gap_groups, key=lambda k: (order.index(k) if k in order else 99, k)):
        rows = gap_groups[kind]
        gap_sections.append({"kind": kind, "title": gap_kinds.TITLES[kind],
                             "explanation": gap_kinds.describe_kind(kind, min_strategies),
                             "severity": rows[0]["severity"], "findings": rows})

    # overlaps ---------------------------------------------------------------------
    ov = overlaps(graph, chosen.slug if chosen else None, threshold)
    names = {(c.plan.slug, p["column"]): p["label"] for c in covs
             for p in c.priority_rows}

    def named(plan_slug: str, columns: str) -> list[str]:
        return [names.get((plan_slug, c), c) for c in _split(columns)]

    identical = [{"plan": plan_title.get(r["plan"], r["plan"]), "size": int(r["size"]),
                  "priorities": named(r["plan"], r["priorities"]),
                  "strategies": _split(r["strategies"])}
                 for r in ov.identical.to_dict(orient="records")]
    # each overlap once: pairs inside an identical group are said by the group already
    similar = [{"plan": plan_title.get(r["plan"], r["plan"]), "a": r["a"], "b": r["b"],
                "jaccard": float(r["jaccard"]), "shared": named(r["plan"], r["shared"])}
               for r in ov.similar.to_dict(orient="records") if float(r["jaccard"]) < 1.0]
    aliases = [{"label": r["label"], "names": sorted(set(r["names"].split(" | "))),
                "documents": [docs.source(d, 0).title for d in sorted(set(r["documents"].split()))]}
               for r in ov.aliases.to_dict(orient="records") if keep(r["entity"])]

    # accountability ---------------------------------------------------------------
    accountability = []
    for a, b, d in sorted(gov.edges(data=True), key=lambda e: (
            gov.nodes[e[0]]["label"].casefold(), e[2]["relation"],
            gov.nodes[e[1]]["label"].casefold())):
        if members is not None and a not in members:
            continue
        accountability.append({"from": gov.nodes[a]["label"], "relation": d["relation"],
                               "to": gov.nodes[b]["label"], "source": docs.parse(d["source"])})

    # continuity -------------------------------------------------------------------
    cw = crosswalk(graph)
    if chosen:
        cw = cw[(cw["from_plan"] == chosen.slug) | (cw["to_plan"] == chosen.slug)]
    continuity = [{"from_plan": plan_title.get(r["from_plan"], ""), "from": r["from_label"] or "",
                   "status": r["status"], "words": STATUS_WORDS.get(r["status"], r["status"]),
                   "to_plan": plan_title.get(r["to_plan"], ""), "to": r["to_label"] or "",
                   "source": docs.parse(r["source"])}
                  for r in cw.to_dict(orient="records")]

    # indicators -------------------------------------------------------------------
    ind = indicators(graph, chosen.slug if chosen else None)
    obs = observations(graph)
    indicator_rows = []
    for r in ind.to_dict(orient="records"):
        mine = obs[obs["indicator"] == r["indicator"]]
        values = [f"{area_name(o['area'])} {o['period']}"
                  f"{'' if o['measure'] == 'actual' else ' (target)'}: {o['value_text']}"
                  f"{' (?)' if o['flag'] else ''}"
                  for o in mine.to_dict(orient="records")]
        indicator_rows.append({"code": r["code"], "label": r["label"],
                               "plan": plan_title.get(r["plan"], ""),
                               "priority": r["priority_label"], "values": values,
                               "flagged": int((mine["flag"] != "").sum())})

    # caveats ----------------------------------------------------------------------
    caveats = []
    for row in queries.select(graph, "caveats"):
        about, other = short(row["about"] or ""), short(row["object"] or "")
        if not keep(about, other):
            continue
        flag = (row["flag"] or "").rsplit("#", 1)[-1]
        caveats.append({"about": labels.get(about, about),
                        "flag": FLAG_WORDS.get(flag, row["flagLabel"] or flag.replace("-", " ")),
                        "note": row["note"] or "",
                        "source": docs.source(row["doc"], int(row["line"]), row["quote"])})

    # summary ----------------------------------------------------------------------
    severity = g["severity"].value_counts().to_dict()
    summary = []
    if chosen:
        period = f" ({chosen.period})" if chosen.period and chosen.period not in chosen.label \
            else ""
        summary.append(f"This report covers one plan: {chosen.label}{period}.")
    else:
        summary.append(f"This report covers {len(plans)} plans with priorities: "
                       + "; ".join(p.label for p in plans) + ".")
    for c in coverage_sections:
        strategies = len(c["rows"])
        if strategies and c["untabled"]:
            summary.append(
                f"{c['plan']}: the source has no table of strategies against its "
                f"{len(c['columns'])} priorities; its text names {strategies} "
                f"strateg{'y' if strategies == 1 else 'ies'} under "
                f"{sum(1 for col in c['columns'] if col['strategies'])} of them (not a gap).")
        elif strategies:
            summary.append(
                f"{c['plan']}: {strategies} strategies contribute to {len(c['columns'])} "
                f"priorities ({c['grand_total']} marked contributions). Thinnest: "
                f"{'; '.join(c['thinnest']) or 'none'} ({c['lo']} strategies); fullest: "
                f"{'; '.join(c['fullest']) or 'none'} ({c['hi']}).")
        else:
            summary.append(f"{c['plan']}: the source has no table of strategies against its "
                           f"{len(c['columns'])} priorities, so coverage cannot be shown.")
    info = int(severity.get("info", 0))
    found = (f"{len(g)} findings: {int(severity.get('high', 0))} high, "
             f"{int(severity.get('medium', 0))} medium and {int(severity.get('low', 0))} "
             f"low severity{f', and {info} for information' if info else ''}.")
    own = int((g["plan"] == chosen.slug).sum()) if chosen else len(g)
    if own != len(g):
        found += (f" {own} are the plan's own, as the explorer's findings page counts them "
                  f"for this plan; the other {len(g) - own} concern strategies or bodies the "
                  "plan names (for example a strategy with no owner stated), which that page "
                  "counts for the whole graph.")
    summary.append(found)
    summary.append(f"{len(identical)} groups of strategies cover exactly the same priorities; "
                   f"{len(similar)} further pairs of strategies cover nearly the same ones "
                   f"(at least {threshold:.0%} of their priorities in common).")
    summary.append(f"{len(indicator_rows)} key indicators; "
                   f"{sum(1 for i in indicator_rows if i['flagged'])} of them have values the "
                   "conversion may have damaged (marked ?).")
    summary.append(f"{len(caveats)} data caveats: places where the source text is garbled, "
                   "ambiguous or incomplete (listed at the end with their source lines).")

    sources = [{"doc": d, "title": docs.info.get(d, (d, ""))[0],
                "date": docs.info.get(d, (d, ""))[1]} for d in sorted(docs.cited)]
    title = f"Coverage, gaps and accountability: {chosen.label}" if chosen else \
        "Coverage, gaps and accountability: all plans"
    return Report(
        title=title, plan=chosen.label if chosen else None,
        generated=(today or dt.date.today()).isoformat(), summary=summary,
        coverage=coverage_sections, gaps=gap_sections,
        overlaps={"identical": identical, "similar": similar, "aliases": aliases},
        accountability=accountability, continuity=continuity, indicators=indicator_rows,
        caveats=caveats, sources=sources, min_strategies=min_strategies, threshold=threshold)


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows as a DataFrame (for notebooks)."""
    return pd.DataFrame(rows)
