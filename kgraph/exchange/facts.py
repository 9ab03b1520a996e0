"""Checking facts: every row's citation, links, attributes, coverage ticks and
observations become records (``kgraph.exchange.model``) or problems at their cells.

The third of the importer's three parts: rows (``rows``) → ids (``ids``) → facts (here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from kgraph.curation.compile import parse_number
from kgraph.curation.sources import ATTRIBUTES, FLAGS, MEASURES, SLUG
from kgraph.exchange.ids import Ids
from kgraph.exchange.layout import CITATION_NAMES, canonical, tick
from kgraph.exchange.model import (
    AttributeRec,
    DocumentRec,
    LinkRec,
    MentionRec,
    ObservationRec,
    Origin,
    Problem,
    WorkbookCite,
)
from kgraph.exchange.rows import Line
from kgraph.namespaces import slugify
from kgraph.vocabulary import AGENTS, CONCEPTS, STRATEGY_LIKE

PRIORITY_KINDS = frozenset({"Priority", "PriorityArea", "Outcome"})
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_OBS_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_GBP = re.compile(r"^[-+]?\d+(\.\d+)?$")
_CODE = re.compile(r"^[A-Z]+[_ ]?[0-9]+[a-z]?$")


@dataclass
class _Citing:
    """A row's parsed citation columns (the parts every fact of the row shares)."""

    doc: str
    line: int
    quote: str  # empty: each fact quotes its own cell
    flag: str
    note: str
    curated_at: str
    ref: str
    explicit: bool  # the source column was filled

    def cite(self, origin: Origin, quote: str, suffix: str = "") -> WorkbookCite:
        return WorkbookCite(line=self.line, quote=self.quote or quote, document=self.doc,
                            flag=self.flag, note=self.note, curated_at=self.curated_at,
                            ref=self.ref + suffix, origin=origin)



class Facts:
    """The records of a workbook's rows, checked; ``ids`` resolves what the cells name."""

    def __init__(self, name: str, key: str, lines: dict[str, list[Line]], ids: Ids,
                 problems: list[Problem], strict: bool) -> None:
        self.name, self.key, self.lines, self.strict = name, key, lines, strict
        self.problems = problems
        self.ids, self.base, self.entities = ids, ids.base, ids.entities
        self.resolve, self._names = ids.resolve, ids._names
        self.docs: dict[str, DocumentRec] = {}
        self.doc_rows: dict[str, int] = {}
        self.doc_mentions: list[WorkbookCite] = []
        self.obs_refs: set[str] = set()
        self.mentions: list[MentionRec] = []
        self.links: list[LinkRec] = []
        self.attributes: list[AttributeRec] = []
        self.observations: list[ObservationRec] = []
        self.uses_workbook = False

    def problem(self, sheet: str, row: int, column: str, message: str) -> None:
        """Record a problem at ``sheet`` row ``row``, ``column``: ``message`` (reported with every
        other one; nothing is written)."""
        self.problems.append(Problem(sheet, row, column, message))

    def _source_key(self, text: str) -> str | None:
        if text in self.docs or text in self.base.docs:
            return text
        for key, doc in self.docs.items():
            if doc.file == text:
                return key
        return self.base.doc_by_file.get(text)

    def citing(self, line: Line) -> _Citing | None:
        """The citation ``line``'s source columns state (source, line, quote, flag, note), checked;
        None (with problems recorded) if they are wrong, else how its facts are cited."""
        source, number, quote = line.get("source"), line.get("line"), line.get("quote")
        flag, note, curated, ref = (line.get(c) for c in ("flag", "note", "curated_at", "ref"))
        name, ok = line.sheet.name, True
        if flag:
            known = canonical(flag, FLAGS)
            if known is None:
                self.problem(name, line.number, "flag",
                             f"unknown flag {flag!r} (one of {', '.join(sorted(FLAGS))})")
                ok = False
            elif not note:
                self.problem(name, line.number, "note", f"flag {known!r} needs a note saying why")
                ok = False
            flag = known or flag
        if ref and not (_OBS_REF if line.sheet.kind == "observations" else _REF).match(ref):
            self.problem(name, line.number, "ref", f"ref {ref!r} is not a valid reference "
                         "(leave it empty)")
            ok = False
        if source:
            key = self._source_key(source)
            if key is None:
                self.problem(name, line.number, "source",
                             f"unknown source {source!r} (add it to the sources sheet)")
                ok = False
            if not number.isdigit() or int(number) < 1:
                self.problem(name, line.number, "line", f"line {number!r} is not a positive "
                             "whole number" if number else "a row with a source needs its line")
                ok = False
            if not quote:
                self.problem(name, line.number, "quote", "a row with a source needs its quote")
                ok = False
            if not ok or key is None:
                return None
            return _Citing(key, int(number), quote, flag, note,
                           curated or f"{self.name}#{name}!{line.number}",
                           ref or f"{self.key}-{name}-r{line.number}", True)
        if number or quote:
            self.problem(name, line.number, "source", "line and quote need a source "
                         "(leave all three empty to cite this workbook)")
            return None
        if not ok:
            return None
        self.uses_workbook = True
        return _Citing(self.key, line.number, "", flag, note,
                       curated or f"{self.name}#{name}!{line.number}",
                       ref or f"{self.key}-{name}-r{line.number}", False)

    def read_sources(self) -> None:
        """Read the sources sheet: each row's key, file, title, date and optional cited line,
        checked; records the documents rows may cite."""
        for line in self.lines.get("sources", []):
            key, file, title = line.get("source"), line.get("file"), line.get("title")
            when, number, quote, ref = (line.get(c) for c in ("date", "line", "quote", "ref"))
            n, name = line.number, "sources"
            if not SLUG.match(key):
                self.problem(name, n, "source", f"source key {key!r} is not a slug "
                             "(lower-case letters, digits and single hyphens)")
                continue
            if when and not _date_ok(when):
                self.problem(name, n, "date", f"date {when!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
            mention = None
            if number or quote:
                if not number.isdigit() or int(number) < 1 or not quote:
                    self.problem(name, n, "line", "a source's line needs a positive line "
                                 "number and a quote")
                    continue
                if ref and not _REF.match(ref):
                    self.problem(name, n, "ref", f"ref {ref!r} is not a valid reference")
                    continue
                mention = WorkbookCite(line=int(number), quote=quote, document=key, curated_at="",
                                       ref=ref or f"{key}-L{number}", origin=line.origin("line"))
            known = self.docs.get(key)
            if known is not None and (file, title, when) != (known.file, known.title, known.date) \
                    and any((file, title, when)):
                self.problem(name, n, "source", f"source {key!r} is described differently "
                             f"on row {self.doc_rows[key]}")
                continue
            base_file = self.base.docs.get(key)
            if base_file is not None and file and file != base_file:
                self.problem(name, n, "file", f"source {key!r} is {base_file!r} in the "
                             "existing graph")
                continue
            if known is None:
                self.docs[key] = DocumentRec(key, file, title, when)
                self.doc_rows[key] = n
            if mention is not None:
                self.doc_mentions.append(mention)

    def entity_facts(self, line: Line) -> None:
        """Record the names, links and attributes one entity-sheet ``line`` states, each with the
        row's citation."""
        eid = line.get("id")
        citing = self.citing(line)
        if not eid or citing is None:
            return
        for k, name in enumerate(self._names(line)):
            named_in = "label" if k == 0 and line.get("label") else "aliases"
            self.mentions.append(MentionRec(eid, name, citing.cite(
                line.origin(named_in), f"{named_in}: {name}", f"-{k + 1}" if k else "")))
        for column in line.sheet.columns:
            value = line.get(column.name)
            if not value:
                continue
            if column.link:
                target = self.resolve(line.origin(column.name), value, _WHAT[column.name],
                                      _KINDS.get(column.name))
                if target is not None:
                    self.links.append(LinkRec(eid, column.link, target, citing.cite(
                        line.origin(column.name), f"{column.name}: {value}")))
            elif column.attr and self._value_ok(line, column.name, column.attr, value):
                self.attributes.append(AttributeRec(eid, column.attr, value, citing.cite(
                    line.origin(column.name), f"{column.name}: {value}")))

    def _value_ok(self, line: Line, column: str, prop: str, value: str) -> bool:
        message = ""
        if prop == "value_gbp" and not _GBP.match(value.replace(",", "")):
            message = f"{value!r} is not a number (pounds, digits only)"
        elif prop == "value_gbp" and "," in value:
            message = f"{value!r}: write the number without thousands separators"
        elif prop == "date" and not _date_ok(value):
            message = f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
        elif prop == "code" and self.strict and not _CODE.match(value):
            message = f"code {value!r} is not written like NI117, CT_1 or KCC_2010"
        if message:
            self.problem(line.sheet.name, line.number, column, message)
        return not message

    def coverage(self) -> None:
        """Read the coverage sheet: a tick under a priority column is a strategy's ``contributesTo``
        link, cited by its row."""
        lines = self.lines.get("coverage", [])
        if not lines:
            return
        targets: dict[str, str] = {}
        for column in lines[0].order:
            if column in ("strategy", *CITATION_NAMES):
                continue
            found = self.resolve(Origin("coverage", 1, column), column, "priority",
                                 PRIORITY_KINDS | {"Action"})
            if found is not None:
                targets[column] = found
        for line in lines:
            subject_text = line.get("strategy")
            if not subject_text:
                self.problem("coverage", line.number, "strategy", "empty strategy")
                continue
            citing = self.citing(line)
            subject = self.resolve(line.origin("strategy"), subject_text, "strategy")
            for column in line.order:
                if column in ("strategy", *CITATION_NAMES):
                    continue
                value = line.get(column)
                ticked = tick(value)
                if ticked is None:
                    self.problem("coverage", line.number, column, f"{value!r} is not a tick "
                                 "(use ✓, x, yes or 1; leave empty for no tick)")
                elif ticked and subject and citing and column in targets:
                    self.links.append(LinkRec(subject, "contributesTo", targets[column],
                                              citing.cite(line.origin(column),
                                                          f"{column}: {value}")))

    def triples(self, sheet: str, verb: str, vocabulary: tuple[str, ...] | frozenset[str]) -> None:
        """Read a subject / ``verb`` / object ``sheet`` (links, governance), whose verbs come from
        ``vocabulary``: one cited link per row."""
        for line in self.lines.get(sheet, []):
            subject_text, word = line.get("subject"), line.get(verb)
            object_text = line.get("object")
            for column, text in (("subject", subject_text), (verb, word), ("object", object_text)):
                if not text:
                    self.problem(sheet, line.number, column, f"empty {column}")
            if not (subject_text and word and object_text):
                continue
            predicate = canonical(word, vocabulary)
            if predicate is None:
                self.problem(sheet, line.number, verb, f"unknown {verb} {word!r} (one of "
                             + ", ".join(sorted(vocabulary)) + ")")
            citing = self.citing(line)
            subject = self.resolve(line.origin("subject"), subject_text, "entity",
                                   frozenset(AGENTS) if predicate in _AGENT_SUBJECTS else None)
            kinds = (frozenset(AGENTS) if sheet == "governance"
                     else _OBJECT_KINDS.get(predicate or ""))
            target = self.resolve(line.origin("object"), object_text,
                                  "body" if sheet == "governance" else "entity", kinds)
            if predicate and subject and target and citing:
                self.links.append(LinkRec(subject, predicate, target,
                                          citing.cite(line.origin(verb), line.quote())))

    def facts(self) -> None:
        """Read the facts sheet: one cited attribute (entity, property, value) per row."""
        for line in self.lines.get("facts", []):
            eid_text, prop_text, value = line.get("id"), line.get("property"), line.get("value")
            for column, text in (("id", eid_text), ("property", prop_text), ("value", value)):
                if not text:
                    self.problem("facts", line.number, column, f"empty {column}")
            if not (eid_text and prop_text and value):
                continue
            prop = canonical(prop_text, ATTRIBUTES)
            if prop is None:
                self.problem("facts", line.number, "property", f"unknown property "
                             f"{prop_text!r} (one of {', '.join(sorted(ATTRIBUTES))})")
            citing = self.citing(line)
            eid = self.resolve(line.origin("id"), eid_text, "entity")
            if prop and eid and citing and self._value_ok(line, "value", prop, value):
                cite = citing.cite(line.origin("value"), line.quote())
                self.attributes.append(AttributeRec(eid, prop, value, cite))

    def read_observations(self) -> None:
        """Read the observations sheet: one cited indicator value (indicator, area, period, measure,
        value) per row; a flagged value need not be a number."""
        for line in self.lines.get("observations", []):
            n = line.number
            text, area, period = line.get("indicator"), line.get("area"), line.get("period")
            measure_text, value = line.get("measure"), line.get("value")
            dataset = line.get("dataset")
            for column, cell in (("indicator", text), ("area", area), ("period", period),
                                 ("measure", measure_text)):
                if not cell:
                    self.problem("observations", n, column, f"empty {column}")
            measure = canonical(measure_text, MEASURES) if measure_text else None
            if measure_text and measure is None:
                self.problem("observations", n, "measure",
                             f"measure {measure_text!r} is not actual or target")
            flagged = bool(line.get("flag"))
            if not value and not flagged:
                self.problem("observations", n, "value", "empty value (flag the row if the "
                             "source gives none)")
            elif value and parse_number(value) is None and not flagged:
                self.problem("observations", n, "value", f"{value!r} is not a number (flag the "
                             "row if the source value is not a number)")
            if dataset and not SLUG.match(dataset):
                self.problem("observations", n, "dataset", f"dataset {dataset!r} is not a slug")
            citing = self.citing(line)
            indicator = self.resolve(line.origin("indicator"), text, "indicator",
                                     frozenset({"Indicator"})) if text else None
            if indicator and area and period and measure and citing and (value or flagged):
                ref = line.get("ref") or self._obs_ref(
                    f"{indicator}/{slugify(area, 60) or 'area'}/{slugify(period, 60) or 'period'}/{measure}")
                cite = citing.cite(line.origin("value"), line.quote())
                self.observations.append(ObservationRec(
                    indicator, area, period, measure, value, dataset or self.key,
                    replace(cite, ref=ref)))

    def _obs_ref(self, stem: str) -> str:
        candidate, k = stem, 1
        while candidate in self.obs_refs or self.base.has_node(f"obs/{candidate}"):
            k += 1
            candidate = f"{stem}-{k}"
        self.obs_refs.add(candidate)
        return candidate

    def final_checks(self) -> None:
        """Checks over the whole workbook: every new entity named, every new concept in a plan (when
        strict), and the workbook not imported into this graph before."""
        for entity in self.entities.values():
            if not entity.in_base and not entity.labelled:
                self.problem(entity.sheet, entity.row, "label",
                             "empty label: a new entity needs a name")
        if self.strict:
            schemes = {link.subject for link in self.links if link.predicate == "inScheme"}
            for entity in self.entities.values():
                if entity.type in CONCEPTS and not entity.in_base and entity.id not in schemes:
                    self.problem(entity.sheet, entity.row, "plan", f"a new {entity.type} needs "
                                 "the plan it belongs to")
        if self.uses_workbook and self.base.has_citations_from(self.key):
            self.problem(self.name, 0, "", f"the existing graph already holds an import of "
                         f"this workbook (doc/{self.key}); import into a graph without it")


_WHAT = {"plan": "plan", "outcome": "outcome", "priority": "priority", "listed_in": "plan",
         "measures": "priority"}
_KINDS = {"plan": frozenset(STRATEGY_LIKE), "outcome": frozenset({"Outcome"}),
          "priority": PRIORITY_KINDS | {"Action"}, "listed_in": frozenset(STRATEGY_LIKE),
          "measures": PRIORITY_KINDS}
_AGENT_SUBJECTS = {"accountableTo", "subOrganizationOf", "memberOf"}
_OBJECT_KINDS = {"inScheme": frozenset(STRATEGY_LIKE), "servesOutcome": frozenset({"Outcome"}),
                 "measures": PRIORITY_KINDS, "supports": frozenset(STRATEGY_LIKE),
                 "listedIn": frozenset(STRATEGY_LIKE)}


def _date_ok(text: str) -> bool:
    if not _DATE.match(text):
        return False
    if len(text) == 10:
        try:
            date.fromisoformat(text)
        except ValueError:
            return False
    elif len(text) == 7 and not 1 <= int(text[5:]) <= 12:
        return False
    return True
