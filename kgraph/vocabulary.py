"""The ontology's entity types by local name (``kg:<Name>``) and the groups of them the code
asks about: one home, below everything that reads, checks, draws or drafts entities."""

from __future__ import annotations

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
