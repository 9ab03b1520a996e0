"""Plans that have priorities, their order in time, and PLAN argument resolution."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kgraph import queries
from kgraph.errors import Ambiguous, NotFound
from kgraph.namespaces import short
from kgraph.queries import Source


@dataclass(frozen=True)
class PlanRef:
    """A plan as the analyses name it: IRI, slug, title, period (if stated) and its number of
    priorities."""

    iri: str
    slug: str
    label: str
    period: str | None
    priorities: int

    @property
    def start_year(self) -> int:
        """First four-digit year of the period or label (plans sort by it); 9999 if none."""
        for text in (self.period or "", self.label, self.slug):
            m = re.search(r"(19|20)\d\d", text)
            if m:
                return int(m.group(0))
        return 9999


def list_plans(graph: Source) -> list[PlanRef]:
    """Every plan or strategy with priorities, oldest first."""
    plans = [
        PlanRef(r["plan"], short(r["plan"]), r["label"], r["period"], int(r["priorities"]))
        for r in queries.select(graph, "plans")
    ]
    return sorted(plans, key=lambda p: (p.start_year, p.slug))


def resolve_plan(graph: Source, text: str) -> PlanRef:
    """A plan by slug, IRI or case-insensitive fragment of its title."""
    plans = list_plans(graph)
    folded = text.strip().casefold()
    exact = [p for p in plans if folded in (p.slug, p.iri.casefold(), p.label.casefold())]
    found = exact or [p for p in plans if folded in p.slug or folded in p.label.casefold()]
    if len(found) == 1:
        return found[0]
    if found:
        raise Ambiguous(text, [(p.slug, p.label) for p in found])
    # no match: the plans whose slug or title is closest first (difflib), then the rest
    import difflib

    def closeness(p: PlanRef) -> float:
        return max(difflib.SequenceMatcher(None, folded, name).ratio()
                   for name in (p.slug, p.label.casefold()))

    ranked = sorted(plans, key=lambda p: -closeness(p))  # stable: oldest first on a tie
    raise NotFound(text, [(p.slug, p.label) for p in ranked])


def select_plans(graph: Source, text: str | None) -> list[PlanRef]:
    """The plan ``text`` names (slug, IRI or title fragment; NotFound or Ambiguous, with the
    candidates, otherwise) as a one-item list, or every plan when ``text`` is None or empty."""
    return [resolve_plan(graph, text)] if text else list_plans(graph)
