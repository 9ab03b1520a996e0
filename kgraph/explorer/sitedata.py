"""The site's data: every analysis the explorer shows, run once per build (``collect``),
and the small references pages and the network view share (``ref``, ``source_ref``).

Data comes from kgraph's own analyses (coverage, gaps, overlaps, crosswalk, indicators,
governance) and from ``facts.read_catalogue`` (what ``kgraph show`` says of every entity).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd
from rdflib import Graph

from kgraph.analysis.coverage import PlanCoverage, plan_coverage
from kgraph.analysis.crosswalk import crosswalk
from kgraph.analysis.gaps import THIN_KINDS, gaps, untabled_in
from kgraph.analysis.indicators import observations
from kgraph.analysis.overlaps import Overlaps, overlaps
from kgraph.analysis.plans import PlanRef, list_plans
from kgraph.analysis.trace import GOVERNANCE
from kgraph.analysis.trace import SUPPORTS as TRACE_SUPPORTS
from kgraph.entity import predicate_label
from kgraph.explorer.facts import Catalogue, read_catalogue, select
from kgraph.explorer.urls import Urls
from kgraph.namespaces import DCTERMS, KG, SKOS
from kgraph.provenance import line_key
from kgraph.queries import Source
from kgraph.relations import phrase

IN_SCHEME = str(SKOS.inScheme)
NOTATION = str(SKOS.notation)
CONTRIBUTES = str(KG.contributesTo)
SERVES = str(KG.servesOutcome)
MEASURES = str(KG.measures)
EVOLVES = str(KG.evolvesInto)
LISTED_IN = str(KG.listedIn)
SUPPORTS = str(KG.supports)
OWNED_BY = str(KG.ownedBy)
DESCRIPTION = str(DCTERMS.description)
CODE = str(KG.nationalCode)
PERIOD = str(KG.period)

_SOURCE = re.compile(r'^(?P<doc>[^\s:]+):(?P<line>\d+)(?:\s+"(?P<quote>.*)")?$', re.S)



@dataclass
class SiteData:
    """Everything the pages are made from, computed once per build."""

    catalogue: Catalogue
    plans: list[PlanRef]
    coverage: dict[str, PlanCoverage]  # plan slug -> coverage matrix
    gaps: pd.DataFrame
    overlaps: Overlaps
    crosswalk: pd.DataFrame
    observations: pd.DataFrame
    governance: nx.MultiDiGraph
    min_strategies: int
    triples: int
    urls: Urls
    values: list[dict[str, Any]]  # indicator values with source lines (observation_sources.rq)
    # what several pages derive from the fields above, computed once per build (a page per
    # plan or per body re-deriving it grew the build with the square of the graph)
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def thin(self) -> set[str]:
        """Priorities the gaps analysis finds thin or served by no strategy: the site marks
        these and no others (a plan whose source has no strategy table has no thin priority:
        its counts are strategies the text names, not a gap)."""
        if "thin" not in self.memo:
            g = self.gaps
            self.memo["thin"] = set(g.loc[g["kind"].isin(THIN_KINDS), "entity"])
        return self.memo["thin"]

    @property
    def untabled(self) -> set[str]:
        """Plans whose source has no table of strategies against their priorities."""
        if "untabled" not in self.memo:
            self.memo["untabled"] = untabled_in(self.gaps)
        return self.memo["untabled"]


def collect(graph: Source, min_strategies: int = 3) -> SiteData:
    """Run every analysis the site shows, once."""
    cat = read_catalogue(graph)
    urls = Urls({slug: e.type for slug, e in cat.entities.items()}, set(cat.documents))
    plans = list_plans(graph)
    return SiteData(
        catalogue=cat,
        plans=plans,
        coverage={p.slug: plan_coverage(graph, p) for p in plans if p.priorities},
        gaps=gaps(graph, None, min_strategies),
        overlaps=overlaps(graph),
        crosswalk=crosswalk(graph),
        observations=observations(graph),
        governance=governance(cat),
        min_strategies=min_strategies,
        triples=len(graph) if isinstance(graph, Graph) else (graph.triples() or 0),
        urls=urls,
        values=select(graph, "observation_sources"),
    )


def governance(cat: Catalogue) -> nx.MultiDiGraph:
    """The graph ``kgraph.analysis.trace.governance_graph`` builds (edges point up: strategy
    → owner → board → the board it reports to, plus the stated ``supports`` links), made
    from the catalogue: the same links, predicates and first citation, without running
    governance.rq again (that query takes seconds in rdflib; the catalogue holds every link)."""
    g = nx.MultiDiGraph()
    wanted = {str(p) for p in GOVERNANCE} | {TRACE_SUPPORTS}
    for s, p, o in cat.links:
        if p not in wanted:
            continue
        cited = [f'{c.doc}:{c.line} "{c.quote}"' for f in cat.descriptions[s].facts
                 if f.target == o and f.predicate == predicate_label(p) for c in f.citations]
        for slug in (s, o):
            e = cat.entities[slug]
            g.add_node(slug, label=e.label, type=e.type)
        g.add_edge(s, o, predicate=p, relation=phrase(p), source=min(cited, key=line_key)
                   if cited else "")
    return g


# references -------------------------------------------------------------------------

def ref(data: SiteData, slug: str | None, label: str | None = None) -> dict[str, Any] | None:
    """An entity reference as pages hold it: slug, label, type (None for no slug)."""
    if not slug:
        return None
    entity = data.catalogue.entities.get(slug)
    if entity is None:
        return {"slug": slug, "label": label or slug, "type": ""}
    return {"slug": slug, "label": entity.label, "type": entity.type}


def refs(data: SiteData, slugs: list[str] | set[str]) -> list[dict[str, Any]]:
    """References ({slug, label, type}) to ``slugs``, each once, sorted by label."""
    return sorted((ref(data, s) for s in set(slugs)), key=label_key)  # type: ignore[misc]  # a slug gives a dict


def label_key(r: dict[str, Any] | None) -> tuple[str, str]:
    """The sort key of a reference: its label case-folded, then its slug (empty for None)."""
    return (r["label"].casefold(), r["slug"]) if r else ("", "")


def source_ref(text: str | None) -> dict[str, Any] | None:
    """'doc:line' or 'doc:line "quote"' (as the analyses give sources) → its parts."""
    m = _SOURCE.match(text or "")
    if not m:
        return None
    return {"doc": m["doc"], "line": int(m["line"]), "quote": m["quote"] or ""}


def kind_of(data: SiteData, slug: str) -> str:
    """The main type of entity ``slug`` (a kg: local name), or '' if the graph does not know it."""
    entity = data.catalogue.entities.get(slug)
    return entity.type if entity else ""


def note_terms(data: SiteData) -> dict[str, str]:
    """What a curator's note may name by an id, and the words a reader sees instead: each
    entity's slug (the multi-word ones: a one-word slug is also a word) → its name, each
    curated relation's camel-case name (``contributesTo``) → its label ("contributes to");
    "measures" is also a word and is left as written."""
    from kgraph.curation.compile import PREDICATE_IRIS

    terms = {slug: e.label for slug, e in data.catalogue.entities.items() if "-" in slug and e.label}
    for name, term in PREDICATE_IRIS.items():
        if name != name.lower():
            terms.setdefault(name, predicate_label(str(term)))
    return terms
