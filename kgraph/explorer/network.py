"""The network view's model: every entity, every stated link between two of them, read in
words from both ends, and the views the page offers (``network``).

The page never draws the whole graph at once. It opens on *the core* (the plans and the
entities with the most links), offers each plan's neighbourhood from a list, and widens a
view by one step of links at a time, up to ``VIEW_CAP`` nodes; "everything linked" is
offered only when it fits under that cap. Entities with no link at all are listed beside
the canvas as links to their pages, not drawn. Each view is laid out in the browser by
vis-network's own physics, for the nodes drawn only (so a filtered view is laid out again,
not shown with holes), and then frozen.

So the build does no layout: this module is linear in nodes + links (the former
whole-graph layout in Python took 296 s at 20,000 nodes, most of it in pyvis's
``add_edge``, which scans every edge added before). Figures: ``benchmarks/site_render.py``
and docs/site.md.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kgraph.explorer import kinds
from kgraph.explorer.facts import type_label
from kgraph.explorer.sitedata import (
    CONTRIBUTES,
    IN_SCHEME,
    LISTED_IN,
    MEASURES,
    SERVES,
    SUPPORTS,
    SiteData,
    label_key,
    ref,
)
from kgraph.relations import phrase

CORE_SIZE = 45  # nodes in the first view: every plan (if they fit), then the most linked
VIEW_CAP = 800  # the most nodes one view draws (measured: benchmarks/site_render.py)

__all__ = ["CORE_SIZE", "VIEW_CAP", "network", "network_model", "network_node"]


def _node_plans(data: SiteData) -> dict[str, set[str]]:
    """The plans a node belongs to, for the network's plan views: the plan itself, what
    is in its scheme, what contributes to, serves, measures or is listed in those, and
    then the bodies and others linked to any of them."""
    cat = data.catalogue
    plans = {s for s, e in cat.entities.items() if e.type == "StrategicPlan"}
    plans |= {p.slug for p in data.plans if p.slug in cat.entities}
    member: dict[str, set[str]] = defaultdict(set)
    for p in plans:
        member[p].add(p)
        for c in cat.into(p, IN_SCHEME):
            member[c].add(p)
    for s, pred, o in cat.links:
        if pred in (CONTRIBUTES, SERVES, MEASURES) and o in member and s not in plans:
            member[s] |= {p for p in member[o]}
        if pred in (LISTED_IN, SUPPORTS) and o in plans:
            member[s].add(o)
    second: dict[str, set[str]] = defaultdict(set)
    for s, _pred, o in cat.links:
        if s not in member and o in member:
            second[s] |= member[o]
        if o not in member and s in member:
            second[o] |= member[s]
    for k, v in second.items():
        member[k] |= v
    return member


def network(data: SiteData) -> dict[str, Any]:
    """The network page's model for a built site's data."""
    cat = data.catalogue
    paths = data.urls.all_entity_paths()
    member = _node_plans(data)
    nodes = [network_node(slug, e.label, e.type, sorted(member.get(slug, set())), paths[slug])
             for slug, e in cat.entities.items()]
    order = {p.slug: i for i, p in enumerate(data.plans)}  # oldest first
    plan_refs = [r for r in (ref(data, p) for p in {p for n in nodes for p in n["plans"]}) if r]
    plan_refs.sort(key=lambda r: (order.get(r["slug"], len(order)), label_key(r)))
    return network_model(nodes, list(cat.links), plan_refs, data.urls.network())


def network_node(slug: str, label: str, type_name: str, plans: list[str], url: str
                 ) -> dict[str, Any]:
    """One entity as the view holds it: its name, its kind in words, its plans, its page."""
    return {"id": slug, "label": label, "kind": kinds.family(type_name).name,
            "type": type_label(type_name), "plans": plans, "url": url}


def network_model(nodes: list[dict[str, Any]], links: list[tuple[str, str, str]],
                  plans: list[dict[str, Any]], path: str) -> dict[str, Any]:
    """The page model: ``nodes`` (from ``network_node``), ``links`` as stated
    (subject, predicate IRI, object), ``plans`` as refs in the order the list shows them.

    Each link keeps its predicate as an index into ``relations``, which holds how it
    reads from its subject and from its object (``kgraph.relations.phrase``); the IRIs
    stay out of the page. ``degree`` is a node's number of distinct neighbours.
    """
    ids = {n["id"] for n in nodes}
    relations: list[dict[str, str]] = []
    rel_index: dict[str, int] = {}
    edges: list[dict[str, Any]] = []
    neighbours: dict[str, set[str]] = defaultdict(set)
    for s, p, o in sorted(set(links)):
        if s == o or s not in ids or o not in ids:
            continue
        if p not in rel_index:
            rel_index[p] = len(relations)
            relations.append({"forward": phrase(p, True), "inverse": phrase(p, False)})
        edges.append({"from": s, "to": o, "rel": rel_index[p]})
        neighbours[s].add(o)
        neighbours[o].add(s)
    out = []
    for n in sorted(nodes, key=lambda d: d["id"]):
        out.append({**n, "degree": len(neighbours[n["id"]])})
    linked = [n for n in out if n["degree"]]
    isolated = [n for n in out if not n["degree"]]
    plan_ids = {p["slug"] for p in plans}
    # the core: plans first (most linked first), then the most linked of the rest
    ranked = sorted(linked, key=lambda n: (n["id"] not in plan_ids, -n["degree"], n["id"]))
    core = sorted(n["id"] for n in ranked[:CORE_SIZE])
    counts: dict[str, int] = defaultdict(int)
    for n in out:
        counts[n["kind"]] += 1
    families = [{"name": f.name, "title": f.title, "colour": f.colour, "shape": f.shape,
                 "count": counts[f.name]} for f in kinds.FAMILIES if counts[f.name]]
    return {
        "kind": "network", "title": "Network", "path": path,
        "nodes": out, "edges": edges, "relations": relations,
        "families": families,
        "plans": [{"slug": p["slug"], "label": p["label"],
                   "size": sum(1 for n in linked if p["slug"] in n["plans"])} for p in plans],
        "core": core, "linked": len(linked), "view_cap": VIEW_CAP,
        "isolated": [{"title": f["title"], "name": f["name"],
                      "nodes": sorted(({"label": n["label"], "url": n["url"], "id": n["id"]}
                                       for n in isolated if n["kind"] == f["name"]),
                                      key=lambda r: (r["label"].casefold(), r["id"]))}
                     for f in families if any(n["kind"] == f["name"] for n in isolated)],
        "isolated_count": len(isolated),
    }
