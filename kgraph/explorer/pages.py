# Over 400 lines: one page model per kind of page, all built from the same SiteData; each is short.
"""Page models: the graph's analyses turned into plain, sorted dicts, one per page.

Each dict is the page's JSON twin, and the template only lays it out: every decision
(what to list, in which order, what is thin, what links where) is made here. Data comes
from ``sitedata.collect`` (the analyses, run once); this module never queries the graph
itself. The network view's model is in ``network``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import pandas as pd

import kgraph.analysis.gaps as gap_kinds
from kgraph.analysis.trace import _walk as walk_governance  # the walk `kgraph trace` prints
from kgraph.entity import Fact, predicate_label
from kgraph.explorer import diagrams, kinds
from kgraph.explorer.facts import type_label
from kgraph.explorer.indicators import indicator_values
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
from kgraph.vocabulary import AGENTS, FLAG_WORDS

__all__ = ["SiteData", "collect", "network"]  # build.py reaches these through pages
PRODUCED_BY = "https://w3id.org/kgraph/ontology#producedBy"


GAP_TITLES = gap_kinds.TITLES  # one home for the kinds' titles and sentences


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
            "strategies": n, "thin": slug in data.thin,
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
        "untabled": plan in data.untabled,
        "strategies": len(data.coverage[plan].matrix) if plan in data.coverage else 0,
    }


# pages ------------------------------------------------------------------------------

def home(data: SiteData) -> dict[str, Any]:
    """The home page model: plans with their vision, outcomes and priorities, counts by kind,
    findings by severity, producers."""
    cat = data.catalogue
    counts: dict[str, int] = defaultdict(int)
    for e in cat.entities.values():
        counts[kinds.family(e.type).name] += 1
    severity = data.gaps["severity"].value_counts().to_dict()
    plan_slugs = [p.slug for p in data.plans if p.slug in cat.entities]
    plan_slugs += sorted(s for s, e in cat.entities.items()
                         if e.type == "StrategicPlan" and s not in plan_slugs)
    plan_slugs.sort(key=lambda s: (_start_year(cat.literal(s, PERIOD) or cat.entities[s].label),
                                   cat.entities[s].label.casefold()))
    schemes = [s for s in (scheme(data, p) for p in plan_slugs) if s is not None]
    producers = sorted({o for p in plan_slugs for o in cat.out(p, PRODUCED_BY)} |
                       {o for p in plan_slugs for o in cat.out(p, OWNED_BY)})
    bodies = sorted((n for n in data.governance if kind_of(data, n) in AGENTS),
                    key=lambda n: (-data.governance.in_degree(n), cat.entities[n].label))
    return {
        "kind": "home",
        "title": "Plans, priorities and the strategies that serve them",
        "path": data.urls.home(),
        "producers": refs(data, producers),
        "accountable": [ref(data, n) for n in bodies[:5]],
        "plan_counts": {"all": counts["plan"], "with_priorities": len(schemes),
                        "with_coverage": len(data.coverage)},
        "counts": [{"family": f.name, "title": f.title, "count": counts[f.name]}
                   for f in kinds.FAMILIES if counts[f.name]],
        "totals": {"entities": len(cat.entities), "links": len(cat.links),
                   "citations": len(cat.citations), "documents": len(cat.documents),
                   "triples": data.triples},
        "findings": {s: int(severity.get(s, 0)) for s in ("high", "medium", "low", "info")},
        "plans": schemes,
        "min_strategies": data.min_strategies,
    }


def _start_year(text: str) -> int:
    m = re.search(r"(19|20)\d\d", text)
    return int(m.group(0)) if m else 9999


def coverage_page(data: SiteData) -> dict[str, Any]:
    """The coverage page model: each plan's strategy × priority matrix with totals, flags and the
    largest row and column."""
    plans = []
    for plan in data.plans:
        cov = data.coverage.get(plan.slug)
        if cov is None:  # every plan with priorities, even one no strategy serves yet
            continue
        prios = cov.priority_rows
        flags = {(r["strategy"], r["priority"]): FLAG_WORDS.get(r["flag"], r["flag"]) if r["flag"] else ""
                 for r in cov.link_rows}
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
        counts = [int(p["strategies"]) for p in prios]
        low = min(counts) if counts else 0
        high = max(counts) if counts else 0

        named = [_column_name(p["column"], p["label"]) for p in prios]
        untabled = plan.slug in data.untabled
        if untabled:  # no table: no column is the thinnest or the fullest of one
            low = high = 0
        plans.append({
            "plan": ref(data, plan.slug, plan.label), "period": plan.period or "",
            "untabled": untabled,
            "thinnest": [n for n, c in zip(named, counts, strict=True)
                         if _extreme(c, low, high) == "thinnest"],
            "fullest": [n for n, c in zip(named, counts, strict=True)
                        if _extreme(c, low, high) == "fullest"],
            "fewest": low, "most": high,
            "listed_at": _listed_at(data, [p["priority"] for p in prios]),
            "columns": [{"ref": ref(data, p["priority"], p["label"]), "column": p["column"],
                         "short": _short_column(p["column"], p["label"]), "name": name,
                         "strategies": int(p["strategies"]),
                         "thin": p["priority"] in data.thin,
                         "extreme": _extreme(int(p["strategies"]), low, high),
                         "heat": _heat(int(p["strategies"]), top_col)}
                        for p, name in zip(prios, named, strict=True)],
            "rows": rows,
            "totals": [int(totals[p["column"]]) for p in prios],
            "grand_total": int(totals["total"]),
        })
    return {"kind": "coverage", "title": "Coverage: strategies × priorities",
            "path": data.urls.coverage(), "min_strategies": data.min_strategies, "plans": plans}


def _extreme(n: int, low: int, high: int) -> str:
    """'thinnest' / 'fullest' for a column's count in its plan, '' when all counts are equal."""
    if low == high:
        return ""
    return "thinnest" if n == low else ("fullest" if n == high else "")


def _column_name(column: str, label: str) -> str:
    """'Priority 3 (Learning and achievement)', or just the label when the column is it."""
    return column if not label or label.casefold() in column.casefold() else f"{column} ({label})"


def _short_column(column: str, label: str) -> str:
    """The column's own words without the label the header links to: 'Priority 3' of
    'Priority 3: Learning and achievement'; '' when the column is just the label."""
    if column.casefold() == label.casefold():
        return ""
    head, sep, rest = column.partition(":")
    return head if sep and rest.strip().casefold() == label.casefold() else column


def _listed_at(data: SiteData, priorities: list[str]) -> dict[str, Any] | None:
    """Where the source lists a plan's priorities: the first line naming one of them in the
    document that names most of them (an empty matrix cites it)."""
    lines: dict[str, list[int]] = {}
    titles: dict[str, str] = {}
    for slug in priorities:
        desc = data.catalogue.descriptions.get(slug)
        for m in desc.mentions if desc else []:
            lines.setdefault(m["doc"], []).append(int(m["line"]))
            titles[m["doc"]] = m.get("title") or titles.get(m["doc"], "")
    if not lines:
        return None
    doc = max(sorted(lines), key=lambda d: len(lines[d]))
    return {"doc": doc, "line": min(lines[doc]), "title": titles[doc]}


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
    return [ref(data, by_label[lab]) if lab in by_label else {"slug": "", "label": lab, "type": ""}  # type: ignore[misc]  # a slug gives a dict
            for lab in _split_labels(text, list(by_label))]


# kinds that say the sources are silent, not that a plan has a hole
SILENT_KINDS = {"strategy-without-owner", "indicator-without-priority",
                "board-overseeing-nothing"}


def _once(data: SiteData, key: Any, make: Callable[[], Any]) -> Any:
    """``make()``, computed once per build and kept in ``data.memo`` under ``key``: what a
    page per plan, body or strategy reads (recomputed per page, it grew with the square)."""
    if key not in data.memo:
        data.memo[key] = make()
    return data.memo[key]


def _silent_plans(data: SiteData) -> dict[str, str]:
    """Plans whose source holds no strategy × priority table, as the gaps analysis finds them
    (its "not stated in the source" findings, ``data.untabled``; a plan whose text names a
    strategy under a priority has ticks and still no table): their priorities' counts are
    "not stated", not gaps. plan → why."""
    return {plan: "its source has no table of strategies against priorities"
            for plan in sorted(data.untabled)}


def _finding_words(kind: str, min_strategies: int) -> str:
    return gap_kinds.explain_kind(kind, min_strategies)


def findings_summary(data: SiteData, plan: str | None = None) -> list[dict[str, Any]]:
    """Counts by plan and kind, worst first (most high, then medium, then low)."""
    if plan is None:
        frame = data.gaps
    else:
        by_plan = _once(data, "gaps_by_plan", lambda: {
            str(k): v for k, v in data.gaps.groupby("plan", sort=False)})
        frame = by_plan.get(plan, data.gaps.iloc[0:0])
    silent = _silent_plans(data)
    rows: dict[str, dict[str, Any]] = {}
    for r in frame.to_dict(orient="records"):
        key = r["plan"] or ""
        row = rows.setdefault(key, {"plan": ref(data, key or None), "kinds": defaultdict(int),
                                    "high": 0, "medium": 0, "low": 0, "total": 0,
                                    "silent": key in silent})
        row["kinds"][r["kind"]] += 1
        row[r["severity"]] = row.get(r["severity"], 0) + 1
        row["total"] += 1
    out = [dict(r, kinds=dict(r["kinds"])) for r in rows.values()]
    return sorted(out, key=lambda r: (-r["high"], -r["medium"], -r["low"],
                                      label_key(r["plan"]) if r["plan"] else ("~", "")))


def findings_page(data: SiteData) -> dict[str, Any]:
    """The findings page model: the gaps grouped by kind, each with severity, plan, entity, evidence
    and source line."""
    silent = _silent_plans(data)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in data.gaps.to_dict(orient="records"):
        quiet = r["kind"] in SILENT_KINDS or (
            r["kind"] in gap_kinds.THIN_KINDS and r["plan"] in silent)
        groups[r["kind"]].append({
            "severity": r["severity"], "plan": ref(data, r["plan"] or None),
            "entity": ref(data, r["entity"], r["label"]), "label": r["label"],
            "evidence": r["evidence"], "source": source_ref(r["source"]),
            "not_stated": quiet,
            "why": silent.get(r["plan"], "") if quiet and r["kind"] not in SILENT_KINDS else ""})
    order = {k: i for i, k in enumerate(GAP_TITLES)}
    kinds_present = sorted(groups, key=lambda k: (order.get(k, 99), k))
    ov = data.overlaps
    identical = [{"plan": ref(data, r["plan"]), "group": int(r["group"]), "size": int(r["size"]),
                  "priorities": r["priorities"].split("; "),
                  "strategies": _strategy_refs(data, r["plan"], r["strategies"])}
                 for r in ov.identical.to_dict(orient="records")]
    same = {(g["plan"]["slug"] if g["plan"] else "", frozenset(s["label"] for s in g["strategies"]))
            for g in identical}
    in_group = {(g["plan"]["slug"] if g["plan"] else "", s["label"])
                for g in identical for s in g["strategies"]}
    similar = []
    for r in ov.similar.to_dict(orient="records"):
        # a pair inside one identical group is that group again: shown once, there
        if float(r["jaccard"]) >= 1.0 and (r["plan"], r["a"]) in in_group \
                and (r["plan"], r["b"]) in in_group:
            continue
        similar.append({"plan": ref(data, r["plan"]),
                        "a": _strategy_refs(data, r["plan"], r["a"])[0],
                        "b": _strategy_refs(data, r["plan"], r["b"])[0],
                        "jaccard": float(r["jaccard"]), "shared": r["shared"].split("; ")})
    clusters = []
    for r in ov.clusters.to_dict(orient="records"):
        members = _strategy_refs(data, r["plan"], r["strategies"])
        if (r["plan"], frozenset(s["label"] for s in members)) in same:
            continue  # the same strategies as an identical group: shown once, there
        clusters.append({"plan": ref(data, r["plan"]), "cluster": int(r["cluster"]),
                         "size": int(r["size"]), "strategies": members})
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
    gap_groups = []
    for k in kinds_present:
        found = groups[k]
        gap_groups.append({
            "kind": k, "title": GAP_TITLES.get(k, k), "count": len(found),
            "words": _finding_words(k, data.min_strategies),
            "findings": [f for f in found if not f["not_stated"]],
            "not_stated": [f for f in found if f["not_stated"]]})
    return {
        "kind": "findings", "title": "Gaps and overlaps", "path": data.urls.findings(),
        "min_strategies": data.min_strategies,
        "summary": findings_summary(data),
        "kinds": [{"kind": k, "title": GAP_TITLES.get(k, k)} for k in kinds_present],
        "plans": sorted({r["plan"] or "" for r in data.gaps.to_dict(orient="records")}),
        "plan_refs": [ref(data, p) for p in sorted(
            {r["plan"] for r in data.gaps.to_dict(orient="records") if r["plan"]})],
        "silent_plans": [{"plan": ref(data, p), "why": w} for p, w in sorted(silent.items())],
        "totals": {s: int((data.gaps["severity"] == s).sum())
                   for s in sorted(set(data.gaps["severity"]) | {"high", "medium", "low", "info"})},
        "gaps": gap_groups,
        "overlaps": {"identical": identical, "similar": similar, "clusters": clusters,
                     "aliases": aliases},
        "transitions": transitions,
    }


def _steps(data: SiteData, slug: str, up: bool) -> list[dict[str, Any]]:
    """The walk ``kgraph trace`` makes from ``slug``: up (whom it answers to) or down."""
    if slug not in data.governance:
        return []
    return list(_once(data, ("steps", slug, up), lambda: walk_governance(
        data.governance, slug, up=up).to_dict(orient="records")))


def _tree(data: SiteData, steps: list[dict[str, Any]], root: str, seen: set[str]
          ) -> list[dict[str, Any]]:
    """Steps as a tree read from ``root``'s side ("receives reports from …"); each node is
    expanded once: met again, it is named and marked as shown above, so loops end."""
    children: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in steps:
        children[r["parent"]].append(r)

    def grow(node: str) -> list[dict[str, Any]]:
        out = []
        for r in children.get(node, []):
            child = r["node"]
            item = {"relation": r["phrase"], "entity": ref(data, child, r["node_label"]),
                    "source": source_ref(r["source"]), "repeat": child in seen, "children": []}
            if child not in seen:
                seen.add(child)
                item["children"] = grow(child)
            out.append(item)
        return out

    return grow(root)


def _diagram(data: SiteData, slug: str, down: list[dict[str, Any]], up: list[dict[str, Any]]
             ) -> dict[str, Any] | None:
    """The accountability diagram: what answers to ``slug`` below it, whom it answers to
    above it; each edge carries its sentence and its evidence."""
    labels = _once(data, "governance_labels", lambda: {
        n: data.governance.nodes[n]["label"] for n in data.governance})
    steps = []
    for rows, sign in ((down, 1), (up, -1)):
        for r in rows:
            steps.append({"node": r["node"], "parent": r["parent"], "layer": sign * r["depth"],
                          "from": r["from"], "to": r["to"],
                          "sentence": f"{r['from_label']} {r['relation']} {r['to_label']}",
                          "source": source_ref(r["source"])})
    return diagrams.accountability(slug, labels, steps)


def _linked(data: SiteData, slugs: list[str], subject_of: str | None, predicate: str,
            subject_is_self: bool) -> list[dict[str, Any]]:
    """References with the citations of the link between them and the page's entity."""
    out = []
    for s in sorted(set(slugs), key=lambda x: label_key(ref(data, x))):
        subject, target = (subject_of, s) if subject_is_self else (s, subject_of)
        out.append({"ref": ref(data, s),
                    "notation": data.catalogue.literal(s, NOTATION) or "",
                    "citations": _citations_of(data, subject, predicate, target)})  # type: ignore[arg-type]  # slugs: never None
    return out


def _plans_of(data: SiteData, slug: str) -> list[str]:
    return sorted(set(data.catalogue.out(slug, IN_SCHEME)))


def entity_page(data: SiteData, slug: str) -> dict[str, Any]:
    """The page model of entity ``slug``: mentions by document, attributes, links out and in,
    identity notes, indicator values."""
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
    if e.type == "StrategicPlan" or slug in {p.slug for p in data.plans}:
        page["findings"] = findings_summary(data, slug)
        page["findings_words"] = {k: GAP_TITLES.get(k, k) for k in GAP_TITLES}
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
        up = _steps(data, slug, True)
        page["accountability"] = _tree(data, up, slug, {slug})
        page["diagram"] = _diagram(data, slug, [], up)
        via = sorted({p for plan in covers for p in [plan] if plan and plan != slug}
                     | set(cat.out(slug, LISTED_IN)))
        page["via_plans"] = [{"plan": ref(data, p),
                              "tree": _tree(data, _steps(data, p, True), p, {p})} for p in via]
    elif fam.name in ("priority", "outcome"):
        contributors = cat.into(slug, CONTRIBUTES)
        strategies = [s for s in contributors if kind_of(data, s) in kinds.STRATEGY_LIKE]
        page["plan"] = (page["in_plans"] or [None])[0]
        page["notation"] = cat.literal(slug, NOTATION) or ""
        page["strategies"] = _linked(data, strategies, slug, CONTRIBUTES, False)
        page["thin"] = slug in data.thin  # as the gaps analysis finds: never for a plan
        # whose source has no strategy table (its counts are what the text names)
        page["untabled"] = bool(page["plan"]) and page["plan"]["slug"] in data.untabled
        page["min_strategies"] = data.min_strategies
        page["contributors"] = _linked(data, [s for s in contributors if s not in strategies],
                                       slug, CONTRIBUTES, False)
        page["indicators"] = [{"ref": ref(data, i), "code": cat.literal(i, CODE) or "",
                               "values": indicator_values(data, i)}
                              for i in sorted(set(cat.into(slug, MEASURES)))]
        page["predecessors"] = _linked(data, cat.into(slug, EVOLVES), slug, EVOLVES, False)
        page["successors"] = _linked(data, cat.out(slug, EVOLVES), slug, EVOLVES, True)
        page["serves"] = _linked(data, cat.out(slug, SERVES), slug, SERVES, True)
        page["served_by"] = _linked(data, cat.into(slug, SERVES), slug, SERVES, False)
    elif fam.name == "body":
        down, up = _steps(data, slug, False), _steps(data, slug, True)
        seen = {slug}
        page["oversees"] = _tree(data, down, slug, seen)
        page["reports_to"] = _tree(data, up, slug, seen)
        page["diagram"] = _diagram(data, slug, down, up)
    elif fam.name == "indicator":
        page["code"] = cat.literal(slug, CODE) or ""
        page["measures"] = _linked(data, cat.out(slug, MEASURES), slug, MEASURES, True)
        page["values"] = indicator_values(data, slug)
        page["owners"] = refs(data, cat.out(slug, OWNED_BY))
    return page


def entities_page(data: SiteData) -> dict[str, Any]:
    """The A to Z page model: every entity, grouped by family, sorted by label."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for slug, e in data.catalogue.entities.items():
        groups[kinds.family(e.type).name].append(
            {"ref": ref(data, slug), "type_label": type_label(e.type)})
    return {"kind": "entities", "title": "Every entity, A to Z", "path": data.urls.entities(),
            "families": [{"name": f.name, "title": f.title,
                          "entities": sorted(groups[f.name], key=lambda x: label_key(x["ref"]))}
                         for f in kinds.FAMILIES if groups[f.name]]}


# how to read this -------------------------------------------------------------------

GLOSSARY = [
    ("plan", "A strategic plan: the document that sets a vision, outcomes and priorities for a "
             "period, such as Every Day Matters 2013-2016."),
    ("vision", "The plan's one-sentence statement of what it wants for children and young "
               "people."),
    ("outcome", "A result the plan wants to see; its priorities serve it."),
    ("priority", "One of the things a plan says it will concentrate on. Strategies contribute "
                 "to priorities."),
    ("strategy", "A strategy, policy, framework or plan that a plan names as serving one or "
                 "more of its priorities."),
    ("contributes to", "A plan says a strategy helps deliver a priority (in its table of "
                       "strategies against priorities, a tick)."),
    ("coverage", "Which strategies contribute to which priorities of a plan: the table on the "
                 "coverage page, one row per strategy, one column per priority."),
    ("thin priority", "A priority fewer than {min} strategies contribute to."),
    ("board", "A board, partnership, organisation, team or post that owns, oversees or leads "
              "strategies, or that others report to."),
    ("accountable to", "Reports to: the Hidden Harm Working Group is accountable to (feeds "
                       "into) the Kent Safeguarding Children Board. Read from the other end: "
                       "the Board receives reports from the group."),
    ("owned by / owns", "The body that holds a strategy or plan and answers for it."),
    ("overseen by / oversees", "The body that checks a strategy's or plan's delivery."),
    ("produced by / produced", "The body that wrote or developed a document."),
    ("led by / leads", "The service that leads a piece of work."),
    ("part of / has part", "A group inside a larger body, such as a board's sub-group."),
    ("member of / has member", "A person or body that sits on a board or group."),
    ("indicator", "A measure used to follow progress on a priority, such as the proportion of "
                  "16-18 year olds not in education, employment or training."),
    ("national indicator code", "The number an indicator had in the national set (NI117 is the "
                                "proportion of 16-18 year olds not in education, employment "
                                "or training)."),
    ("statistical neighbours", "Councils with populations like Kent's, used for comparison; "
                               "the values are their average as the source gives it."),
    ("latest (year not stated)", "A value the source gives as the latest available without "
                                 "saying for which year; it is shown apart from the yearly "
                                 "values, never joined to them."),
    ("doubtful value", "A value the conversion of the source document may have damaged (a "
                       "column shifted, a row repeated, text cut off). Its page says what the "
                       "doubt is beside the source quote."),
    ("not stated in the source", "The sources say nothing either way; this is not the same as "
                                 "a gap in the plan."),
    ("finding", "Something the analyses flag for attention: a gap or an overlap. High "
                "severity means a priority nothing serves; medium, a priority thinly served, "
                "unmeasured or dropped; low, something the sources leave loose."),
    ("overlap", "Strategies that cover the same priorities of a plan, or one strategy known by "
                "several names."),
    ("source line", "Every fact links to the line of the document that states it, with the "
                    "words quoted."),
]


def guide_page(data: SiteData) -> dict[str, Any]:
    """How to read the explorer, and a glossary of the words its pages use."""
    return {"kind": "guide", "title": "How to read this", "path": data.urls.guide(),
            "min_strategies": data.min_strategies,
            "glossary": [{"term": t, "words": w.format(min=data.min_strategies)}
                         for t, w in GLOSSARY]}
