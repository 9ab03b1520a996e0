"""How much of a curated graph a draft recovers: precision and recall per document.

A drafted thing counts as found when one of its names equals (after ``draft.normal``) a
name the curated graph uses for the same kind of thing in the same document (the labels
of its mentions there, its preferred and other names). Links count when both ends are
found and the predicate is the same. The comparison reads both graphs with rdflib's
triple patterns (no SPARQL text is built here).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from kgraph.extract.draft import normal
from kgraph.namespaces import KG, ORG

FAMILIES = {
    "plan": {"StrategicPlan"},
    "outcome": {"Outcome", "Vision"},
    "priority": {"Priority", "PriorityArea"},
    "strategy": {"Strategy", "Plan", "Policy", "Framework", "Assessment", "Programme",
                 "Report"},
    "indicator": {"Indicator"},
    "body": {"Board", "Partnership", "Organisation", "OrganisationalUnit", "Post"},
}
GOVERNANCE = {KG.ownedBy, KG.overseenBy, KG.producedBy, KG.accountableTo, KG.leadService,
              ORG.memberOf, ORG.subOrganizationOf}
LINKS = {"ticks": {KG.contributesTo}, "indicator lists": {KG.measures},
         "governance": GOVERNANCE}


def _family(graph: Graph, entity: URIRef) -> str | None:
    for t in graph.objects(entity, RDF.type):
        name = str(t).rsplit("#", 1)[-1]
        for fam, types in FAMILIES.items():
            if name in types:
                return fam
    return None


def _docs(graph: Graph, file: str) -> set[URIRef]:
    return {d for d in graph.subjects(DCTERMS.identifier, None)  # type: ignore[misc]  # documents are IRIs
            if str(graph.value(d, DCTERMS.identifier)) == file}


def _within(graph: Graph, node: Node, lines: tuple[int, int] | None) -> bool:
    if lines is None:
        return True
    line = graph.value(node, KG.line)
    return line is not None and lines[0] <= int(line) <= lines[1]  # type: ignore[call-overload]  # kg:line is an integer literal


def names_in(graph: Graph, file: str, lines: tuple[int, int] | None = None
             ) -> dict[URIRef, set[str]]:
    """Each entity the graph cites in ``file`` (within ``lines``) → its normalised names."""
    docs = _docs(graph, file)
    out: dict[URIRef, set[str]] = defaultdict(set)
    for m in graph.subjects(KG.sourceDocument, None):
        if graph.value(m, KG.sourceDocument) not in docs or not _within(graph, m, lines):
            continue
        entity = graph.value(m, KG.mentionOf)
        if entity is None:
            continue
        used = graph.value(m, KG.labelUsed)
        if used is not None:
            out[entity].add(normal(str(used)))  # type: ignore[index]  # kg:mentionOf names an IRI
    for entity in list(out):
        for p in (SKOS.prefLabel, SKOS.altLabel):
            out[entity] |= {normal(str(v)) for v in graph.objects(entity, p)}
    return dict(out)


def links_in(graph: Graph, file: str, predicates: set[URIRef],
             lines: tuple[int, int] | None = None) -> set[tuple[URIRef, URIRef, URIRef]]:
    """Links stated by an assertion citing ``file`` (within ``lines``)."""
    docs = _docs(graph, file)
    out = set()
    for stmt in graph.subjects(RDF.predicate, None):
        p = graph.value(stmt, RDF.predicate)
        if p not in predicates or graph.value(stmt, KG.sourceDocument) not in docs \
                or not _within(graph, stmt, lines):
            continue
        out.add((graph.value(stmt, RDF.subject), p, graph.value(stmt, RDF.object)))
    return out  # type: ignore[return-value]  # an assertion's subject, predicate, object are IRIs here


@dataclass
class Score:
    what: str
    drafted: int
    curated: int
    found: int  # drafted that match a curated one
    recovered: int  # curated matched by a drafted one

    @property
    def precision(self) -> float | None:
        return self.found / self.drafted if self.drafted else None

    @property
    def recall(self) -> float | None:
        return self.recovered / self.curated if self.curated else None


def score(curated: Graph, drafted: Graph, file: str,
          parts: dict[str, tuple[set[URIRef], tuple[int, int]]] | None = None) -> list[Score]:
    """Precision and recall of ``drafted`` (a draft imported alone) against ``curated``, for
    the things both cite in ``file``; ``parts`` adds named line ranges (the links of the
    given predicates cited within them), e.g. one appendix's table."""
    c_names, d_names = names_in(curated, file), names_in(drafted, file)
    match: dict[URIRef, set[URIRef]] = defaultdict(set)
    out = []
    for fam in FAMILIES:
        cs = {e: n for e, n in c_names.items() if _family(curated, e) == fam}
        ds = {e: n for e, n in d_names.items() if _family(drafted, e) == fam}
        index: dict[str, set[URIRef]] = defaultdict(set)
        for e, names in cs.items():
            for n in names:
                index[n].add(e)
        for d, names in ds.items():
            for n in names:
                match[d] |= index.get(n, set())
        found = sum(1 for d in ds if match[d])
        recovered = len({c for d in ds for c in match[d]})
        out.append(Score(f"{fam} entities", len(ds), len(cs), found, recovered))
    todo: list[tuple[str, set[URIRef], tuple[int, int] | None]] = [
        (what, preds, None) for what, preds in LINKS.items()]
    todo += [(what, preds, lines) for what, (preds, lines) in (parts or {}).items()]
    for what, preds, lines in todo:
        c_links = links_in(curated, file, preds, lines)
        d_links = links_in(drafted, file, preds, lines)
        hits = set()
        found = 0
        for s, p, o in d_links:
            mapped = {(cs, p, co) for cs in match[s] for co in match[o]} & c_links
            found += bool(mapped)
            hits |= mapped
        out.append(Score(what, len(d_links), len(c_links), found, len(hits)))
    return out
