"""Accountability: from a strategy up through its owner to the chain of boards; from a
board down through everything it oversees, directly and through the boards below it."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pandas as pd
from rdflib import Graph

from kgraph import queries
from kgraph.lookup import Candidate, resolve
from kgraph.namespaces import short

AGENT_TYPES = {"Board", "Partnership", "Organisation", "OrganisationalUnit", "Post"}
RELATION = {
    "ownedBy": "owned by", "overseenBy": "overseen by", "producedBy": "produced by",
    "leadService": "led by", "accountableTo": "accountable to",
    "subOrganizationOf": "part of", "memberOf": "member of",
}
COLUMNS = ["depth", "from", "from_label", "relation", "to", "to_label", "source"]


@dataclass
class Trace:
    entity: Candidate
    direction: str  # "up" (who is accountable) or "down" (what a body oversees)
    edges: pd.DataFrame  # depth, from, from_label, relation, to, to_label, source
    up: pd.DataFrame  # for a body: whom it reports to (same columns)

    def tree(self) -> str:
        """The trace drawn as an indented tree."""
        lines = [f"{self.entity.label} ({self.entity.type})"]
        frames = [(self.edges, self.direction)]
        if self.direction == "down" and not self.up.empty:
            frames.append((self.up, "up"))
        for frame, direction in frames:
            if frame.empty:
                continue
            lines.append("  reports to:" if direction == "up" else "  oversees:")
            children: dict[str, list[dict]] = {}
            for row in frame.to_dict(orient="records"):
                parent = row["from"] if direction == "up" else row["to"]
                children.setdefault(parent, []).append(row)
            _draw(lines, children, direction, self.entity.slug, 1, set())
        return "\n".join(lines)


def _draw(lines: list[str], children: dict[str, list[dict]], direction: str, node: str,
          depth: int, seen: set[str]) -> None:
    """Append the subtree below ``node`` (each body drawn once, so cycles end)."""
    for row in children.get(node, []):
        child = row["to"] if direction == "up" else row["from"]
        label = row["to_label"] if direction == "up" else row["from_label"]
        lines.append(f"{'    ' * depth}└─ {row['relation']}: {label} [{child}]")
        if child not in seen:
            seen.add(child)
            _draw(lines, children, direction, child, depth + 1, seen)


def governance_graph(graph: Graph) -> nx.MultiDiGraph:
    """Edges point upwards: strategy → owner → board → the board it reports to."""
    g = nx.MultiDiGraph()
    for r in queries.select(graph, "governance"):
        s, o = short(r["s"]), short(r["o"])
        g.add_node(s, label=r["sLabel"], type=r["sType"].rsplit("#", 1)[-1])
        g.add_node(o, label=r["oLabel"], type=r["oType"].rsplit("#", 1)[-1])
        g.add_edge(s, o, relation=RELATION[r["p"].rsplit("#", 1)[-1]], source=r["source"] or "")
    return g


def _edges(g: nx.MultiDiGraph, start: str, reverse: bool) -> pd.DataFrame:
    rows, depth = [], {start: 0}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            edges = g.in_edges(node, data=True) if reverse else g.out_edges(node, data=True)
            for a, b, data in sorted(edges, key=lambda e: (e[0], e[1], e[2]["relation"])):
                rows.append({"depth": depth[node] + 1, "from": a, "from_label": g.nodes[a]["label"],
                             "relation": data["relation"], "to": b, "to_label": g.nodes[b]["label"],
                             "source": data["source"]})
                other = a if reverse else b
                if other not in depth:
                    depth[other] = depth[node] + 1
                    nxt.append(other)
        frontier = nxt
    return pd.DataFrame(rows, columns=COLUMNS)


def trace(graph: Graph, entity: str) -> Trace:
    """Accountability chain of ENTITY (up for a strategy, down and up for a body)."""
    found = resolve(graph, entity)
    g = governance_graph(graph)
    if found.slug not in g:
        empty = pd.DataFrame(columns=COLUMNS)
        return Trace(found, "down" if found.type in AGENT_TYPES else "up", empty, empty)
    if found.type in AGENT_TYPES:
        return Trace(found, "down", _edges(g, found.slug, reverse=True),
                     _edges(g, found.slug, reverse=False))
    return Trace(found, "up", _edges(g, found.slug, reverse=False), pd.DataFrame(columns=COLUMNS))
