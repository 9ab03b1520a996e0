"""Import a filled workbook (an .xlsx file or a folder of CSV files) into the graph.

The workbook is read as curated tables: every row states facts and cites where they come
from — a document line when the source columns are filled, else the workbook's own sheet
and row. Rows are checked first and every problem is collected (sheet, row, column, what
is wrong); only a workbook without problems is built into RDF (``build``), merged with the
existing graph (entities are matched by id or exact name, new names become aliases) and
SHACL-validated. Nothing is written here: the caller writes the returned graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Graph

from kgraph.curation.compile import parse_number
from kgraph.curation.sources import (
    AGENTS,
    ATTRIBUTES,
    FLAGS,
    MEASURES,
    PREDICATES,
    SLUG,
    STRATEGY_LIKE,
)
from kgraph.exchange.build import BaseIndex, Built, build, norm_label
from kgraph.exchange.layout import (
    CITATION_NAMES,
    ENTITY_SHEETS,
    GOVERNANCE,
    IGNORED_SHEETS,
    SHEET,
    SHEET_OF_TYPE,
    SHEETS,
    Sheet,
    canonical,
    normal_name,
    tick,
    unescape_cell,
)
from kgraph.exchange.model import (
    AttributeRec,
    Cite,
    DocumentRec,
    LinkRec,
    MentionRec,
    ObservationRec,
    Origin,
    Problem,
    WorkbookProblems,
)
from kgraph.exchange.tables import CONTROL, Row, Table, Tables, read_tables

PRIORITY_KINDS = frozenset({"Priority", "PriorityArea", "Outcome"})
CONCEPTS = frozenset({"Vision", "Outcome", "Priority", "PriorityArea", "Action"})
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_OBS_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_GBP = re.compile(r"^[-+]?\d+(\.\d+)?$")
_CODE = re.compile(r"^[A-Z]+[_ ]?[0-9]+[a-z]?$")


def slug(text: str, limit: int = 60) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold())[:limit].strip("-")


@dataclass
class _Entity:
    id: str
    type: str
    sheet: str
    row: int
    in_base: bool
    labelled: bool = False


@dataclass
class _Line:
    """One data row: its sheet, number, cleaned cells by column, and the header order."""

    sheet: Sheet
    number: int
    cells: dict[str, str]
    order: list[str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def origin(self, column: str = "") -> Origin:
        return Origin(self.sheet.name, self.number, column)

    def quote(self) -> str:
        """The row as written: its non-empty data cells, joined."""
        return " | ".join(self.cells[c] for c in self.order
                          if c not in CITATION_NAMES and self.cells.get(c))


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

    def cite(self, origin: Origin, quote: str, suffix: str = "") -> Cite:
        return Cite(self.doc, self.line, self.quote or quote, self.flag, self.note,
                    self.curated_at, self.ref + suffix, origin)


@dataclass
class ImportResult:
    graph: Graph
    source: str
    new_entities: list[str] = field(default_factory=list)
    merged_entities: list[str] = field(default_factory=list)
    aliases: int = 0
    links: int = 0
    facts: int = 0
    observations: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.source}: {len(self.new_entities)} new entities, "
                f"{len(self.merged_entities)} merged with existing ones, {self.aliases} new "
                f"aliases, {self.links} links, {self.facts} facts, {self.observations} "
                "observations")


class _Reader:
    def __init__(self, tables: Tables, base: Graph | None, strict: bool) -> None:
        self.name = tables.name
        self.key = slug(tables.name) or "workbook"
        self.strict = strict
        self.base = BaseIndex(base)
        self.problems: list[Problem] = []
        self.warnings: list[str] = [f"{self.name}: skipped {n} (not a kgraph table)"
                                    for n in tables.ignored]
        self.entities: dict[str, _Entity] = {}
        self.labels: dict[str, set[str]] = {}
        self.docs: dict[str, DocumentRec] = {}
        self.doc_rows: dict[str, int] = {}
        self.doc_mentions: list[Cite] = []
        self.obs_refs: set[str] = set()
        self.mentions: list[MentionRec] = []
        self.links: list[LinkRec] = []
        self.attributes: list[AttributeRec] = []
        self.observations: list[ObservationRec] = []
        self.uses_workbook = False
        self.lines: dict[str, list[_Line]] = {}
        self._sheets(tables)

    # --- reading the tables ------------------------------------------------------------

    def problem(self, sheet: str, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(sheet, row, column, message))

    def _sheets(self, tables: Tables) -> None:
        by_key = {normal_name(s.name): s for s in SHEETS}
        for name, table in tables.tables.items():
            sheet = by_key.get(normal_name(name))
            if sheet is None:
                if not IGNORED_SHEETS.match(name.strip()):
                    self.warnings.append(f"{self.name}: skipped sheet {name!r} "
                                         "(not a kgraph table)")
                continue
            if sheet.name in self.lines:
                self.problem(name, 0, "", f"a second {sheet.name} sheet")
                continue
            self.lines[sheet.name] = self._rows(sheet, table)

    def _rows(self, sheet: Sheet, table: Table) -> list[_Line]:
        known = {normal_name(c.name): c.name for c in sheet.columns}
        names: list[str] = []
        for text in table.header:
            text = unescape_cell(text.strip())
            if not text:
                names.append("")
                continue
            name = known.get(normal_name(text))
            if name is None and sheet.kind != "coverage":
                self.problem(sheet.name, 1, text, f"unknown column {text!r} (known: "
                             + ", ".join(c.name for c in sheet.columns) + ")")
            name = name or text
            if name in names:
                self.problem(sheet.name, 1, text, f"column {text!r} appears twice")
            names.append(name)
        if table.rows and sheet.key not in names:
            self.problem(sheet.name, 1, sheet.key, f"missing column {sheet.key!r}")
            return []
        lines = []
        for row in table.rows:
            line = self._line(sheet, names, row)
            if line is not None:
                lines.append(line)
        return lines

    def _line(self, sheet: Sheet, names: list[str], row: Row) -> _Line | None:
        raw = [c.strip() for c in row.cells]
        if not any(raw) or raw[0].startswith("#"):
            return None  # blank rows and note rows (the template's example) are skipped
        cells: dict[str, str] = {}
        for i, text in enumerate(raw):
            name = names[i] if i < len(names) else ""
            if not name:
                if text:
                    self.problem(sheet.name, row.number, f"column {i + 1}",
                                 "a value under no heading")
                continue
            # a refused cell is still read, so it causes no second, derived problem
            if i in row.formulas:
                self.problem(sheet.name, row.number, name,
                             "a formula is not allowed; type the value itself")
            bad = CONTROL.search(text)
            if bad:
                self.problem(sheet.name, row.number, name,
                             f"contains a control character (U+{ord(bad.group()):04X}), "
                             "which a spreadsheet cannot hold")
            cells[name] = unescape_cell(text).strip()
        return _Line(sheet, row.number, cells, [n for n in names if n])

    # --- citations ---------------------------------------------------------------------

    def _source_key(self, text: str) -> str | None:
        if text in self.docs or text in self.base.docs:
            return text
        for key, doc in self.docs.items():
            if doc.file == text:
                return key
        return self.base.doc_by_file.get(text)

    def citing(self, line: _Line) -> _Citing | None:
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

    # --- sources -----------------------------------------------------------------------

    def read_sources(self) -> None:
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
                mention = Cite(key, int(number), quote, "", "", "", ref or f"{key}-L{number}",
                               line.origin("line"))
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

    # --- entities ----------------------------------------------------------------------

    def _names(self, line: _Line) -> list[str]:
        names = [line.get("label")] + line.get("aliases").split(";")
        out: list[str] = []
        for n in (n.strip() for n in names):
            if n and n not in out:
                out.append(n)
        return out

    def _candidates(self, text: str) -> set[str]:
        key = norm_label(text)
        return set(self.labels.get(key, set())) | set(self.base.labels.get(key, set()))

    def define(self, line: _Line) -> None:
        """First pass over an entity row: settle its id and type."""
        sheet, n = line.sheet, line.number
        given, names = line.get("id"), self._names(line)
        typed_id, explicit_source = bool(given), bool(line.get("source"))
        if not given:
            if not names:
                self.problem(sheet.name, n, "label", "empty label: give the name (or an id)")
                return
            found = self._candidates(names[0])
            if len(found) > 1:
                self.problem(sheet.name, n, "label", f"{names[0]!r} names several entities: "
                             + ", ".join(sorted(found)) + " (give the id)")
                return
            given = found.pop() if found else self._mint(names[0])
        elif not SLUG.match(given):
            self.problem(sheet.name, n, "id", f"id {given!r} is not a slug (lower-case "
                         "letters, digits and single hyphens)")
            return
        kind = line.get("type")
        if kind:
            known = canonical(kind, sheet.types)
            if known is None:
                other = canonical(kind, tuple(SHEET_OF_TYPE))
                self.problem(sheet.name, n, "type", (
                    f"type {other!r} belongs on the {SHEET_OF_TYPE[other]} sheet" if other else
                    f"unknown type {kind!r} (here: {', '.join(sheet.types)})"))
                return
            kind = known
        line.cells["id"] = given
        seen = self.entities.get(given)
        if seen is not None:
            if seen.sheet != sheet.name:
                self.problem(sheet.name, n, "id", f"duplicate id {given!r} (already on "
                             f"{seen.sheet} row {seen.row})")
            elif kind and kind != seen.type:
                self.problem(sheet.name, n, "id", f"duplicate id {given!r} (already on row "
                             f"{seen.row} as a {seen.type})")
            elif not explicit_source:
                self.problem(sheet.name, n, "id", (
                    f"duplicate id {given!r} (already on row {seen.row}; give each thing one "
                    "row, other names in aliases)" if typed_id else
                    f"duplicate: {names[0]!r} is already on row {seen.row}"))
            else:
                self._index(given, names, seen)
                return
            line.cells["id"] = ""
            return
        base_type = self.base.types.get(given)
        if base_type is not None:
            if kind and kind != base_type:
                self.problem(sheet.name, n, "type", f"{given!r} is a {base_type} in the "
                             f"existing graph, not a {kind}")
                line.cells["id"] = ""
                return
            if base_type not in sheet.types:
                self.problem(sheet.name, n, "id", f"{given!r} is a {base_type} in the existing "
                             f"graph: put it on the {SHEET_OF_TYPE.get(base_type, '?')} sheet")
                line.cells["id"] = ""
                return
            entity = _Entity(given, base_type, sheet.name, n, True, True)
        else:
            entity = _Entity(given, kind or sheet.types[0], sheet.name, n, False)
            for name in names[:1]:
                other = {e for e in self.base.labels.get(norm_label(name), set())
                         if e != given and self.base.types[e] == entity.type}
                if other:
                    self.warnings.append(
                        f"{sheet.name} row {n}: {name!r} is already "
                        f"{', '.join(sorted(other))} in the graph; this row makes a new entity "
                        f"{given!r} (write that id to add to it instead)")
        self.entities[given] = entity
        self._index(given, names, entity)

    def _index(self, eid: str, names: list[str], entity: _Entity) -> None:
        if names:
            entity.labelled = True
        for name in names:
            self.labels.setdefault(norm_label(name), set()).add(eid)

    def _mint(self, label: str) -> str:
        stem = slug(label) or "entity"
        candidate, k = stem, 1
        while candidate in self.entities or candidate in self.base.types:
            k += 1
            candidate = f"{stem}-{k}"
        return candidate

    def resolve(self, where: Origin, text: str, what: str,
                kinds: frozenset[str] | None = None) -> str | None:
        """The id that ``text`` (an id or exact name) names; a problem if none or several."""
        if text in self.entities or text in self.base.types:
            found = text
        else:
            hits = self._candidates(text)
            if len(hits) > 1:
                self.problem(where.sheet, where.row, where.column, f"{text!r} names several "
                             "entities: " + ", ".join(sorted(hits)) + " (write the id)")
                return None
            if not hits:
                self.problem(where.sheet, where.row, where.column, f"unknown {what} {text!r}")
                return None
            found = hits.pop()
        kind = self.type_of(found)
        if self.strict and kinds is not None and kind not in kinds:
            self.problem(where.sheet, where.row, where.column,
                         f"{text!r} is a {kind}, not a {what}")
            return None
        return found

    def type_of(self, eid: str) -> str:
        seen = self.entities.get(eid)
        return seen.type if seen is not None else self.base.types[eid]

    # --- facts -------------------------------------------------------------------------

    def entity_facts(self, line: _Line) -> None:
        eid = line.get("id")
        citing = self.citing(line)
        if not eid or citing is None:
            return
        for k, name in enumerate(self._names(line)):
            column = "label" if k == 0 and line.get("label") else "aliases"
            self.mentions.append(MentionRec(eid, name, citing.cite(
                line.origin(column), f"{column}: {name}", f"-{k + 1}" if k else "")))
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

    def _value_ok(self, line: _Line, column: str, prop: str, value: str) -> bool:
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
                    f"{indicator}/{slug(area) or 'area'}/{slug(period) or 'period'}/{measure}")
                cite = citing.cite(line.origin("value"), line.quote())
                self.observations.append(ObservationRec(
                    indicator, area, period, measure, value, dataset or self.key,
                    Cite(cite.doc, cite.line, cite.quote, cite.flag, cite.note, cite.curated_at,
                         ref, cite.origin)))

    def _obs_ref(self, stem: str) -> str:
        candidate, k = stem, 1
        while candidate in self.obs_refs or self.base.has_node(f"obs/{candidate}"):
            k += 1
            candidate = f"{stem}-{k}"
        self.obs_refs.add(candidate)
        return candidate

    # --- after all rows ----------------------------------------------------------------

    def final_checks(self) -> None:
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


def read_workbook(tables: Tables, base: Graph | None = None, strict: bool = True) -> _Reader:
    """Check every row of ``tables``; the reader holds the records and the problems."""
    reader = _Reader(tables, base, strict)
    reader.read_sources()
    for sheet in ENTITY_SHEETS:
        for line in reader.lines.get(sheet.name, []):
            reader.define(line)
    for sheet in ENTITY_SHEETS:
        for line in reader.lines.get(sheet.name, []):
            reader.entity_facts(line)
    reader.coverage()
    reader.triples("governance", "relation", GOVERNANCE)
    reader.triples("links", "predicate", PREDICATES)
    reader.facts()
    reader.read_observations()
    reader.final_checks()
    return reader


def import_workbook(path: str | Path, base: Graph | None = None,
                    validate: bool = True) -> ImportResult:
    """Check, convert and (``validate``) SHACL-validate a workbook merged into ``base``.

    Raises WorkbookProblems listing every bad row (sheet, row, column, message); nothing is
    written either way (the caller serialises ``ImportResult.graph``).
    """
    tables = read_tables(path, set(SHEET))
    reader = read_workbook(tables, base, strict=validate)
    if reader.problems:
        raise WorkbookProblems(tables.name, _sorted(reader.problems))
    built = build(reader, base)
    if built.problems:
        raise WorkbookProblems(tables.name, _sorted(built.problems))
    if validate:
        from kgraph.exchange.shacl import violations_as_problems

        problems = violations_as_problems(built)
        if problems:
            raise WorkbookProblems(tables.name, _sorted(problems))
    return _result(reader, built)


def _sorted(problems: list[Problem]) -> list[Problem]:
    order = {s.name: i for i, s in enumerate(SHEETS)}
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (order.get(p.sheet, -1), p.row))


def _result(reader: _Reader, built: Built) -> ImportResult:
    return ImportResult(
        graph=built.graph,
        source=reader.name,
        new_entities=sorted(e.id for e in reader.entities.values() if not e.in_base),
        merged_entities=sorted(e.id for e in reader.entities.values() if e.in_base),
        aliases=built.new_aliases,
        links=len(reader.links),
        facts=len(reader.attributes),
        observations=len(reader.observations),
        warnings=reader.warnings,
    )


def write_graph(graph: Graph, path: Path, source: str) -> int:
    """Write an imported graph atomically (.nt: N-Triples, else Turtle); its triple count."""
    from kgraph.fileio import write_text_atomic

    if path.suffix.lower() == ".nt":
        write_text_atomic(path, graph.serialize(format="nt"))
    else:
        header = (f"# Written by `kgraph import` from {source}: the existing graph with the "
                  "workbook's rows merged in.\n# Each imported fact cites its sheet and row "
                  "(kg:curatedAt) or the document line the row gave.\n")
        write_text_atomic(path, header + graph.serialize(format="turtle"))
    return len(graph)
