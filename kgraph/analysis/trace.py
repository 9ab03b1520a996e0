"""Accountability: from a strategy up through its owner to the chain of boards; from a
board down through everything it oversees, directly and through the boards below it.

Every step is read from the side of the node it hangs under: up the chain a link reads
forwards (Hidden Harm Working Group "accountable to" Kent Safeguarding Children Board),
down the chain it reads from its object's end (Kent Safeguarding Children Board
"receives reports from" Hidden Harm Working Group). Both readings come from the ontology
through :func:`kgraph.relations.phrase`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

from kgraph import queries
from kgraph.lookup import Candidate, resolve
from kgraph.namespaces import KG, ORG, short
from kgraph.queries import Source
from kgraph.relations import local_name, phrase
from kgraph.vocabulary import AGENTS

GOVERNANCE = (KG.ownedBy, KG.overseenBy, KG.producedBy, KG.leadService, KG.accountableTo,
              ORG.subOrganizationOf, ORG.memberOf)
SUPPORTS = str(KG.supports)
COLUMNS = ["depth", "parent", "parent_label", "phrase", "node", "node_label", "direction",
           "from", "from_label", "relation", "to", "to_label", "source"]
# direction: "forward" when the step goes from a link's subject to its object (the phrase
# is the link's own reading), "inverse" when it goes from the object back to the subject
# (the phrase is the ontology's inverse reading); relation is always the forward reading
# of the stated link from -> to.


def __getattr__(name: str) -> Any:
    """``RELATION`` (local name → forward reading) for code written before
    :mod:`kgraph.relations`; new code calls :func:`kgraph.relations.phrase`."""
    if name == "RELATION":
        return {local_name(str(p)): phrase(str(p)) for p in GOVERNANCE}
    raise AttributeError(name)


@dataclass
class Trace:
    entity: Candidate
    direction: str  # "up" (who is accountable) or "down" (what a body oversees)
    edges: pd.DataFrame  # COLUMNS, walked in ``direction`` from the entity
    up: pd.DataFrame  # for a body: whom it reports to (same columns)

    def sections(self) -> dict[str, pd.DataFrame]:
        """The JSON/CSV shape: ``{"up"|"down": steps, "reports to": steps}``."""
        return {self.direction: self.edges, "reports to": self.up}

    def tree(self) -> str:
        """The trace drawn as an indented tree; a node already drawn is referred to
        ("see above"), never drawn again, so loops end at once."""
        lines = [f"{self.entity.label} ({_type_label(self.entity.type)})"]
        seen = {self.entity.slug}
        frames = [(self.edges, self.direction)]
        if self.direction == "down":
            frames.append((self.up, "up"))
        for frame, direction in frames:
            if frame.empty:
                continue
            lines.append("  up the chain (who it answers to):" if direction == "up"
                         else "  down the chain (what it oversees, who answers to it):")
            children: dict[str, list[dict]] = {}
            for row in frame.to_dict(orient="records"):
                children.setdefault(row["parent"], []).append(row)
            _draw(lines, children, self.entity.slug, "  ", seen)
        if len(lines) == 1:
            lines.append("  no owner, board or reporting line is stated")
        return "\n".join(lines)


def _type_label(type_name: str) -> str:
    from kgraph.entity import predicate_label

    text = predicate_label(str(KG[type_name]))
    return text if not text.startswith("kg:") else type_name


def _draw(lines: list[str], children: dict[str, list[dict]], node: str, indent: str,
          seen: set[str]) -> None:
    """Append the subtree below ``node`` depth first (each node expanded once)."""
    rows = children.get(node, [])
    for i, row in enumerate(rows):
        last = i == len(rows) - 1
        child = row["node"]
        again = child in seen
        lines.append(f"{indent}{'└─' if last else '├─'} {row['phrase']}: {row['node_label']}"
                     + (" (see above)" if again else ""))
        if not again:
            seen.add(child)
            _draw(lines, children, child, indent + ("   " if last else "│  "), seen)


def governance_graph(graph: Source, supports: bool = False) -> nx.MultiDiGraph:
    """Edges point upwards: strategy → owner → board → the board it reports to.

    Each edge has ``predicate`` (IRI), ``relation`` (its forward reading) and ``source``
    (first citation). ``supports`` adds the stated kg:supports links (a delivery plan →
    the strategy it delivers), which trace follows to the bodies overseeing a delivery plan.
    """
    g = nx.MultiDiGraph()
    for r in queries.select(graph, "governance"):
        if r["p"] == SUPPORTS and not supports:
            continue
        s, o = short(r["s"]), short(r["o"])
        g.add_node(s, label=r["sLabel"], type=local_name(r["sType"]))
        g.add_node(o, label=r["oLabel"], type=local_name(r["oType"]))
        g.add_edge(s, o, predicate=r["p"], relation=phrase(r["p"]), source=r["source"] or "")
    return g


def _step(depth: int, parent: str, child: str, a: str, b: str, data: dict,
          g: nx.MultiDiGraph) -> dict:
    """One step of a walk from ``parent`` to ``child`` over the stated link a → b."""
    forward = parent == a
    return {"depth": depth, "parent": parent, "parent_label": g.nodes[parent]["label"],
            "phrase": phrase(data["predicate"], forward=forward),
            "node": child, "node_label": g.nodes[child]["label"],
            "direction": "forward" if forward else "inverse",
            "from": a, "from_label": g.nodes[a]["label"], "relation": data["relation"],
            "to": b, "to_label": g.nodes[b]["label"], "source": data["source"]}


def _walk(g: nx.MultiDiGraph, start: str, up: bool) -> pd.DataFrame:
    """Breadth-first steps from ``start``: up follows stated links forwards (and, for a
    document, the delivery plans that support it); down follows them backwards."""
    rows, depth = [], {start: 0}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            steps = []
            if up:
                steps += [(a, b, d, b) for a, b, d in g.out_edges(node, data=True)
                          if d["predicate"] != SUPPORTS]
                if g.nodes[node]["type"] not in AGENTS:
                    # a plan that delivers this document, where the graph says who runs it
                    steps += [(a, b, d, a) for a, b, d in g.in_edges(node, data=True)
                              if d["predicate"] == SUPPORTS and any(
                                  e["predicate"] != SUPPORTS
                                  for _x, _y, e in g.out_edges(a, data=True))]
            else:
                steps += [(a, b, d, a) for a, b, d in g.in_edges(node, data=True)
                          if d["predicate"] != SUPPORTS]
            steps.sort(key=lambda s: (phrase(s[2]["predicate"], forward=node == s[0]),
                                      g.nodes[s[3]]["label"], s[3], s[2]["source"]))
            for a, b, data, other in steps:
                rows.append(_step(depth[node] + 1, node, other, a, b, data, g))
                if other not in depth:
                    depth[other] = depth[node] + 1
                    nxt.append(other)
        frontier = nxt
    return pd.DataFrame(rows, columns=COLUMNS)


def trace(graph: Source, entity: str) -> Trace:
    """Accountability chain of ENTITY (up for a strategy, down and up for a body)."""
    found = resolve(graph, entity)
    g = governance_graph(graph, supports=True)
    empty = pd.DataFrame(columns=COLUMNS)
    body = found.type in AGENTS
    if found.slug not in g:
        return Trace(found, "down" if body else "up", empty, empty)
    if body:
        return Trace(found, "down", _walk(g, found.slug, up=False), _walk(g, found.slug, up=True))
    return Trace(found, "up", _walk(g, found.slug, up=True), empty)
