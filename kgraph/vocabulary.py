"""The ontology's entity types by local name (``kg:<Name>``) and the groups of them the code
asks about: one home, below everything that reads, checks, draws or drafts entities."""

from __future__ import annotations

import re

ENTITY_TYPES = frozenset(
    """StrategicPlan Strategy Plan Policy Framework Assessment Programme Report Vision
    Outcome Priority PriorityArea Action Board Partnership Organisation OrganisationalUnit
    Post Indicator CommissioningActivity ServiceActivity Risk""".split()
)
# documents that plan: strategies, plans, policies and the like (a plan's scheme owner)
STRATEGY_LIKE = frozenset(
    "StrategicPlan Strategy Plan Policy Framework Assessment Programme Report".split()
)
# bodies that own, oversee or are accountable: boards, partnerships, organisations, posts
AGENTS = frozenset("Board Partnership Organisation OrganisationalUnit Post".split())
PRIORITIES = frozenset({"Priority", "PriorityArea"})  # what a plan's priorities are typed
# what a plan's scheme holds: its vision, outcomes, priorities, areas and actions
CONCEPTS = frozenset("Vision Outcome Priority PriorityArea Action".split())

# The quality flags in words, for readers (the ontology's definitions, which a loaded
# graph may not carry): the report's flagged values and the explorer's doubtful ticks.
FLAG_WORDS = {
    "garbled": "Garbled in the conversion: the text that states the fact was damaged.",
    "shifted-column": "Possibly shifted column: a table value may sit under the wrong column.",
    "repeated-row": "Repeated row: a table row appears more than once.",
    "ambiguous": "Ambiguous: the source can be read two ways; the note says which reading "
                 "was taken.",
    "truncated": "Cut off: the source text is truncated.",
    "missing": "Missing: the source promises a fact and does not give it.",
    "conflicting": "Conflicting: two places in the sources disagree.",
}
# A crosswalk row's status (kgraph.analysis.crosswalk) as its sentence reads: "X carried into Y"
STATUS_WORDS = {"carried": "carried into", "merged": "merged into", "split": "split into",
                "dropped": "not carried into the next plan", "new": "new in"}

# An indicator value's area, as the curated tables write it ("kent", "statistical-neighbours",
# "east-and-coastal-kent-pct"), in words; Kent first, then national, then the comparison group.
AREA_NAMES = {"kent": "Kent", "national": "National",
              "statistical-neighbours": "Statistical neighbours"}
AREA_ORDER = {"kent": 0, "national": 1, "statistical-neighbours": 2}


def area_name(area: str) -> str:
    """A readable name for an indicator's area slug (a known name, else the words capitalised;
    PCT, CHT, NHS in capitals): "east-and-coastal-kent-pct" → "East and Coastal Kent PCT"."""
    if area in AREA_NAMES:
        return AREA_NAMES[area]
    words = area.replace("-", " ").split()
    out = [w.upper() if w in ("pct", "cht", "nhs")
           else (w if w in ("and", "of") else w.capitalize()) for w in words]
    return " ".join(out)

# an indicator value's period read as a date, for putting periods in order
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}


def period_date(period: str) -> tuple[int, int] | None:
    """(year, month) a period starts in, or None for a period with no date ("latest")."""
    text = period.strip().casefold()
    m = re.search(r"(\d{4})", text)
    if not m:
        return None
    year = int(m.group(1))
    month = next((n for name, n in _MONTHS.items() if text.startswith(name)), None)
    if month is None:
        month = 4 if re.fullmatch(r"\d{4}\s*[/-]\s*\d{1,4}", text) else 1
    return (year, month)
