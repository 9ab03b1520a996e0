"""The network view: which nodes and links it shows (``network``), where each is placed
(``spread``: positions computed in Python so the browser only draws, physics off), and
the vis-network options, built through pyvis.

Positions: networkx's ``spring_layout`` is exact Fruchterman-Reingold, O(n²) a step; it
took 39 s for 5,000 nodes here (3.5 s for 1,000). ``spread`` is the same model with the
repulsion approximated (the grid idea of Fruchterman and
Reingold's paper: a density mesh, convolved by FFT, gives the push from far nodes; scipy's
KD-tree finds the near pairs, which are computed exactly): about 3 s at 5,000 nodes. A
pull to the centre keeps separate components together. Output is rounded to whole
pixels, so the same graph always gives the same file.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import networkx as nx
import numpy as np
from scipy.signal import fftconvolve
from scipy.spatial import cKDTree

from kgraph.entity import predicate_label
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

LABEL_CHARS = 40  # network labels longer than this are cut (the tooltip has all of it)
EDGE_PX = 90  # the ideal edge length on screen, in pixels
# Pull to the centre: a lone node settles where it balances the far-field push of the n
# others, at a radius of about sqrt(n / GRAVITY), i.e. at the rim of the main component.
GRAVITY = 2.0


def _far_field(pos: np.ndarray, grid: int = 96) -> np.ndarray:
    """Repulsion k²/d from every other node (k = 1), from a density mesh: the node counts
    of a grid x grid histogram convolved (FFT) with the 2-D kernel d/|d|²."""
    lo = pos.min(axis=0)
    extent = float((pos.max(axis=0) - lo).max()) or 1.0
    cell = extent * (1 + 1e-9) / grid
    ij = np.minimum(((pos - lo) / cell).astype(np.int64), grid - 1)
    density = np.zeros((grid, grid))
    np.add.at(density, (ij[:, 0], ij[:, 1]), 1.0)
    off = np.arange(-grid + 1, grid, dtype=float)
    dx, dy = np.meshgrid(off, off, indexing="ij")
    r2 = dx ** 2 + dy ** 2
    r2[grid - 1, grid - 1] = np.inf
    fx = fftconvolve(density, dx / r2 / cell, mode="same")
    fy = fftconvolve(density, dy / r2 / cell, mode="same")
    return np.stack([fx[ij[:, 0], ij[:, 1]], fy[ij[:, 0], ij[:, 1]]], axis=1)


def spread(graph: nx.Graph, seed: int = 7, iterations: int | None = None,
           near: float = 1.5) -> dict[str, tuple[int, int]]:
    """Positions (pixels) for every node of ``graph``; deterministic for a given graph."""
    nodes = sorted(graph.nodes, key=str)
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    pairs = sorted({(min(index[a], index[b]), max(index[a], index[b]))
                    for a, b in graph.edges() if a != b})
    edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    size = math.sqrt(n)  # ideal edge length is 1: n nodes fill about a size x size square
    pos = rng.uniform(-size / 2, size / 2, (n, 2))
    steps = iterations or 150
    temperature = size / 4
    cooling = (0.01 / temperature) ** (1 / steps) if temperature > 0.01 else 1.0
    for _ in range(steps):
        disp = _far_field(pos) if n > 1 else np.zeros_like(pos)
        close = cKDTree(pos).query_pairs(near, output_type="ndarray")
        if len(close):
            close = close[np.lexsort((close[:, 1], close[:, 0]))]
            delta = pos[close[:, 0]] - pos[close[:, 1]]
            dist2 = np.maximum((delta ** 2).sum(axis=1), 1e-4)
            force = delta / dist2[:, None]  # k²/d along the unit vector, k = 1
            np.add.at(disp, close[:, 0], force)
            np.add.at(disp, close[:, 1], -force)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            dist = np.sqrt((delta ** 2).sum(axis=1))
            force = delta * dist[:, None]  # d²/k along the unit vector
            np.add.at(disp, edges[:, 0], -force)
            np.add.at(disp, edges[:, 1], force)
        disp -= GRAVITY * pos
        length = np.maximum(np.sqrt((disp ** 2).sum(axis=1)), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= cooling
    pos -= pos.mean(axis=0)
    return {str(v): (int(round(x * EDGE_PX)), int(round(y * EDGE_PX)))
            for v, (x, y) in zip(nodes, pos, strict=True)}


def network_options(large: bool) -> dict[str, Any]:
    """vis-network options: physics off (positions are given), straight edges, and for
    large graphs edges hidden while dragging or zooming."""
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
                  "color": {"color": "#9aa5b1", "highlight": "#1f2933", "inherit": False},
                  "width": 1},
        "nodes": {"size": 10, "font": {"size": 13, "color": "#1f2933"},
                  "borderWidth": 1},
        # zoom buttons and arrow/+/- keys on the focused canvas
        "interaction": {"hover": not large, "tooltipDelay": 150,
                        "keyboard": {"enabled": True, "bindToWindow": False},
                        "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "navigationButtons": True, "multiselect": False},
    }


def build_network(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, Any]:
    """Nodes and edges with precomputed positions, as pyvis builds them for vis-network.

    ``nodes``: id (str), label, title, color, shape and any extra keys (kept; no
    ``group``: pyvis drops a node's colour when it has one);
    ``edges``: from, to, title. pyvis builds the lists and options only: its templates
    load vis-network from a CDN, so the explorer renders them with its own page.
    """
    from pyvis.network import Network

    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in nodes)
    g.add_edges_from((e["from"], e["to"]) for e in edges)
    positions = spread(g)
    net = Network(directed=True, cdn_resources="local")
    for node in sorted(nodes, key=lambda d: d["id"]):
        x, y = positions[node["id"]]
        options = {k: v for k, v in node.items() if k not in ("id", "label", "shape", "color")}
        net.add_node(str(node["id"]), label=node["label"], shape=node["shape"],
                     color=node["color"], x=x, y=y, **options)
    for edge in sorted(edges, key=lambda d: (d["from"], d["to"], d.get("title", ""))):
        net.add_edge(str(edge["from"]), str(edge["to"]), title=edge.get("title", ""))
    net.set_options(_json(network_options(large=len(nodes) > 1000)))
    return {"nodes": net.nodes, "edges": net.edges, "options": net.options}


def _json(value: Any) -> str:
    import json

    # pyvis's set_options drops every space before parsing, so pass spaceless JSON
    text = json.dumps(value, sort_keys=True, separators=(",", ":"))
    if " " in text:
        raise ValueError("network options must not contain spaces (pyvis strips them)")
    return text


# the view's model ------------------------------------------------------------------

def _node_plans(data: SiteData) -> dict[str, set[str]]:
    """The plans a node belongs to, for the network's plan filter: the plan itself, what
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
    """The network view's data: every entity, every stated link between two of them."""
    cat = data.catalogue
    paths = data.urls.all_entity_paths()
    member = _node_plans(data)
    nodes = [network_node(slug, e.label, e.type, sorted(member.get(slug, set())), paths[slug])
             for slug, e in cat.entities.items()]
    edges = [{"from": s, "to": o, "title": predicate_label(p)} for s, p, o in cat.links if s != o]
    plans = sorted({p for n in nodes for p in n["plans"]})
    return network_model(nodes, edges, [ref(data, p) for p in plans], data.urls.network())


def network_node(slug: str, label: str, type_name: str, plans: list[str], url: str
                 ) -> dict[str, Any]:
    """One node as the network view draws it (colour and shape from its family)."""
    fam = kinds.family(type_name)
    short = label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"
    return {"id": slug, "label": short, "title": f"{label}\n({type_label(type_name)})",
            "family": fam.name, "color": fam.colour, "shape": fam.shape, "plans": plans,
            "url": url, "type": type_label(type_name)}


def network_model(nodes: list[dict[str, Any]], edges: list[dict[str, Any]],
                  plans: list[dict[str, Any] | None], path: str) -> dict[str, Any]:
    """The network page: nodes placed by build_network, the legend, the plans."""
    built = build_network(nodes, edges)
    counts: dict[str, int] = defaultdict(int)
    for n in nodes:
        counts[n["family"]] += 1
    return {
        "kind": "network", "title": "Network", "path": path,
        "families": [{"name": f.name, "title": f.title, "colour": f.colour, "shape": f.shape,
                      "count": counts[f.name]} for f in kinds.FAMILIES if counts[f.name]],
        "plans": sorted((p for p in plans if p), key=label_key),
        **built,
    }
