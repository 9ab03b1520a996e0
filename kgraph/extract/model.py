"""What the extractor proposes: findings with their line, quote and confidence.

Finders (``headings``, ``matrix``, ``lists``, ``columns``, ``governance``) return these
records; ``draft`` turns them into workbook rows. Nothing here is a fact until a person
has reviewed the draft and imported it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kgraph.provenance import Cite

#: How sure a finder is, and what that means to a reviewer (the README sheet repeats it).
CONFIDENCE = {
    "high": "read from a clean table row or a numbered heading: check it quickly",
    "medium": "read from a list or a table whose layout needed interpreting: check the cell",
    "low": "a name or link guessed from running text: check it against the sentence",
}


@dataclass
class Finding:
    """One proposed entity (``kind`` = its workbook type) or link."""

    kind: str  # StrategicPlan, Vision, Outcome, Priority, PriorityArea, Strategy, Indicator,
    #            Board, …; or "tick", "governance", "supports", "measures"
    label: str
    cite: Cite  # line and quote (the document is the Extracted's)
    confidence: str
    why: str
    number: str = ""  # notation number for outcomes and priorities
    group: str = ""  # the table's group heading (an outcome) a strategy row sits under
    subject: str = ""  # links: labels of the two ends
    object: str = ""
    relation: str = ""
    description: str = ""
    flag: str = ""
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Matrix:
    """A strategy × priority tick table as the document lays it out."""

    header_line: int
    priorities: list[str]  # column headings as written ("Priority 1: Safeguarding…")
    rows: list[Finding] = field(default_factory=list)  # kind "Strategy", with extra["ticks"]
    problems: list[Finding] = field(default_factory=list)


@dataclass
class Extracted:
    """Everything found in one document."""

    document: str  # file name
    title: Finding | None = None
    findings: list[Finding] = field(default_factory=list)
    matrices: list[Matrix] = field(default_factory=list)

    def of(self, *kinds: str) -> list[Finding]:
        """The findings of the given ``kinds``."""
        return [f for f in self.findings if f.kind in kinds]
