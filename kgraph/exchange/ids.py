"""Resolving ids: each entity row settles its id and type (given, matched by exact name
in the workbook or the existing graph, or minted from its label), and any cell naming an
entity is resolved to one id, or a problem says why not.

The second of the importer's three parts: rows (``rows``) → ids (here) → facts (``facts``).
"""

from __future__ import annotations

from dataclasses import dataclass

from kgraph.curation.sources import SLUG
from kgraph.exchange.layout import SHEET_OF_TYPE, canonical
from kgraph.exchange.model import BaseIndex, Origin, Problem, norm_label
from kgraph.exchange.rows import Line
from kgraph.namespaces import slugify


@dataclass
class _Entity:
    id: str
    type: str
    sheet: str
    row: int
    in_base: bool
    labelled: bool = False



class Ids:
    """The workbook's entities (``entities``: id → _Entity) and their names, against the
    existing graph's (``base``)."""

    def __init__(self, base: BaseIndex, problems: list[Problem], warnings: list[str],
                 strict: bool) -> None:
        self.base = base
        self.problems = problems
        self.warnings = warnings
        self.strict = strict
        self.entities: dict[str, _Entity] = {}
        self.labels: dict[str, set[str]] = {}

    def problem(self, sheet: str, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(sheet, row, column, message))

    def _names(self, line: Line) -> list[str]:
        names = [line.get("label")] + line.get("aliases").split(";")
        out: list[str] = []
        for n in (n.strip() for n in names):
            if n and n not in out:
                out.append(n)
        return out

    def _candidates(self, text: str) -> set[str]:
        key = norm_label(text)
        return set(self.labels.get(key, set())) | set(self.base.labels.get(key, set()))

    def define(self, line: Line) -> None:
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
                same_named = {e for e in self.base.labels.get(norm_label(name), set())
                              if e != given and self.base.types[e] == entity.type}
                if same_named:
                    self.warnings.append(
                        f"{sheet.name} row {n}: {name!r} is already "
                        f"{', '.join(sorted(same_named))} in the graph; this row makes a new "
                        f"entity "
                        f"{given!r} (write that id to add to it instead)")
        self.entities[given] = entity
        self._index(given, names, entity)

    def _index(self, eid: str, names: list[str], entity: _Entity) -> None:
        if names:
            entity.labelled = True
        for name in names:
            self.labels.setdefault(norm_label(name), set()).add(eid)

    def _mint(self, label: str) -> str:
        stem = slugify(label, 60) or "entity"
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
