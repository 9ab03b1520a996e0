"""Compare two graphs by meaning, not by text: what entities, names, ticks, governance
links, indicators, facts and values changed. Citations (where a fact is stated) are not
compared — moving a fact to another source line is not a change of the plan."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd
from rdflib import Graph
from rdflib.namespace import QB, RDF, SKOS

from kgraph.curation.compile import ATTRIBUTE_IRIS, PREDICATE_IRIS
from kgraph.exchange.build import KG_TYPES
from kgraph.exchange.layout import GOVERNANCE
from kgraph.namespaces import ID, KG, slug_of

PREDICATE_NAMES = {iri: name for name, iri in PREDICATE_IRIS.items()}
ATTRIBUTE_NAMES = {iri: name for name, iri in ATTRIBUTE_IRIS.items()}

COLUMNS = {
    "entities": ["change", "id", "type", "label", "before"],
    "names": ["change", "id", "label", "name"],
    "coverage by priority": ["plan", "priority", "priority_label", "before", "after", "gained",
                             "lost"],
    "coverage ticks": ["change", "plan", "priority", "priority_label", "strategy",
                       "strategy_label"],
    "accountability": ["change", "subject", "subject_label", "relation", "object",
                       "object_label"],
    "indicators": ["change", "indicator", "indicator_label", "measures", "measures_label"],
    "links": ["change", "subject", "subject_label", "predicate", "object", "object_label"],
    "facts": ["change", "id", "label", "property", "before", "after"],
    "observations": ["change", "indicator", "area", "period", "measure", "before", "after"],
}


@dataclass
class View:
    """The meaning of a graph: entities, names, links, attributes and observations."""

    entities: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → (type, label)
    aliases: dict[str, set[str]] = field(default_factory=dict)
    links: set[tuple[str, str, str]] = field(default_factory=set)
    facts: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    observations: dict[tuple[str, str, str, str], list[str]] = field(default_factory=dict)
    schemes: dict[str, str] = field(default_factory=dict)  # concept → its plan

    def label(self, eid: str) -> str:
        return self.entities.get(eid, ("", eid))[1]


def _value(literal: object) -> str:
    value = getattr(literal, "value", None)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(literal)


def view(graph: Graph) -> View:
    """What ``graph`` says, without its provenance."""
    v = View()
    for node, kind in graph.subject_objects(RDF.type):
        slug = slug_of(node)
        if slug is not None and kind in KG_TYPES:
            v.entities[slug] = (KG_TYPES[kind], str(graph.value(node, SKOS.prefLabel) or ""))
    for slug in v.entities:
        v.aliases[slug] = {str(a) for a in graph.objects(ID[slug], SKOS.altLabel)}
    for iri, name in PREDICATE_NAMES.items():
        for s, o in graph.subject_objects(iri):
            a, b = slug_of(s), slug_of(o)
            if a in v.entities and b in v.entities:
                v.links.add((a, name, b))
                if name == "inScheme":
                    v.schemes.setdefault(a, b)
    for iri, name in ATTRIBUTE_NAMES.items():
        for s, o in graph.subject_objects(iri):
            a = slug_of(s)
            if a in v.entities:
                v.facts.setdefault((a, name), set()).add(_value(o))
    for obs in graph.subjects(RDF.type, QB.Observation):
        key = (str(slug_of(graph.value(obs, KG.indicator)) or ""),
               str(graph.value(obs, KG.refArea) or ""), str(graph.value(obs, KG.refPeriod) or ""),
               str(graph.value(obs, KG.measureType) or ""))
        v.observations.setdefault(key, []).append(str(graph.value(obs, KG.valueText) or ""))
    return v


@dataclass
class Diff:
    old: str
    new: str
    sections: dict[str, pd.DataFrame]

    @property
    def equal(self) -> bool:
        return all(frame.empty for frame in self.sections.values())

    def changed(self) -> dict[str, pd.DataFrame]:
        return {title: frame for title, frame in self.sections.items() if not frame.empty}

    def summary(self) -> str:
        if self.equal:
            return f"{self.old} and {self.new} say the same (no semantic differences)"
        parts = []
        for title, frame in self.changed().items():
            if "change" in frame.columns:
                counts = frame["change"].value_counts()
                parts.append(f"{title}: " + ", ".join(f"{n} {c}" for c, n in counts.items()))
        return f"{self.old} → {self.new}: " + "; ".join(parts)


def diff_views(a: View, b: View, old: str = "old", new: str = "new") -> Diff:
    rows: dict[str, list[dict[str, object]]] = defaultdict(list)

    def label(eid: str) -> str:
        return b.label(eid) if eid in b.entities else a.label(eid)

    for eid in sorted(a.entities.keys() | b.entities.keys()):
        if eid not in a.entities:
            kind, name = b.entities[eid]
            rows["entities"].append({"change": "added", "id": eid, "type": kind, "label": name,
                                     "before": ""})
        elif eid not in b.entities:
            kind, name = a.entities[eid]
            rows["entities"].append({"change": "removed", "id": eid, "type": kind, "label": name,
                                     "before": ""})
        else:
            (t0, l0), (t1, l1) = a.entities[eid], b.entities[eid]
            if l0 != l1:
                rows["entities"].append({"change": "renamed", "id": eid, "type": t1, "label": l1,
                                         "before": l0})
            if t0 != t1:
                rows["entities"].append({"change": "retyped", "id": eid, "type": t1, "label": l1,
                                         "before": t0})
            # all names, not aliases alone, and not the main names a rename already shows:
            # a renamed entity that keeps its old name as an alias is one change, not three
            before, after = {l0} | a.aliases[eid], {l1} | b.aliases[eid]
            for name in sorted(after - before - {l1}):
                rows["names"].append({"change": "added", "id": eid, "label": l1, "name": name})
            for name in sorted(before - after - {l0}):
                rows["names"].append({"change": "removed", "id": eid, "label": l1, "name": name})
    _links(a, b, rows, label)
    for key in sorted(a.facts.keys() | b.facts.keys()):
        before, after = a.facts.get(key, set()), b.facts.get(key, set())
        if before == after:
            continue
        eid, prop = key
        if len(before) == 1 and len(after) == 1:
            rows["facts"].append({"change": "changed", "id": eid, "label": label(eid),
                                  "property": prop, "before": next(iter(before)),
                                  "after": next(iter(after))})
            continue
        for value in sorted(after - before):
            rows["facts"].append({"change": "added", "id": eid, "label": label(eid),
                                  "property": prop, "before": "", "after": value})
        for value in sorted(before - after):
            rows["facts"].append({"change": "removed", "id": eid, "label": label(eid),
                                  "property": prop, "before": value, "after": ""})
    for okey in sorted(a.observations.keys() | b.observations.keys()):
        was = "; ".join(sorted(a.observations.get(okey, [])))
        now = "; ".join(sorted(b.observations.get(okey, [])))
        if was != now:
            change = "added" if okey not in a.observations else (
                "removed" if okey not in b.observations else "changed")
            rows["observations"].append(dict(zip(COLUMNS["observations"],
                                                 (change, *okey, was, now), strict=True)))
    sections = {title: pd.DataFrame(rows.get(title, []), columns=cols)
                for title, cols in COLUMNS.items()}
    return Diff(old, new, sections)


def _links(a: View, b: View, rows: dict[str, list[dict[str, object]]],
           label: Callable[[str], str]) -> None:
    per_priority: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for s, p, o in sorted(a.links | b.links):
        if (s, p, o) in a.links and (s, p, o) in b.links:
            if p == "contributesTo":
                per_priority[o][0] += 1
                per_priority[o][1] += 1
            continue
        gained = (s, p, o) in b.links
        if p == "contributesTo":
            plan = b.schemes.get(o) or a.schemes.get(o) or ""
            rows["coverage ticks"].append({
                "change": "gained" if gained else "lost", "plan": plan, "priority": o,
                "priority_label": label(o), "strategy": s, "strategy_label": label(s)})
            counts = per_priority[o]  # before, after, gained, lost
            counts[1 if gained else 0] += 1
            counts[2 if gained else 3] += 1
        elif p == "measures":
            rows["indicators"].append({
                "change": "added" if gained else "dropped", "indicator": s,
                "indicator_label": label(s), "measures": o, "measures_label": label(o)})
        else:
            section = "accountability" if p in GOVERNANCE else "links"
            columns = COLUMNS[section]
            rows[section].append(dict(zip(columns, (
                "added" if gained else "removed", s, label(s), p, o, label(o)), strict=True)))
    for o, (before, after, gained_n, lost_n) in per_priority.items():
        if gained_n or lost_n:
            rows["coverage by priority"].append({
                "plan": b.schemes.get(o) or a.schemes.get(o) or "", "priority": o,
                "priority_label": label(o), "before": before, "after": after,
                "gained": gained_n, "lost": lost_n})
    rows["coverage by priority"].sort(key=lambda r: (str(r["plan"]), str(r["priority"])))
    rows["coverage ticks"].sort(key=lambda r: (str(r["plan"]), str(r["priority"]),
                                               str(r["change"]), str(r["strategy"])))


def diff_graphs(old: Graph, new: Graph, old_name: str = "old", new_name: str = "new") -> Diff:
    """The semantic differences from ``old`` to ``new``."""
    return diff_views(view(old), view(new), old_name, new_name)


def load_any(path: str | Path) -> Graph:
    """An RDF file, or a workbook (.xlsx or CSV folder) imported on its own, unvalidated."""
    path = Path(path)
    if path.is_dir() or path.suffix.lower() in (".xlsx", ".xlsm"):
        from kgraph.exchange.importer import import_workbook

        return import_workbook(path, None, validate=False).graph
    from kgraph.loader import load

    return load([path])


def diff_files(old: str | Path, new: str | Path) -> Diff:
    """``diff_graphs`` of two files (RDF files or workbooks)."""
    return diff_graphs(load_any(old), load_any(new), str(old), str(new))
