"""Entity types grouped into the explorer's families: one page kind, one URL folder, one
legend colour each. The only place the explorer maps kgraph types to presentation."""

from __future__ import annotations

from dataclasses import dataclass

from kgraph import vocabulary


@dataclass(frozen=True)
class Family:
    name: str  # also the URL folder and the template name
    title: str  # plural, for headings and the legend
    colour: str  # node colour in the network view (WCAG-contrasting on white)
    shape: str  # vis-network node shape
    types: tuple[str, ...]


FAMILIES: tuple[Family, ...] = (
    Family("plan", "Plans", "#1b4f9c", "star", ("StrategicPlan",)),
    Family("strategy", "Strategies and other documents", "#2f8f46", "dot",
           ("Strategy", "Plan", "Policy", "Framework", "Assessment", "Programme", "Report")),
    Family("outcome", "Visions and outcomes", "#8e44ad", "diamond", ("Vision", "Outcome")),
    Family("priority", "Priorities, areas and actions", "#c0392b", "triangle",
           ("Priority", "PriorityArea", "Action")),
    Family("body", "Boards, partnerships and organisations", "#d35400", "square",
           ("Board", "Partnership", "Organisation", "OrganisationalUnit", "Post")),
    Family("indicator", "Indicators", "#16808a", "triangleDown", ("Indicator",)),
    Family("activity", "Activities and risks", "#7f6a00", "dot",
           ("CommissioningActivity", "ServiceActivity", "Risk")),
    Family("entity", "Other entities", "#5d6d7e", "dot", ()),
)
BY_NAME = {f.name: f for f in FAMILIES}
_BY_TYPE = {t: f for f in FAMILIES for t in f.types}
# Where an entity carries several kgraph types, the first in this order names its family.
TYPE_ORDER = [t for f in FAMILIES for t in f.types]

# the groups the pages ask about (kinds.STRATEGY_LIKE …) are the vocabulary's own
STRATEGY_LIKE, AGENTS, CONCEPTS = vocabulary.STRATEGY_LIKE, vocabulary.AGENTS, vocabulary.CONCEPTS


def family(type_name: str) -> Family:
    return _BY_TYPE.get(type_name, BY_NAME["entity"])


def main_type(types: set[str] | list[str]) -> str:
    """The one type an entity is shown as: the first known one, else the first by name."""
    known = [t for t in TYPE_ORDER if t in types]
    return known[0] if known else sorted(types)[0]
