"""Page models: the graph's analyses turned into plain, sorted dicts, one per page.

Each dict is the page's JSON twin, and the template only lays it out: every decision
(what to list, in which order, what is thin, what links where) is made here. Data comes
from ``sitedata.collect`` (the analyses, run once); this module never queries the graph
itself. The network view's model is in ``network``.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import asdict
from typing import Any

import pandas as pd

from kgraph.entity import Fact, predicate_label
from kgraph.explorer import kinds
from kgraph.explorer.facts import type_label
from kgraph.explorer.network import network
from kgraph.explorer.sitedata import (
    CODE,
    CONTRIBUTES,
    DESCRIPTION,
    EVOLVES,
    IN_SCHEME,
    LISTED_IN,
    MEASURES,
    NOTATION,
    OWNED_BY,
    PERIOD,
    SERVES,
    SUPPORTS,
    SiteData,
    collect,
    kind_of,
    label_key,
    ref,
    refs,
    source_ref,
)

__all__ = ["SiteData", "collect", "network"]  # build.py reaches these through pages

TREE_DEPTH = 8

GAP_TITLES = {
    "priority-without-strategy": "Priorities no strategy contributes to",
    "thin-priority": "Thin priorities (few contributing strategies)",
    "priority-without-indicator": "Priorities no key indicator measures",
    "priority-without-successor": "Priorities the next plan does not carry",
    "strategy-not-carried-forward": "Strategies the next plan does not name",
    "strategy-without-owner": "Strategies with no owner, overseer or producer",
    "indicator-without-priority": "Indicators that measure no priority",
    "board-overseeing-nothing": "Boards and partnerships that oversee nothing",
}


# small pieces -----------------------------------------------------------------------

def _notation_order(notation: str | None, label: str) -> tuple[int, str]:
    m = re.search(r"\d+", notation or "")
    return (int(m.group(0)) if m else 10_000, label.casefold())


def _fact(f: Fact) -> dict[str, Any]:
    return asdict(f)


def _citations_of(data: SiteData, slug: str, predicate: str, target: str) -> list[dict[str, Any]]:
    """Citations of one stated link, from the subject's description."""
    label = predicate_label(predicate)
    for f in data.catalogue.descriptions[slug].facts:
        if f.predicate == label and f.target == target:
            return [asdict(c) for c in f.citations]
    return []


def _heat(value: int, top: int) -> int:
    """0-4: a value's step on the heat scale of its table."""
    if value <= 0 or top <= 0:
        return 0
    return min(4, 1 + (value * 4 - 1) // top)


# plans ------------------------------------------------------------------------------

def _priority(data: SiteData, plan: str | None, slug: str) -> dict[str, Any]:
    cat = data.catalogue
    contributors = [s for s in cat.into(slug, CONTRIBUTES)
                    if kind_of(data, s) in kinds.STRATEGY_LIKE]
    n = len(set(contributors))
    return {"ref": ref(data, slug), "notation": cat.literal(slug, NOTATION) or "",
            "strategies": n, "thin": n < data.min_strategies,
            "indicators": len(set(cat.into(slug, MEASURES)))}


def scheme(data: SiteData, plan: str) -> dict[str, Any] | None:
    """A plan's vision → outcomes → priorities (None when nothing is in its scheme)."""
    cat = data.catalogue
    members = set(cat.into(plan, IN_SCHEME))
    if not members:
        return None
    by_type: dict[str, list[str]] = defaultdict(list)
    for m in members:
        by_type[kind_of(data, m)].append(m)
    priorities = sorted(by_type["Priority"] + by_type["PriorityArea"],
                        key=lambda s: _notation_order(cat.literal(s, NOTATION),
                                                      cat.entities[s].label))
    outcomes = sorted(by_type["Outcome"], key=lambda s: _notation_order(
        cat.literal(s, NOTATION), cat.entities[s].label))
    under: dict[str, list[dict[str, Any]]] = defaultdict(list)
    loose = []
    for p in priorities:
        served = [o for o in cat.out(p, SERVES) if o in outcomes]
        if served:
            for o in sorted(set(served)):
                under[o].append(_priority(data, plan, p))
        else:
            loose.append(_priority(data, plan, p))
    return {
        "plan": ref(data, plan),
        "period": cat.literal(plan, PERIOD) or "",
        "visions": refs(data, by_type["Vision"]),
        "outcomes": [{"ref": ref(data, o), "priorities": under.get(o, [])} for o in outcomes],
        "priorities": loose,
        "actions": len(by_type["Action"]),
        "has_coverage": plan in data.coverage,
        "strategies": len(data.coverage[plan].matrix) if plan in data.coverage else 0,
    }


# pages ------------------------------------------------------------------------------

def home(data: SiteData) -> dict[str, Any]:
    cat = data.catalogue
    counts: dict[str, int] = defaultdict(int)
    for e in cat.entities.values():
        counts[kinds.family(e.type).name] += 1
    severity = data.gaps["severity"].value_counts().to_dict()
    plan_slugs = [p.slug for p in data.plans if p.slug in cat.entities]
    plan_slugs += sorted(s for s, e in cat.entities.items()
                         if e.type == "StrategicPlan" and s not in plan_slugs)
    return {
        "kind": "home",
        "title": "Plans, priorities and the strategies that serve them",
        "path": data.urls.home(),
        "counts": [{"family": f.name, "title": f.title, "count": counts[f.name]}
                   for f in kinds.FAMILIES if counts[f.name]],
        "totals": {"entities": len(cat.entities), "links": len(cat.links),
                   "citations": len(cat.citations), "documents": len(cat.documents),
                   "triples": data.triples},
        "findings": {s: int(severity.get(s, 0)) for s in ("high", "medium", "low")},
        "plans": [s for s in (scheme(data, p) for p in plan_slugs) if s is not None],
        "min_strategies": data.min_strategies,
    }


def coverage_page(data: SiteData) -> dict[str, Any]:
    plans = []
    for plan in data.plans:
        cov = data.coverage.get(plan.slug)
        if cov is None:  # every plan with priorities, even one no strategy serves yet
            continue
        prios = cov.priorities.to_dict(orient="records")
        flags = {(r["strategy"], r["priority"]): r["flag"] or ""
                 for r in cov.links.to_dict(orient="records")}
        body = cov.matrix[cov.matrix["strategy"] != "TOTAL"]
        totals = cov.totals
        top_row = int(body["total"].max()) if len(body) else 0
        top_col = max((int(p["strategies"]) for p in prios), default=0)
        rows = []
        for r in body.to_dict(orient="records"):
            rows.append({
                "ref": ref(data, r["slug"], r["strategy"]),
                "cells": [{"value": int(r[p["column"]]),
                           "flag": flags.get((r["slug"], p["priority"]), "")} for p in prios],
                "total": int(r["total"]), "heat": _heat(int(r["total"]), top_row)})
        plans.append({
            "plan": ref(data, plan.slug, plan.label), "period": plan.period or "",
            "columns": [{"ref": ref(data, p["priority"], p["label"]), "column": p["column"],
                         "strategies": int(p["strategies"]),
                         "thin": int(p["strategies"]) < data.min_strategies,
                         "heat": _heat(int(p["strategies"]), top_col)} for p in prios],
            "rows": rows,
            "totals": [int(totals[p["column"]]) for p in prios],
            "grand_total": int(totals["total"]),
        })
    return {"kind": "coverage", "title": "Coverage: strategies × priorities",
            "path": data.urls.coverage(), "min_strategies": data.min_strategies, "plans": plans}


def _split_labels(text: str, known: list[str]) -> list[str]:
    """'a; b; c' back into labels, where a known label may itself hold '; '."""
    out, rest = [], text
    longest_first = sorted(known, key=len, reverse=True)
    while rest:
        hit = next((k for k in longest_first if rest == k or rest.startswith(k + "; ")), None)
        part = hit or rest.split("; ", 1)[0]
        out.append(part)
        rest = rest[len(part) + 2:] if len(rest) > len(part) else ""
    return out


def _strategy_refs(data: SiteData, plan: str, text: str) -> list[dict[str, Any]]:
    cov = data.coverage.get(plan)
    body = cov.matrix[cov.matrix["strategy"] != "TOTAL"] if cov is not None else pd.DataFrame()
    by_label = dict(zip(body.get("strategy", []), body.get("slug", []), strict=True))
    return [ref(data, by_label[lab]) if lab in by_label else {"slug": "", "label": lab, "type": ""}
            for lab in _split_labels(text, list(by_label))]  # type: ignore[misc]


def findings_page(data: SiteData) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in data.gaps.to_dict(orient="records"):
        groups[r["kind"]].append({
            "severity": r["severity"], "plan": ref(data, r["plan"] or None),
            "entity": ref(data, r["entity"], r["label"]), "label": r["label"],
            "evidence": r["evidence"], "source": source_ref(r["source"])})
    order = {k: i for i, k in enumerate(GAP_TITLES)}
    kinds_present = sorted(groups, key=lambda k: (order.get(k, 99), k))
    ov = data.overlaps
    identical = [{"plan": ref(data, r["plan"]), "group": int(r["group"]), "size": int(r["size"]),
                  "priorities": r["priorities"].split("; "),
                  "strategies": _strategy_refs(data, r["plan"], r["strategies"])}
                 for r in ov.identical.to_dict(orient="records")]
    similar = [{"plan": ref(data, r["plan"]),
                "a": _strategy_refs(data, r["plan"], r["a"])[0],
                "b": _strategy_refs(data, r["plan"], r["b"])[0],
                "jaccard": float(r["jaccard"]), "shared": r["shared"].split("; ")}
               for r in ov.similar.to_dict(orient="records")]
    clusters = [{"plan": ref(data, r["plan"]), "cluster": int(r["cluster"]), "size": int(r["size"]),
                 "strategies": _strategy_refs(data, r["plan"], r["strategies"])}
                for r in ov.clusters.to_dict(orient="records")]
    aliases = [{"entity": ref(data, r["entity"], r["label"]),
                "names": sorted(r["names"].split(" | ")),
                "documents": sorted(r["documents"].split())}
               for r in ov.aliases.to_dict(orient="records")]
    transitions = [{"status": r["status"], "from_plan": ref(data, r["from_plan"] or None),
                    "from": ref(data, r["from"] or None, r["from_label"]),
                    "to_plan": ref(data, r["to_plan"] or None),
                    "to": ref(data, r["to"] or None, r["to_label"]),
                    "source": source_ref(r["source"])}
                   for r in data.crosswalk.to_dict(orient="records")]
    return {
        "kind": "findings", "title": "Gaps and overlaps", "path": data.urls.findings(),
        "min_strategies": data.min_strategies,
        "gaps": [{"kind": k, "title": GAP_TITLES.get(k, k), "count": len(groups[k]),
                  "findings": groups[k]} for k in kinds_present],
        "overlaps": {"identical": identical, "similar": similar, "clusters": clusters,
                     "aliases": aliases},
        "transitions": transitions,
    }


def _tree(data: SiteData, node: str, up: bool, path: frozenset[str], depth: int = 0
          ) -> list[dict[str, Any]]:
    """Accountability as a tree: up (whom ``node`` reports to) or down (what it oversees)."""
    g = data.governance
    if node not in g:
        return []
    edges = g.out_edges(node, data=True) if up else g.in_edges(node, data=True)
    out = []
    for a, b, d in sorted(edges, key=lambda e: (e[2]["relation"], e[0], e[1], e[2]["source"])):
        other = b if up else a
        seen = other in path or depth + 1 >= TREE_DEPTH
        out.append({"relation": d["relation"], "entity": ref(data, other, g.nodes[other]["label"]),
                    "source": source_ref(d["source"]), "repeat": other in path,
                    "children": [] if seen else _tree(data, other, up, path | {other}, depth + 1)})
    return out


def _series(data: SiteData, indicator: str) -> list[dict[str, Any]]:
    obs = data.observations[data.observations["indicator"] == indicator]
    out = []
    for (area, measure), rows in obs.groupby(["area", "measure"], sort=True):
        rows = rows.sort_values("period", kind="stable")
        points = [{"period": r["period"], "text": r["value_text"] or "",
                   "value": None if pd.isna(r["value"]) else float(r["value"]),
                   "flag": r["flag"] or ""} for r in rows.to_dict(orient="records")]
        chart = sparkline([(p["period"], p["value"]) for p in points if not p["flag"]])
        out.append({"area": area, "measure": measure, "points": points, "chart": chart})
    return out


def _indicator(data: SiteData, slug: str) -> dict[str, Any]:
    return {"ref": ref(data, slug), "code": data.catalogue.literal(slug, CODE) or "",
            "series": _series(data, slug)}


def _linked(data: SiteData, slugs: list[str], subject_of: str | None, predicate: str,
            subject_is_self: bool) -> list[dict[str, Any]]:
    """References with the citations of the link between them and the page's entity."""
    out = []
    for s in sorted(set(slugs), key=lambda x: label_key(ref(data, x))):
        subject, target = (subject_of, s) if subject_is_self else (s, subject_of)
        out.append({"ref": ref(data, s),
                    "notation": data.catalogue.literal(s, NOTATION) or "",
                    "citations": _citations_of(data, subject, predicate, target)})  # type: ignore[arg-type]
    return out


def _plans_of(data: SiteData, slug: str) -> list[str]:
    return sorted(set(data.catalogue.out(slug, IN_SCHEME)))


def entity_page(data: SiteData, slug: str) -> dict[str, Any]:
    cat = data.catalogue
    e = cat.entities[slug]
    desc = cat.descriptions[slug]
    fam = kinds.family(e.type)
    named: dict[str, dict[str, Any]] = {}
    for m in desc.mentions:
        doc = named.setdefault(m["doc"], {"doc": m["doc"], "title": m["title"], "mentions": []})
        flag = predicate_label(m["flag"]) if m["flag"] else ""
        doc["mentions"].append({"line": int(m["line"]), "label": m["label"] or "",
                                "quote": m["quote"], "flag": flag, "note": m["note"] or ""})
    attributes = [_fact(f) for f in desc.facts if f.target is None]
    page: dict[str, Any] = {
        "kind": fam.name, "title": e.label, "path": data.urls.entity(slug),
        "entity": {"slug": slug, "label": e.label, "type": e.type, "type_label": type_label(e.type),
                   "iri": e.iri, "family": fam.name, "family_title": fam.title},
        "alt_labels": desc.alt_labels,
        "description": cat.literal(slug, DESCRIPTION),
        "attributes": [a for a in attributes if a["predicate"] != predicate_label(DESCRIPTION)],
        "named_in": [named[d] for d in sorted(named)],
        "facts": [_fact(f) for f in desc.facts if f.target is not None],
        "incoming": [_fact(f) for f in desc.incoming],
        "scheme": scheme(data, slug),
        "in_plans": refs(data, _plans_of(data, slug)),
    }
    if fam.name in ("plan", "strategy"):
        covers: dict[str, list[str]] = defaultdict(list)
        for target in cat.out(slug, CONTRIBUTES):
            for plan in _plans_of(data, target) or [""]:
                covers[plan].append(target)
        page["covers"] = [
            {"plan": ref(data, plan or None),
             "priorities": sorted(_linked(data, covers[plan], slug, CONTRIBUTES, True),
                                  key=lambda p: _notation_order(p["notation"], p["ref"]["label"]))}
            for plan in sorted(covers, key=lambda p: label_key(ref(data, p)) if p else ("~", ""))]
        page["serves"] = _linked(data, cat.out(slug, SERVES), slug, SERVES, True)
        page["listed_in"] = refs(data, cat.out(slug, LISTED_IN))
        page["supports"] = refs(data, cat.out(slug, SUPPORTS))
        page["supported_by"] = refs(data, cat.into(slug, SUPPORTS))
        page["accountability"] = _tree(data, slug, True, frozenset({slug}))
        via = sorted({p for plan in covers for p in [plan] if plan and plan != slug}
                     | set(cat.out(slug, LISTED_IN)))
        page["via_plans"] = [{"plan": ref(data, p), "tree": _tree(data, p, True, frozenset({p}))}
                             for p in via]
    elif fam.name in ("priority", "outcome"):
        contributors = cat.into(slug, CONTRIBUTES)
        strategies = [s for s in contributors if kind_of(data, s) in kinds.STRATEGY_LIKE]
        page["plan"] = (page["in_plans"] or [None])[0]
        page["notation"] = cat.literal(slug, NOTATION) or ""
        page["strategies"] = _linked(data, strategies, slug, CONTRIBUTES, False)
        page["thin"] = len(set(strategies)) < data.min_strategies
        page["min_strategies"] = data.min_strategies
        page["contributors"] = _linked(data, [s for s in contributors if s not in strategies],
                                       slug, CONTRIBUTES, False)
        page["indicators"] = [_indicator(data, i) for i in sorted(set(cat.into(slug, MEASURES)))]
        page["predecessors"] = _linked(data, cat.into(slug, EVOLVES), slug, EVOLVES, False)
        page["successors"] = _linked(data, cat.out(slug, EVOLVES), slug, EVOLVES, True)
        page["serves"] = _linked(data, cat.out(slug, SERVES), slug, SERVES, True)
        page["served_by"] = _linked(data, cat.into(slug, SERVES), slug, SERVES, False)
    elif fam.name == "body":
        page["oversees"] = _tree(data, slug, False, frozenset({slug}))
        page["reports_to"] = _tree(data, slug, True, frozenset({slug}))
    elif fam.name == "indicator":
        page["code"] = cat.literal(slug, CODE) or ""
        page["measures"] = _linked(data, cat.out(slug, MEASURES), slug, MEASURES, True)
        page["series"] = _series(data, slug)
        page["owners"] = refs(data, cat.out(slug, OWNED_BY))
    return page


def entities_page(data: SiteData) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for slug, e in data.catalogue.entities.items():
        groups[kinds.family(e.type).name].append(
            {"ref": ref(data, slug), "type_label": type_label(e.type)})
    return {"kind": "entities", "title": "Every entity, A to Z", "path": data.urls.entities(),
            "families": [{"name": f.name, "title": f.title,
                          "entities": sorted(groups[f.name], key=lambda x: label_key(x["ref"]))}
                         for f in kinds.FAMILIES if groups[f.name]]}


def sources_page(data: SiteData) -> dict[str, Any]:
    counts: dict[str, int] = defaultdict(int)
    for c in data.catalogue.citations:
        counts[c.doc] += 1
    return {"kind": "sources", "title": "Source documents", "path": data.urls.sources(),
            "documents": [{"doc": d, "title": t, "citations": counts[d]}
                          for d, t in data.catalogue.documents.items()]}


def source_page(data: SiteData, doc: str) -> dict[str, Any]:
    lines: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in data.catalogue.citations:
        if c.doc == doc:
            lines[c.line].append({"entity": ref(data, c.entity), "what": c.what,
                                  "target": ref(data, c.target), "quote": c.quote,
                                  "flag": c.flag or "", "note": c.note or ""})
    for finding in _cited_by_findings(data).get(doc, []):
        if finding["line"] not in lines:
            lines[finding["line"]].append(finding["item"])
    return {"kind": "source", "title": data.catalogue.documents.get(doc, doc),
            "path": data.urls.source(doc), "doc": doc,
            "lines": [{"line": n, "citations": lines[n]} for n in sorted(lines)]}


def _cited_by_findings(data: SiteData) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in data.gaps.to_dict(orient="records"):
        s = source_ref(r["source"])
        if s:
            out[s["doc"]].append({"line": s["line"], "item": {
                "entity": ref(data, r["entity"], r["label"]), "what": r["evidence"],
                "target": None, "quote": s["quote"], "flag": "", "note": ""}})
    return out


def search_page(data: SiteData) -> dict[str, Any]:
    return {"kind": "search", "title": "Search", "path": data.urls.search(),
            "entries": len(data.catalogue.entities) + len(data.catalogue.documents)}


def search_index(data: SiteData) -> list[dict[str, Any]]:
    """What the client-side search looks through: every entity page and source page."""
    paths = data.urls.all_entity_paths()
    out = []
    for slug, e in data.catalogue.entities.items():
        fam = kinds.family(e.type)
        others = [lab for lab in data.catalogue.labels.get(slug, []) if lab != e.label]
        out.append({"l": e.label, "t": type_label(e.type), "f": fam.name, "u": paths[slug],
                    "a": others})
    for doc, path in data.urls.all_source_paths().items():
        out.append({"l": data.catalogue.documents[doc], "t": "source document", "f": "source",
                    "u": path, "a": [doc]})
    return sorted(out, key=lambda d: (d["l"].casefold(), d["u"]))


# charts -----------------------------------------------------------------------------

def sparkline(points: list[tuple[str, float]], width: int = 240, height: int = 64,
              pad: int = 8) -> dict[str, Any] | None:
    """SVG geometry of a small line chart of (period, value) points, in order; None when
    fewer than two points are numbers."""
    values = [(p, v) for p, v in points if v is not None and not math.isnan(v)]
    if len(values) < 2:
        return None
    lo = min(v for _, v in values)
    hi = max(v for _, v in values)
    span = (hi - lo) or 1.0
    step = (width - 2 * pad) / (len(values) - 1)
    inner = height - 2 * pad
    coords = [(round(pad + i * step, 1), round(height - pad - (v - lo) / span * inner, 1))
              for i, (_, v) in enumerate(values)]
    return {
        "width": width, "height": height,
        "points": " ".join(f"{x},{y}" for x, y in coords),
        "dots": [{"x": x, "y": y, "period": p, "value": v}
                 for (x, y), (p, v) in zip(coords, values, strict=True)],
        "low": lo, "high": hi,
        "first": values[0][0], "last": values[-1][0],
    }
