"""Findings → the workbook's sheets (the layout ``kgraph template`` writes and ``kgraph
import`` reads), each row citing its document, line and quote, with its confidence.

Names already in a graph (``base``) are matched by their normalised name (case, "&"/"and",
punctuation and spacing ignored): a known strategy becomes a reference to its id, and the
document's name for it an alias candidate, never a new node. A known plan's priorities
are matched by their number.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgraph.exchange.layout import CITATION_NAMES, SHEET, TICK
from kgraph.extract.model import CONFIDENCE, Extracted, Finding
from kgraph.namespaces import slugify
from kgraph.provenance import Cite
from kgraph.vocabulary import AGENTS, STRATEGY_LIKE

_OUTCOME_GROUP = re.compile(r"^outcome\s+(\d{1,2})\b", re.IGNORECASE)


def _id(text: str, limit: int = 60) -> str:
    """A drafted id: the text's slug without its apostrophes ("Children's" → "childrens")."""
    return slugify(text, limit, drop="'’")


def normal(name: str) -> str:
    """A name as compared with the graph's names."""
    text = name.casefold().replace("&", " and ").replace("’", "'")
    text = re.sub(r"\((developing|draft)\)", " ", text)
    text = re.sub(r"[^\w]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def strategy_type(name: str) -> str:
    """The workbook type a strategy's name suggests (Strategy when it says nothing)."""
    n = name.casefold()
    for word, kind in (("needs assessment", "Assessment"), ("jsna", "Assessment"),
                       ("business case", "Programme"), ("programme", "Programme"),
                       ("framework", "Framework"), ("policy", "Policy"),
                       ("protocol", "Policy"), ("compact", "Report"), ("report", "Report"),
                       ("strategy", "Strategy"), ("plan", "Plan")):
        if word in n:
            return kind
    return "Strategy"


def _is_body(name: str) -> bool:
    from kgraph.extract.governance import _BODY_END

    return bool(_BODY_END.search(name)) or (name.isupper() and len(name) >= 3)


def body_type(name: str) -> str:
    """The boards-sheet type a body's ``name`` suggests: Partnership, Organisation, Post or (else)
    Board."""
    n = name.casefold()
    if "partnership" in n or "forum" in n:
        return "Partnership"
    if "council" in n or "police" in n or n.startswith("nhs") or "authority" in n:
        return "Organisation"
    if "director" in n or "cabinet member" in n or "officer" in n:
        return "Post"
    return "Board"


@dataclass
class Known:
    """The names, types and plan priorities of a graph to match a draft against."""

    ids: dict[str, tuple[str, str]] = field(default_factory=dict)  # normal name → (id, type)
    priorities: dict[tuple[str, str], str] = field(default_factory=dict)  # (plan, N) → id
    files: dict[str, str] = field(default_factory=dict)  # file name → the graph's source key

    @classmethod
    def of(cls, graph: Any) -> Known:
        """The names, ids and priorities ``graph`` already holds (empty for None), to match drafted
        names against."""
        from kgraph.namespaces import short

        known = cls()
        if graph is None:
            return known
        from kgraph import queries

        for row in queries.select(graph, "extract_known_names"):
            key = normal(str(row["label"]))
            known.ids.setdefault(key, (short(row["entity"]), str(row["type"]).rsplit("#", 1)[-1]
                                       .rsplit("/", 1)[-1]))
        for row in queries.select(graph, "extract_known_priorities"):
            number = re.sub(r"\D", "", str(row["notation"]))
            known.priorities[(short(row["plan"]), number)] = short(row["priority"])
        known.files = {str(r["file"]): short(r["doc"]).rsplit("/", 1)[-1]
                       for r in queries.select(graph, "extract_known_documents")}
        return known




@dataclass
class Draft:
    """The workbook's rows, sheet by sheet (headers from the template's layout)."""

    sheets: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    coverage_columns: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    matched: list[tuple[str, str, str]] = field(default_factory=list)  # name, id, document

    def add(self, sheet: str, values: dict[str, str], doc: str, cite: Cite | None,
            confidence: str, why: str, flag: str = "", note: str = "") -> None:
        """Add a row of ``values`` to ``sheet``, cited at ``cite`` in ``doc`` (if any), with its
        confidence, reason and any flag and note."""
        row = dict(values)
        if cite is not None:
            row.update(source=doc, line=str(cite.line), quote=cite.quote)
        row["flag"] = flag
        says = f"confidence {confidence}: {why}"
        row["note"] = f"{note} ({says})" if note else says
        self.sheets.setdefault(sheet, []).append(row)

    def header(self, sheet: str) -> list[str]:
        """The header of ``sheet`` in the draft (coverage: the strategy column, the priority columns
        found, the citation columns)."""
        if sheet == "coverage":
            return ["strategy", *self.coverage_columns, *CITATION_NAMES]
        return [c.name for c in SHEET[sheet].columns]

    def tables(self) -> dict[str, tuple[list[str], list[list[str]]]]:
        """The draft's non-empty sheets as (header, rows), in the template's sheet order."""
        out = {}
        for sheet in SHEET:
            rows = self.sheets.get(sheet, [])
            if not rows:
                continue
            header = self.header(sheet)
            out[sheet] = (header, [[r.get(h, "") for h in header] for r in rows])
        return out

    def count(self, sheet: str) -> int:
        """How many rows ``sheet`` has in the draft."""
        return len(self.sheets.get(sheet, []))


class _Builder:
    def __init__(self, known: Known) -> None:
        self.known = known
        self.draft = Draft()
        self.made: dict[str, str] = {}  # id → sheet, for entities drafted here
        self.by_name: dict[str, str] = {}  # normal name → id drafted here

    def entity(self, name: str, kinds: Set[str], new_id: str, sheet: str, values: dict[str, str],
               doc: str, finding: Finding, alias_of_known: bool = True) -> str:
        """The id for ``name``: a known one (the name then an alias), or a new row."""
        key = normal(name)
        if key in self.by_name:
            return self.by_name[key]
        hit = self.known.ids.get(key)
        if hit and hit[1] in kinds:
            self.by_name[key] = hit[0]
            self.draft.matched.append((name, hit[0], doc))
            row = {"id": hit[0], "label": name, **{k: v for k, v in values.items()
                                                   if k in ("listed_in", "plan", "outcome")}}
            self.draft.add(sheet, row, doc, finding.cite, finding.confidence,
                           finding.why, finding.flag,
                           _join(finding.note, f"the graph already has this as '{hit[0]}': "
                                 "this row adds to it (the name becomes an alias if new)"))
            return hit[0]
        ident = new_id
        n = 2
        while ident in self.made:
            ident, n = f"{new_id}-{n}", n + 1
        self.made[ident] = sheet
        self.by_name[key] = ident
        self.draft.add(sheet, {"id": ident, "label": name, **values}, doc, finding.cite,
                       finding.confidence, finding.why, finding.flag, finding.note)
        return ident


def _join(*notes: str) -> str:
    return "; ".join(n for n in notes if n)


def build_draft(extracted: list[Extracted], known: Known | None = None) -> Draft:
    """The draft workbook of one or more documents' findings."""
    b = _Builder(known or Known())
    for ex in extracted:
        _document(b, ex)
    return b.draft


def _document(b: _Builder, ex: Extracted) -> None:
    doc = ex.document
    key = doc  # rows cite the document by its file name (the sources sheet, or the graph)
    b.draft.documents.append(doc)
    if doc not in {r["file"] for r in b.draft.sheets.get("sources", [])}:
        b.draft.sheets.setdefault("sources", []).append({
            "source": b.known.files.get(doc) or _id(Path(doc).stem) or "document", "file": doc,
            "title": ex.title.label if ex.title else doc,
            "line": str(ex.title.cite.line) if ex.title else "",
            "quote": ex.title.cite.quote if ex.title else ""})
    title = ex.title
    assert title is not None
    plan = b.entity(title.label, STRATEGY_LIKE, _id(title.label) or _id(key), "plan", {},
                    key, title)
    outcomes: dict[str, str] = {}
    for f in ex.of("Vision"):
        b.entity(f.label, {"Vision"}, f"{plan}-vision", "outcomes",
                 {"type": "Vision", "plan": plan}, key, f)
    for f in ex.of("Outcome"):
        outcomes[f.number] = b.entity(f.label, {"Outcome"}, f"{plan}-outcome-{f.number}",
                                      "outcomes", {"type": "Outcome", "plan": plan,
                                                   "notation": f"Outcome {f.number}"}, key, f)
    priorities: dict[str, str] = {}
    for f in ex.of("Priority"):
        known = b.known.priorities.get((plan, f.number))
        aliases = "; ".join(f.extra.get("aliases", []))
        if known:
            b.draft.matched.append((f.label, known, key))
            priorities[f.number] = known
            b.draft.add("priorities", {"id": known, "label": f.label, "aliases": aliases,
                                       "plan": plan, "notation": f"Priority {f.number}"},
                        key, f.cite, f.confidence, f.why,
                        note=f"the graph already has Priority {f.number} of this plan as "
                             f"'{known}'")
            continue
        ident = f"{plan}-priority-{f.number}"
        b.made[ident] = "priorities"
        priorities[f.number] = ident
        b.draft.add("priorities", {"id": ident, "type": "Priority", "label": f.label,
                                   "aliases": aliases, "plan": plan,
                                   "notation": f"Priority {f.number}"},
                    key, f.cite, f.confidence, f.why)
    _matrices(b, ex, key, plan, priorities, outcomes)
    _columns(b, ex, key, plan)
    _indicators(b, ex, key, plan, priorities)
    _governance(b, ex, key)


def _priority_of(heading: str, priorities: dict[str, str]) -> str | None:
    m = re.match(r"^priority\s+(\d{1,2})", heading, re.IGNORECASE)
    return priorities.get(m.group(1)) if m else None


def _matrices(b: _Builder, ex: Extracted, key: str, plan: str, priorities: dict[str, str],
              outcomes: dict[str, str]) -> None:
    for matrix in ex.matrices:
        columns = []
        for heading in matrix.priorities:
            pid = _priority_of(heading, priorities)
            if pid is None:  # a priority the headings did not name: make it from the header
                m = re.match(r"^priority\s+(\d{1,2})\s*[:.\-–]?\s*(.*)$", heading, re.I)
                number, name = (m.group(1), m.group(2)) if m else ("", heading)
                pid = f"{plan}-priority-{number or _id(heading)}"
                priorities[number] = pid
                b.made[pid] = "priorities"
                b.draft.add("priorities", {"id": pid, "type": "Priority", "label": name or heading,
                                           "plan": plan, "notation": f"Priority {number}"},
                            key, Cite(matrix.header_line, heading), "medium",
                            "a column heading of the tick table (no heading of its own found)")
            columns.append(pid)
            if pid not in b.draft.coverage_columns:
                b.draft.coverage_columns.append(pid)
        for row in matrix.rows:
            if row.kind != "Strategy":
                continue
            om = _OUTCOME_GROUP.match(row.group)
            outcome = outcomes.get(om.group(1), "") if om else ""
            note = row.note
            if row.group and not om:
                note = _join(note, f"listed under the table's group '{row.group}'")
            values = {"type": strategy_type(row.label), "listed_in": plan, "outcome": outcome,
                      "description": row.description}
            f = Finding(row.kind, row.label, row.cite, row.confidence, row.why,
                        flag=row.flag, note=note)
            sid = b.entity(row.label, STRATEGY_LIKE, _id(row.label), "strategies", values,
                           key, f)
            ticks: dict[str, bool] = row.extra["ticks"]  # type: ignore[assignment]  # set by matrix.py
            cells = {pid: (TICK if ticks[h] else "") for pid, h in
                     zip(columns, matrix.priorities, strict=True)}
            b.draft.add("coverage", {"strategy": sid, **cells}, key, row.cite, row.confidence,
                        "ticks read from the row of the tick table", row.flag, row.note)


def _columns(b: _Builder, ex: Extracted, key: str, plan: str) -> None:
    areas: dict[str, str] = {}
    owners: dict[str, str] = {}
    for f in ex.of("owner"):
        owners[f.label] = b.entity(f.label, STRATEGY_LIKE, _id(f.label), "strategies",
                                   {"type": strategy_type(f.label)}, key, f)
    for f in ex.of("PriorityArea"):
        scheme = owners.get(f.extra.get("owner", ""), plan)
        areas[f.label] = b.entity(f.label, {"PriorityArea", "Priority"},
                                  f"{scheme}-{_id(f.label, 40)}", "priorities",
                                  {"type": "PriorityArea", "plan": scheme}, key, f)
    for f in ex.findings:
        if f.kind != "Strategy" or "area" not in f.extra:
            continue
        owner = owners.get(f.extra.get("owner", ""), plan)
        values = {"type": strategy_type(f.label), "listed_in": owner,
                  "aliases": f.extra.get("aliases", ""),
                  "status": "developing" if f.extra.get("developing") else ""}
        label = re.sub(r"\s*\((developing)\)\s*$", "", f.label, flags=re.I)
        sid = b.entity(label, STRATEGY_LIKE, _id(label), "strategies", values, key,
                       Finding(f.kind, label, f.cite, f.confidence, f.why, flag=f.flag,
                               note=_join(f.note, f"table section '{f.group}'" if f.group
                                          else "")))
        b.draft.add("links", {"subject": sid, "predicate": "supports", "object": owner}, key,
                    f.cite, f.confidence, "listed in the plan's table of linked strategies"
                    + (f" (section '{f.group}')" if f.group else ""))
        area = f.extra.get("area", "")
        if area:
            b.draft.add("links", {"subject": sid, "predicate": "contributesTo",
                                  "object": areas[area]}, key, f.cite, f.confidence,
                        f"named in the column '{area}'")


def _indicators(b: _Builder, ex: Extracted, key: str, plan: str,
                priorities: dict[str, str]) -> None:
    for f in ex.findings:
        if f.kind == "Indicator":
            pid = priorities.get(f.object, "")
            code = f.extra.get("code", "")
            ident = _id(code) if code else f"indicator-{_id(f.label, 50)}"
            b.entity(f.label, {"Indicator"}, ident,
                     "indicators", {"code": code, "measures": pid}, key,
                     Finding(f.kind, f.label, f.cite, f.confidence, f.why,
                             note="" if pid or not f.object else
                             f"Priority {f.object} is not among the plan's priorities found"))
        elif f.kind == "no-indicator":
            priority_id = priorities.get(f.object)
            if priority_id:
                b.draft.add("facts", {"id": priority_id, "property": "description", "value": f.label},
                            key, f.cite, f.confidence, f.why, f.flag, f.note)


def _governance(b: _Builder, ex: Extracted, key: str) -> None:
    for f in ex.of("governance"):
        sid = b.by_name.get(normal(f.subject), "")
        if not sid and _is_body(f.subject):
            sid = b.entity(f.subject, AGENTS, _id(f.subject), "boards",
                           {"type": body_type(f.subject)}, key,
                           Finding("Board", f.subject, f.cite, "low",
                                   "a body named in a governance sentence; its type is a guess"))
        elif not sid:
            sid = b.entity(f.subject, STRATEGY_LIKE, _id(f.subject),
                           "strategies", {"type": strategy_type(f.subject)}, key,
                           Finding("Strategy", f.subject, f.cite, "low",
                                   "the subject of a governance sentence"))
        if "delivery" in f.extra:
            name = f"{f.subject} {f.extra['delivery']}"
            plan_id = b.entity(name, STRATEGY_LIKE, _id(name), "strategies", {"type": "Plan"},
                               key, Finding("Plan", name, f.cite, "medium",
                                            f"the {f.extra['delivery']} the strategy's row "
                                            "speaks of (named here after the strategy)"))
            if plan_id != sid:
                b.draft.add("links", {"subject": plan_id, "predicate": "supports",
                                      "object": sid}, key, f.cite, "medium",
                            f"the row says the strategy has a {f.extra['delivery']}")
            sid = plan_id
        oid = b.entity(f.object, AGENTS, _id(f.object), "boards",
                       {"type": body_type(f.object)}, key,
                       Finding("Board", f.object, f.cite, "low",
                               "a body named in a governance sentence; its type is a guess"))
        b.draft.add("governance", {"subject": sid, "relation": f.relation, "object": oid},
                    key, f.cite, f.confidence, f.why)


REVIEW = [
    "This workbook is a DRAFT made by `kgraph extract` from the documents on the sources "
    "sheet. Nothing in it is in the graph until a person has reviewed it and run "
    "`kgraph import`.",
    "Every row cites where it was read: the source, line and quote columns. Open the "
    "document at that line and check the row says what the line says.",
    "The note column starts with the reason for the row and its confidence: "
    + "; ".join(f"{k} = {v}" for k, v in CONFIDENCE.items()) + ".",
    "A flag (garbled, shifted-column, repeated-row, ambiguous, missing) marks a place where "
    "the document's layout was damaged or unclear: the extractor did not guess there, and "
    "the note says what it saw. Fix the row from the original document, or leave the flag.",
    "Rows whose id is already in the graph add to that entity (a new name becomes an alias). "
    "Delete a row to drop a proposal; correct a cell to fix it; add rows for what was missed.",
    "When done: `kgraph import THIS_WORKBOOK -o plan.ttl` (it checks every row, lists every "
    "problem and writes nothing until all are fixed).",
]
