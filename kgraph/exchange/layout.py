"""The workbook layout, the one place that says which sheets and columns there are.

The template writes it, the importer reads it and the exporter fills it, so a filled
template, an export and a re-import all agree. Every sheet ends with the citation columns;
an officer leaves them empty (the importer then cites the sheet and row), an export fills
them so a round trip keeps every citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kgraph.curation.sources import ATTRIBUTES, FLAGS, MEASURES, PREDICATES
from kgraph.vocabulary import AGENTS, STRATEGY_LIKE


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    example: str = ""
    link: str = ""  # entity sheets: the predicate this column states (subject = the row's id)
    attr: str = ""  # entity sheets: the attribute this column states


@dataclass(frozen=True)
class Sheet:
    name: str
    kind: str  # entity | coverage | triples | facts | observations | sources
    purpose: str
    columns: tuple[Column, ...]
    types: tuple[str, ...] = ()  # entity sheets: allowed types, the first is the default

    @property
    def key(self) -> str:
        return self.columns[0].name

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def _id(what: str, example: str) -> Column:
    return Column("id", f"The {what}'s id: lower-case words joined by hyphens. Reuse the id the "
                  "graph already has (`kgraph show NAME` tells it) to add to that entity; leave "
                  "empty to make one from the label.", example)


def _type(types: tuple[str, ...]) -> Column:
    return Column("type", f"One of {', '.join(types)}. Empty: {types[0]}.", types[0])


def _label(example: str) -> Column:
    return Column("label", "The name as the document writes it. The first name given to an id "
                  "is its main name; other names on later rows become aliases.", example)


ALIASES = Column("aliases", "Other names for the same thing, separated by ';' (recorded as "
                 "aliases, each cited by this row).")
DESCRIPTION = Column("description", "What it is, in the document's words.", attr="description")
PERIOD = Column("period", "The period it covers, as written (2013-2016).", "2013-2016",
                attr="period")
DATE = Column("date", "Date as YYYY, YYYY-MM or YYYY-MM-DD.", "2013-04", attr="date")
STATUS = Column("status", "A status the document gives (draft, to be developed).", attr="status")
NOTATION = Column("notation", "Its number as the document writes it (Priority 1).", attr="notation")
PLAN = Column("plan", "The id or exact name of the plan (or strategy) it belongs to.",
              "every-day-matters", link="inScheme")

#: The citation columns every sheet but sources ends with.
CITATION: tuple[Column, ...] = (
    Column("source", "Where the row's facts are stated: a source key (sources sheet, or a "
           "document already in the graph such as 000) or its file name. Leave empty: the "
           "importer cites this workbook, sheet and row."),
    Column("line", "With a source: the line of that document that states the facts."),
    Column("quote", "With a source: the words of that line that state the facts, verbatim."),
    Column("flag", "A doubt about the row: " + ", ".join(sorted(FLAGS)) + "."),
    Column("note", "What the doubt is (needed with a flag), or any remark."),
    Column("curated_at", "Filled by export (where the fact was curated); leave empty."),
    Column("ref", "Filled by export (keeps citations' identity in a round trip); leave empty."),
)
CITATION_NAMES = tuple(c.name for c in CITATION)


def _entity(name: str, purpose: str, types: tuple[str, ...], *columns: Column) -> Sheet:
    head = [columns[0]]
    if len(types) > 1:
        head.append(_type(types))
    return Sheet(name, "entity", purpose, (*head, *columns[1:], *CITATION), types)


SHEETS: tuple[Sheet, ...] = (
    _entity("plan", "The plan itself: one row (more rows cite more places).",
            ("StrategicPlan",),
            _id("plan", "every-day-matters"),
            _label("Every Day Matters"), ALIASES, PERIOD, DATE, STATUS, DESCRIPTION),
    _entity("outcomes", "The plan's vision and outcomes.", ("Outcome", "Vision"),
            _id("outcome", "every-day-matters-outcome-1"),
            _label("Keep all children and young people safe"), ALIASES, PLAN,
            Column("notation", "Its number as written (Outcome 1).", "Outcome 1", attr="notation"),
            DESCRIPTION),
    _entity("priorities", "The plan's priorities (or priority areas) and the actions under them.",
            ("Priority", "PriorityArea", "Action"),
            _id("priority", "every-day-matters-priority-1"),
            _label("Safeguarding and protection"), ALIASES, PLAN,
            Column("notation", "Its number as written (Priority 1).", "Priority 1",
                   attr="notation"),
            Column("outcome", "The id or name of the outcome it serves, if the plan says.",
                   link="servesOutcome"),
            Column("priority", "For an action: the id or name of the priority it serves.",
                   link="contributesTo"),
            DESCRIPTION),
    _entity("strategies", "Strategies, plans, policies... that deliver or underpin the plan.",
            ("Strategy", *sorted(STRATEGY_LIKE - {"Strategy", "StrategicPlan"})),
            _id("strategy", "kent-alcohol-strategy"),
            _label("Kent Alcohol Strategy"), ALIASES,
            Column("listed_in", "The id or name of the plan whose list (appendix) names it.",
                   "every-day-matters", link="listedIn"),
            Column("outcome", "The id or name of the outcome it sits under in that list.",
                   "every-day-matters-outcome-2", link="servesOutcome"),
            PERIOD, DATE, STATUS, DESCRIPTION),
    Sheet("coverage", "coverage",
          "Ticks: which strategy contributes to which priority. One column per priority.",
          (Column("strategy", "The id or name of a strategy (or action or activity).",
                  "kent-alcohol-strategy"),
           Column("<priority>", "One column per priority: its id or exact name as the heading; "
                  "a tick (✓, x, yes or 1) where the strategy contributes, empty where not.",
                  "✓"),
           *CITATION)),
    _entity("boards", "Boards, partnerships, organisations, services and posts.",
            ("Board", *sorted(AGENTS - {"Board"})),
            _id("body", "kent-action-on-alcohol-steering-group"),
            _label("Kent Action on Alcohol Steering Group"), ALIASES, STATUS, DESCRIPTION),
    Sheet("governance", "triples",
          "Who owns, oversees, produces or leads what, and who reports to whom.",
          (Column("subject", "The id or name of the strategy, activity or body.",
                  "kent-alcohol-strategy"),
           Column("relation", "ownedBy, overseenBy, producedBy, accountableTo, leadService, "
                  "subOrganizationOf or memberOf.", "overseenBy"),
           Column("object", "The id or name of the body (or post).",
                  "kent-action-on-alcohol-steering-group"),
           *CITATION)),
    _entity("indicators", "Key indicators and the priority each measures.", ("Indicator",),
            _id("indicator", "ni117"),
            _label("Percentage of 16-18 year olds not in education, employment or training"),
            ALIASES,
            Column("code", "The indicator's code, written like NI117, CT_1 or KCC_2010.", "NI117",
                   attr="code"),
            Column("measures", "The id or name of the priority (or outcome) it measures.",
                   "every-day-matters-priority-3", link="measures"),
            DESCRIPTION),
    Sheet("observations", "observations", "Indicator values: one value per row.",
          (Column("indicator", "The id or name of the indicator.", "ni117"),
           Column("area", "kent, national, statistical-neighbours or a district.", "kent"),
           Column("period", "The period as written (2008/09).", "2008/09"),
           Column("measure", "actual or target.", "actual"),
           Column("value", "The value as written (6.1, -11.6%, 1,244). Not a number: flag it.",
                  "6.1"),
           Column("dataset", "Leave empty (one data set per workbook); filled by export."),
           *CITATION)),
    _entity("activities", "Commissioning and service activities, and risks.",
            ("CommissioningActivity", "ServiceActivity", "Risk"),
            _id("activity", "early-help-commissioning"),
            _label("Early help commissioning"), ALIASES,
            Column("value_text", "A money value as written (£1.2m).", "£1.2m", attr="value_text"),
            Column("value_gbp", "The same value as a plain number of pounds, if unambiguous.",
                   "1200000", attr="value_gbp"),
            DATE, DESCRIPTION),
    Sheet("links", "triples", "Any other link between two entities.",
          (Column("subject", "The id or name of an entity.",
                  "kent-hidden-harm-strategy-delivery-plan"),
           Column("predicate", ", ".join(sorted(PREDICATES)) + ".", "supports"),
           Column("object", "The id or name of an entity.", "kent-hidden-harm-strategy"),
           *CITATION)),
    Sheet("facts", "facts", "Any other fact about an entity.",
          (Column("id", "The id or name of an entity.", "every-day-matters-priority-5"),
           Column("property", ", ".join(sorted(ATTRIBUTES)) + ".", "description"),
           Column("value", "The value.", "Defined and monitored by the relevant boards"),
           *CITATION)),
    Sheet("sources", "sources",
          "Documents the citation columns name (an officer's workbook needs none).",
          (Column("source", "A short key (000, my-plan-pdf) for the source column.", "000"),
           Column("file", "The document's file name.", "000_4e8c06e772435c57.txt"),
           Column("title", "The document's title.", "Every Day Matters"),
           Column("date", "Its date: YYYY, YYYY-MM or YYYY-MM-DD.", "2013-04"),
           Column("line", "A line where the document names itself (optional).", "10"),
           Column("quote", "The words of that line.", "April 2013"),
           Column("ref", "Filled by export; leave empty."))),
)

SHEET = {s.name: s for s in SHEETS}
ENTITY_SHEETS = tuple(s for s in SHEETS if s.kind == "entity")
SHEET_OF_TYPE = {t: s.name for s in ENTITY_SHEETS for t in s.types}
GOVERNANCE = ("ownedBy", "overseenBy", "producedBy", "accountableTo", "leadService",
              "subOrganizationOf", "memberOf")
MEASURE_NAMES = tuple(sorted(MEASURES))
#: Sheets the importer skips without a word (views written by export, the README).
IGNORED_SHEETS = re.compile(r"^(readme|matrix\b.*)$", re.IGNORECASE)

TICK = "✓"
_TICKS = {"✓", "✔", "☑", "x", "y", "yes", "1", "true"}
_NO_TICKS = {"", "0", "n", "no", "false", "-", "–"}


def tick(cell: str) -> bool | None:
    """True for a tick, False for an empty cell, None for anything else."""
    folded = cell.strip().casefold()
    if folded in _TICKS:
        return True
    if folded in _NO_TICKS:
        return False
    return None


def normal_name(text: str) -> str:
    """A column or vocabulary name as typed → its canonical key (case, spaces, _ ignored)."""
    return re.sub(r"[\s_]+", "", text).casefold()


def canonical(text: str, names: tuple[str, ...] | frozenset[str]) -> str | None:
    """The vocabulary name ``text`` spells (``owned by`` → ``ownedBy``), else None."""
    key = normal_name(text)
    return next((n for n in names if normal_name(n) == key), None)


# Formula / CSV injection (OWASP): a cell that a spreadsheet could read as a formula is
# written with a leading apostrophe, and a leading apostrophe (Excel's own "this is text"
# mark) is removed on import, so every value survives a round trip unchanged.
_RISKY = ("=", "+", "-", "@", "\t", "\r", "'")


def escape_cell(value: str) -> str:
    return "'" + value if value.startswith(_RISKY) else value


def unescape_cell(value: str) -> str:
    return value[1:] if value.startswith("'") else value
