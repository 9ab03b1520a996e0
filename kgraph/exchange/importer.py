"""Import a filled workbook (an .xlsx or .ods file or a folder of CSV files) into the graph.

The workbook is read as curated tables: every row states facts and cites where they come
from — a document line when the source columns are filled, else the workbook's own sheet
and row. The flow is one way: ``read_tables`` → ``read_workbook`` (rows → ids → facts:
``rows``, ``ids``, ``facts``), which checks every row and collects every problem (sheet,
row, column, what is wrong) into a frozen ``CheckedWorkbook`` → ``build`` → ``Built``, merged
with the existing graph (entities are matched by id or exact name, new names become
aliases) → SHACL violations mapped back to rows (``violations``). Nothing is written here:
the caller writes the returned graph.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kgraph.curation.sources import PREDICATES
from kgraph.exchange.build import build
from kgraph.exchange.facts import Facts
from kgraph.exchange.ids import Ids
from kgraph.exchange.layout import ENTITY_SHEETS, GOVERNANCE, SHEET, SHEETS
from kgraph.exchange.model import (
    BaseIndex,
    Built,
    CheckedWorkbook,
    EntityRec,
    Problem,
    WorkbookProblems,
)
from kgraph.exchange.ods import read_ods
from kgraph.exchange.rows import RowReader
from kgraph.exchange.tables import Tables, read_tables
from kgraph.namespaces import slugify


@dataclass
class ImportResult:
    """A checked, converted workbook: the merged graph, the workbook's name, the entities it made or
    merged, counts of what it stated, and warnings (skipped sheets)."""

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
        """One line: the workbook's name and its counts (new and merged entities, aliases, links,
        facts, observations)."""
        return (f"{self.source}: {len(self.new_entities)} new entities, "
                f"{len(self.merged_entities)} merged with existing ones, {self.aliases} new "
                f"aliases, {self.links} links, {self.facts} facts, {self.observations} "
                "observations")


def read_workbook(tables: Tables, base: Graph | None = None,
                  strict: bool = True) -> CheckedWorkbook:
    """Check every row of ``tables``: the records and every problem found."""
    problems: list[Problem] = []
    warnings = [f"{tables.name}: skipped {n} (not a kgraph table)" for n in tables.ignored]
    lines = RowReader(tables, problems, warnings).lines
    ids = Ids(BaseIndex(base), problems, warnings, strict)
    key = slugify(tables.name, 60) or "workbook"
    facts = Facts(tables.name, key, lines, ids, problems, strict)
    facts.read_sources()
    for sheet in ENTITY_SHEETS:
        for line in lines.get(sheet.name, []):
            ids.define(line)
    for sheet in ENTITY_SHEETS:
        for line in lines.get(sheet.name, []):
            facts.entity_facts(line)
    facts.coverage()
    facts.triples("governance", "relation", GOVERNANCE)
    facts.triples("links", "predicate", PREDICATES)
    facts.facts()
    facts.read_observations()
    facts.final_checks()
    return CheckedWorkbook(
        name=tables.name, key=key, base=ids.base,
        entities={e.id: EntityRec(e.id, e.type, e.sheet, e.row, e.in_base)
                  for e in ids.entities.values()},
        docs=dict(facts.docs), doc_mentions=tuple(facts.doc_mentions),
        mentions=tuple(facts.mentions), links=tuple(facts.links),
        attributes=tuple(facts.attributes), observations=tuple(facts.observations),
        uses_workbook=facts.uses_workbook, problems=tuple(problems), warnings=tuple(warnings))


def import_workbook(path: str | Path, base: Graph | None = None,
                    validate: bool = True,
                    progress: Callable[[str], None] | None = None) -> ImportResult:
    """Check, convert and (``validate``) SHACL-validate a workbook merged into ``base``.

    Raises WorkbookProblems listing every bad row (sheet, row, column, message); nothing is
    written either way (the caller serialises ``ImportResult.graph``). ``progress`` gets a
    line at each step (reading, checking, building, validating) with its time.
    """
    say = _Steps(progress)
    say("reading the workbook...")
    ods = Path(path).suffix.lower() == ".ods"  # LibreOffice's own format (exchange.ods)
    tables = read_ods(Path(path)) if ods else read_tables(path, set(SHEET))
    rows = sum(len(t.rows) for t in tables.tables.values())
    say(f"checking its {rows:,} rows...")
    checked = read_workbook(tables, base, strict=validate)
    if checked.problems:
        raise WorkbookProblems(tables.name, _sorted(list(checked.problems)))
    say("merging them into the graph...")
    built = build(checked, base)
    if built.problems:
        raise WorkbookProblems(tables.name, _sorted(built.problems))
    if validate:
        from kgraph.exchange.violations import violations_as_problems

        say(f"validating the merged graph ({len(built.graph):,} triples) against the "
            "shapes...")
        problems = violations_as_problems(built, progress)
        if problems:
            raise WorkbookProblems(tables.name, _sorted(problems))
    say.done()
    return _result(checked, built)


class _Steps:
    """Progress lines, each step with the seconds the one before it took."""

    def __init__(self, progress: Callable[[str], None] | None) -> None:
        self.progress = progress
        self.start = self.last = time.monotonic()

    def __call__(self, message: str) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if now > self.last + 0.05 and self.last > self.start:
            self.progress(f"  ({now - self.last:.1f} s)")
        self.last = now
        self.progress(message)

    def done(self) -> None:
        if self.progress is not None:
            self.progress(f"  checked in {time.monotonic() - self.start:.1f} s")


def _sorted(problems: list[Problem]) -> list[Problem]:
    order = {s.name: i for i, s in enumerate(SHEETS)}
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (order.get(p.sheet, -1), p.row))


def _result(reader: CheckedWorkbook, built: Built) -> ImportResult:
    return ImportResult(
        graph=built.graph,
        source=reader.name,
        new_entities=sorted(e.id for e in reader.entities.values() if not e.in_base),
        merged_entities=sorted(e.id for e in reader.entities.values() if e.in_base),
        aliases=built.new_aliases,
        links=len(reader.links),
        facts=len(reader.attributes),
        observations=len(reader.observations),
        warnings=list(reader.warnings),
    )


def write_graph(graph: Graph, path: Path, source: str) -> int:
    """Write an imported graph atomically (.nt: N-Triples, else Turtle); its triple count.

    Both are written in sorted order by Oxigraph's writers (``rdfwrite``): rdflib's Turtle
    writer grows with the square of the new IRIs (its prefix trie), 197 s of a 2,000-row
    import."""
    from kgraph.exchange.rdfwrite import rdf_text
    from kgraph.fileio import write_text_atomic

    header = (f"# Written by `kgraph import` from {source}: the existing graph with the "
              "workbook's rows merged in.\n# Each imported fact cites its sheet and row "
              "(kg:curatedAt) or the document line the row gave.\n")
    text, count = rdf_text(graph, "nt" if path.suffix.lower() == ".nt" else "ttl", header)
    write_text_atomic(path, text)
    return count
