# Over 400 lines: every export format of one graph (tables, JSON-LD, GraphML, analysis CSV), one reader.
"""Write the graph out: Turtle, N-Triples, JSON-LD (a context of term definitions with
type coercion, in a stable order), GraphML (node IRIs, predicates as CURIEs), and the
workbook layout as CSV files for a spreadsheet (``csv``: cells that a spreadsheet would
run as a formula get a leading apostrophe), CSV files for analysis (``analysis``: text as
it is, and observation values also as numbers) or an .xlsx workbook (plus coverage
matrices). A CSV folder is written whole beside the old one, then swapped in.

The tables carry every citation in their citation columns — one row per place a fact is
cited, the ``ref`` column keeping the citation nodes' names — so importing an export
gives back the same graph (rdflib-isomorphic) for any graph that ``kgraph compile`` or
``kgraph import`` made.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, QB, RDF, RDFS, SKOS
from rdflib.term import Node

from kgraph.curation.compile import ATTRIBUTE_IRIS, PREDICATE_IRIS, parse_number
from kgraph.errors import InputError
from kgraph.exchange.build import KG_TYPES
from kgraph.exchange.layout import (
    CITATION_NAMES,
    GOVERNANCE,
    SHEET,
    SHEET_OF_TYPE,
    SHEETS,
    TICK,
)
from kgraph.fileio import write_text_atomic
from kgraph.namespaces import ID, KG, PREFIXES, slug_of

FORMATS = ("ttl", "nt", "jsonld", "csv", "analysis", "xlsx", "graphml")
#: What each format is for (the CLI's --help says it).
FORMAT_HELP = {
    "csv": "CSV tables in the template's layout, for a spreadsheet: a cell that starts like a "
           "formula (= + - @) gets a leading apostrophe; `kgraph import` reads it back",
    "analysis": "CSV tables for pandas or R: text exactly as in the graph, and each indicator "
                "value also as a number (value_number: 1,501 -> 1501, 12.9% -> 12.9)",
}
XLSX_CELL_MAX = 32_767  # characters a spreadsheet cell holds
# Characters XML 1.0 cannot hold (and so neither .xlsx nor GraphML can)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SUFFIXES = {".ttl": "ttl", ".nt": "nt", ".jsonld": "jsonld", ".json": "jsonld",
            ".xlsx": "xlsx", ".graphml": "graphml"}
PREDICATE_NAMES: dict[Node | None, str] = {iri: name for name, iri in PREDICATE_IRIS.items()}
ATTRIBUTE_NAMES: dict[Node | None, str] = {iri: name for name, iri in ATTRIBUTE_IRIS.items()}
_DOC = str(ID) + "doc/"

Tables = dict[str, tuple[list[str], list[list[str]]]]


@dataclass(frozen=True)
class _Cit:
    source: str
    line: int
    quote: str
    flag: str
    note: str
    curated_at: str
    ref: str

    def cells(self) -> list[str]:
        return [self.source, str(self.line) if self.line else "", self.quote, self.flag,
                self.note, self.curated_at, self.ref]

    def order(self) -> tuple[str, int, str]:
        return (self.source, self.line, self.ref)


def _tail(node: object, prefix: str = "") -> str:
    text = str(node)
    if prefix and text.startswith(prefix):
        return text[len(prefix):]
    return text.rsplit("/", 1)[-1]


class _Exporter:
    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.types: dict[str, str] = {}
        for node, kind in graph.subject_objects(RDF.type):
            slug = slug_of(node)
            if slug is not None and kind in KG_TYPES:
                self.types[slug] = KG_TYPES[kind]
        self.prefs = {s: str(graph.value(ID[s], SKOS.prefLabel) or "") for s in self.types}
        self.first: dict[str, tuple[str, int, str]] = {}
        # entity → [(citation, column, value)] for its own sheet
        self.items: dict[str, list[tuple[_Cit, str, str]]] = defaultdict(list)
        self.coverage: list[tuple[str, str, _Cit]] = []
        self.triples: dict[str, list[list[str]]] = {"governance": [], "links": [], "facts": []}

    def cit(self, node: Node, ref: str) -> _Cit:
        g = self.g
        flags = sorted(str(f) for f in g.objects(node, KG.qualityFlag))
        return _Cit(
            _tail(g.value(node, KG.sourceDocument), _DOC),
            int(g.value(node, KG.line) or 0),  # type: ignore[arg-type]  # kg:line is an integer literal
            str(g.value(node, KG.quote) or ""),
            flags[0][len(str(KG)):] if flags else "",
            str(g.value(node, RDFS.comment) or ""),
            str(g.value(node, KG.curatedAt) or ""),
            ref,
        )

    def mentions(self) -> None:
        for slug in self.types:
            for mention in self.g.objects(ID[slug], KG.mentionedAt):
                label = str(self.g.value(mention, KG.labelUsed) or "")
                cit = self.cit(mention, _tail(mention))
                self.items[slug].append((cit, "label", label))
                if label == self.prefs[slug]:
                    self.first[slug] = min(self.first.get(slug, cit.order()), cit.order())

    def assertions(self) -> None:
        g = self.g
        for stmt in g.subjects(RDF.type, KG.Assertion):
            s = slug_of(g.value(stmt, RDF.subject))
            p, o = g.value(stmt, RDF.predicate), g.value(stmt, RDF.object)
            if s is None or s not in self.types:
                continue
            cit = self.cit(stmt, _tail(stmt))
            sheet = SHEET[SHEET_OF_TYPE[self.types[s]]]
            if p in PREDICATE_NAMES and slug_of(o) is not None:
                name, target = PREDICATE_NAMES[p], str(slug_of(o))
                column = next((c.name for c in sheet.columns if c.link == name), None)
                if column is not None:
                    self.items[s].append((cit, column, target))
                elif name == "contributesTo":
                    self.coverage.append((s, target, cit))
                else:
                    where = "governance" if name in GOVERNANCE else "links"
                    self.triples[where].append([s, name, target, *cit.cells()])
            elif p in ATTRIBUTE_NAMES:
                name, value = ATTRIBUTE_NAMES[p], str(o)
                column = next((c.name for c in sheet.columns if c.attr == name), None)
                if column is not None:
                    self.items[s].append((cit, column, value))
                else:
                    self.triples["facts"].append([s, name, value, *cit.cells()])

    def entity_rows(self, sheet_name: str) -> list[list[str]]:
        sheet = SHEET[sheet_name]
        header = [c.name for c in sheet.columns]
        slugs = sorted((s for s, t in self.types.items() if SHEET_OF_TYPE[t] == sheet_name),
                       key=lambda s: (self.first.get(s, ("~", 0, "")), s))
        out = []
        for slug in slugs:
            groups: dict[_Cit, list[dict[str, str]]] = {}
            for cit, column, value in self.items.get(slug, []):
                rows = groups.setdefault(cit, [])
                row = next((r for r in rows if column not in r), None)
                if row is None:
                    row = {}
                    rows.append(row)
                row[column] = value
            pref = self.prefs[slug]
            # the first row naming an entity gives its main name: put a main-name row first
            for cit in sorted(groups, key=lambda c: (groups[c][0].get("label") != pref,
                                                     c.order())):
                for row in groups[cit]:
                    row.update(id=slug, type=self.types[slug])
                    cells = [row.get(h, "") for h in header[:-len(CITATION_NAMES)]]
                    out.append(cells + cit.cells())
        return out

    def coverage_table(self) -> tuple[list[str], list[list[str]]]:
        targets = sorted({t for _, t, _ in self.coverage}, key=self._target_order)
        index = {t: i for i, t in enumerate(targets)}
        groups: dict[tuple[str, _Cit], list[str]] = {}
        for subject, target, cit in self.coverage:
            row = groups.setdefault((subject, cit), [""] * len(targets))
            row[index[target]] = TICK
        rows = [[subject, *ticks, *cit.cells()] for (subject, cit), ticks in
                sorted(groups.items(), key=lambda kv: (kv[0][1].order(), kv[0][0]))]
        return ["strategy", *targets, *CITATION_NAMES], rows

    def _target_order(self, slug: str) -> tuple[str, str, str]:
        scheme = self.g.value(ID[slug], SKOS.inScheme)
        notation = str(self.g.value(ID[slug], SKOS.notation) or "")
        number = "".join(ch for ch in notation if ch.isdigit()).zfill(4)
        return (str(scheme or "~"), number, slug)

    def observations(self) -> list[list[str]]:
        g = self.g
        rows = []
        for obs in g.subjects(RDF.type, QB.Observation):
            cit = self.cit(obs, _tail(obs, str(ID) + "obs/"))
            rows.append([
                str(slug_of(g.value(obs, KG.indicator)) or ""),
                str(g.value(obs, KG.refArea) or ""), str(g.value(obs, KG.refPeriod) or ""),
                str(g.value(obs, KG.measureType) or ""), str(g.value(obs, KG.valueText) or ""),
                _tail(g.value(obs, QB.dataSet), str(ID) + "dataset/"), *cit.cells()])
        return sorted(rows, key=lambda r: (r[6], int(r[7] or 0), r[12]))

    def sources(self) -> list[list[str]]:
        g = self.g
        rows = []
        for doc in g.subjects(RDF.type, KG.SourceDocument):
            if not str(doc).startswith(_DOC):
                continue
            key = _tail(doc, _DOC)
            head = [key, str(g.value(doc, DCTERMS.identifier) or ""),
                    str(g.value(doc, DCTERMS.title) or ""), str(g.value(doc, DCTERMS.date) or "")]
            mentions = sorted(g.subjects(KG.mentionOf, doc))  # type: ignore[type-var]  # IRIs (str) order; rdflib types them Node
            if not mentions:
                rows.append([*head, "", "", ""])
            for m in mentions:
                rows.append([*head, str(g.value(m, KG.line) or ""), str(g.value(m, KG.quote) or ""),
                             _tail(m, f"{ID}mention/doc-{key}/")])
        return sorted(rows)


def export_tables(graph: Graph) -> Tables:
    """The graph in the workbook layout: sheet name → (header, rows)."""
    ex = _Exporter(graph)
    ex.mentions()
    ex.assertions()
    tables: Tables = {}
    for sheet in SHEETS:
        header = [c.name for c in sheet.columns]
        if sheet.kind == "entity":
            tables[sheet.name] = (header, ex.entity_rows(sheet.name))
        elif sheet.kind == "coverage":
            tables[sheet.name] = ex.coverage_table()
        elif sheet.kind in ("triples", "facts"):
            rows = sorted(ex.triples[sheet.name], key=lambda r: (r[3], int(r[4] or 0), r[:3]))
            tables[sheet.name] = (header, rows)
        elif sheet.kind == "observations":
            tables[sheet.name] = (header, ex.observations())
        else:
            tables[sheet.name] = (header, ex.sources())
    return tables


def _coverages(graph: Graph) -> list[Any]:
    """Each plan's coverage; a plan whose matrix cannot be built is left out of the views
    (kgraph.analysis.coverage fails on two same-named priorities without a notation)."""
    from kgraph.analysis.coverage import plan_coverage
    from kgraph.analysis.plans import list_plans

    out = []
    for plan in list_plans(graph):
        try:
            out.append(plan_coverage(graph, plan))
        except (TypeError, ValueError, KeyError):
            continue
    return out


def _matrices(graph: Graph) -> list[Any]:
    from kgraph.exchange.xlsx import MatrixOut

    out = []
    for n, plan in enumerate(_coverages(graph), start=1):
        cols = [d for d in plan.priorities.to_dict(orient="records")]
        headings = [d["column"] for d in cols]  # notation and name (coverage.heading)
        body = plan.matrix[plan.matrix["strategy"] != "TOTAL"]
        rows = [(str(r["strategy"]), [int(r[d["column"]]) for d in cols], int(r["total"]))
                for r in body.to_dict(orient="records")]
        totals = [int(d["strategies"]) for d in cols]
        out.append(MatrixOut(f"matrix {n}", f"Coverage: {plan.plan.label}", headings, rows, totals))
    return out


def _curie(iri: str) -> str | None:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)) and prefix != "id":
            local = iri[len(str(ns)):]
            if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", local):
                return f"{prefix}:{local}"
    return None


def jsonld_context(graph: Graph | None = None) -> dict[str, Any]:
    """The prefixes, plus a term definition for each predicate of ``graph`` with one kind
    of value: ``@type: @id`` for links, the datatype for typed values, ``@language``
    for labels; so the JSON-LD reads as plain names and values."""
    context: dict[str, Any] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    if graph is None:
        return context
    kinds: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for p, o in graph.predicate_objects():
        if p == RDF.type:
            continue
        if isinstance(o, Literal):
            value_kind = ("lang", o.language) if o.language else (
                ("type", str(o.datatype)) if o.datatype else ("plain", ""))
        else:
            value_kind = ("id", "")
        kinds[str(p)].add(value_kind)
    terms: dict[str, list[str]] = defaultdict(list)
    for iri in kinds:
        curie = _curie(iri)
        if curie:
            terms[curie.split(":", 1)[1]].append(curie)
    for term, curies in sorted(terms.items()):
        if len(curies) != 1 or term in context:
            continue  # the same local name in two vocabularies: leave both as CURIEs
        curie = curies[0]
        (kind, value), *rest = sorted(kinds[str(PREFIXES[curie.split(":")[0]]) + term])
        if rest:
            continue
        if kind == "id":
            context[term] = {"@id": curie, "@type": "@id"}
        elif kind == "lang":
            context[term] = {"@id": curie, "@language": value}
        elif kind == "type":
            context[term] = {"@id": curie, "@type": _curie(value) or value}
        else:
            context[term] = curie
    return context


def _stable(value: Any) -> Any:
    """JSON-LD with every node and every list of values in one order (sorted)."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_stable(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld_text(graph: Graph) -> str:
    """The graph as compacted JSON-LD, byte-identical for the same graph."""
    context = jsonld_context(graph)
    text = graph.serialize(format="json-ld", context=context, auto_compact=True)
    data = json.loads(text)
    body = {k: v for k, v in data.items() if k != "@context"}
    out = {"@context": data.get("@context", context), **_stable(body)}
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def _xml_safe(text: str) -> str:
    """Text XML can hold: each character it cannot becomes U+FFFD (GraphML cannot carry
    control characters; the label is otherwise kept)."""
    return _XML_ILLEGAL.sub("\ufffd", text)


def graphml(graph: Graph) -> Any:
    """Entities as nodes (IRI, label, type) and links as edges (the predicate as a CURIE,
    e.g. kg:contributesTo) for Gephi or yEd; text XML cannot hold is replaced (U+FFFD)."""
    import networkx as nx

    g = nx.MultiDiGraph()
    types = {s: t for s, t in ((slug_of(n), KG_TYPES[k]) for n, k in
                               graph.subject_objects(RDF.type) if k in KG_TYPES) if s}
    for slug, kind in sorted(types.items()):
        node = ID[slug]
        attrs = {"iri": str(node), "type": kind,
                 "label": _xml_safe(str(graph.value(node, SKOS.prefLabel) or slug))}
        for iri, name in ATTRIBUTE_NAMES.items():
            value = graph.value(node, iri)
            if value is not None and name in ("notation", "code", "period", "status"):
                attrs[name] = _xml_safe(str(value))
        g.add_node(slug, **attrs)
    for iri, name in sorted(PREDICATE_NAMES.items(), key=lambda kv: kv[1]):
        for s, o in sorted(graph.subject_objects(iri)):
            a, b = slug_of(s), slug_of(o)
            if a in types and b in types:
                g.add_edge(a, b, key=name, label=name, predicate=_curie(str(iri)) or str(iri))
    return g


def format_for(path: Path, fmt: str | None) -> str:
    """The export format: ``fmt`` if given, else the one ``path``'s suffix names (a path without a
    suffix is a CSV folder); InputError for an unknown suffix."""
    if fmt:
        return fmt
    if path.suffix.lower() in SUFFIXES:
        return SUFFIXES[path.suffix.lower()]
    if not path.suffix:
        return "csv"
    raise InputError(f"{path}: cannot tell the format from {path.suffix!r}; give --format "
                     f"({', '.join(FORMATS)})")


def _check_xlsx(tables: Tables) -> None:
    """Refuse what a workbook cannot hold, naming each place: control characters (XML
    cannot carry them) and text over 32,767 characters (a cell would cut it silently)."""
    problems = []
    for sheet, (header, rows) in tables.items():
        for n, row in enumerate(rows, start=2):
            for column, cell in zip(header, row, strict=False):
                bad = _XML_ILLEGAL.search(cell)
                if bad:
                    problems.append(f"{sheet} row {n}, {column}: control character "
                                    f"U+{ord(bad.group()):04X}")
                if len(cell) > XLSX_CELL_MAX:
                    problems.append(f"{sheet} row {n}, {column}: {len(cell):,} characters "
                                    f"(a cell holds {XLSX_CELL_MAX:,})")
    if problems:
        shown = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise InputError(f"cannot write an .xlsx workbook: {len(problems)} cell(s) it cannot "
                         f"hold (nothing written; export --format csv keeps them):\n{shown}{more}")


def analysis_tables(graph: Graph) -> Tables:
    """The workbook layout for analysis: the observations gain ``value_number``."""
    tables = export_tables(graph)
    if "observations" in tables:
        header, rows = tables["observations"]
        at = header.index("value") + 1 if "value" in header else len(header)
        out = []
        for row in rows:
            number = parse_number(row[at - 1]) if at <= len(row) else None
            out.append([*row[:at], "" if number is None else format(number, "f"), *row[at:]])
        tables["observations"] = ([*header[:at], "value_number", *header[at:]], out)
    return tables


def _analysis_csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


_EXPORT_FILES = re.compile(r"[A-Za-z0-9 _-]+\.csv|README\.md")


def _write_folder(path: Path, fill: Callable[[Path], object]) -> None:
    """Fill a new sibling folder, then swap it in for ``path``: a killed export leaves the
    old folder or the new one, never a mix. Leftovers of killed runs are cleared first."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(f"{path}: exists and is not a folder")
    parent = path.parent
    parent.mkdir(parents=True, exist_ok=True)
    olds = sorted(parent.glob(f".{path.name}.old.*"))
    if not path.exists() and olds:  # killed between the two renames: put the old one back
        os.rename(olds[-1], path)
        olds = olds[:-1]
    for stale in [*olds, *parent.glob(f".{path.name}.*.tmp")]:
        shutil.rmtree(stale, ignore_errors=True)
    if path.is_dir():
        foreign = sorted(p.name for p in path.iterdir() if not _EXPORT_FILES.fullmatch(p.name))
        if foreign:
            raise InputError(f"{path}: holds files an export did not write "
                             f"({', '.join(foreign[:5])}); export into a new or an exported "
                             "folder")
    tmp = parent / f".{path.name}.{os.getpid()}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        fill(tmp)
        if path.exists():
            old = parent / f".{path.name}.old.{os.getpid()}"
            os.rename(path, old)
            os.rename(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def export(graph: Graph, path: str | Path, fmt: str | None = None) -> Path:
    """Write ``graph`` to ``path`` as ``fmt`` (default: from the suffix; a folder is csv)."""
    path = Path(path)
    fmt = format_for(path, fmt)
    if fmt in ("ttl", "nt"):  # sorted, by Oxigraph's writers: linear (rdflib's Turtle is not)
        from kgraph.exchange.rdfwrite import rdf_text

        write_text_atomic(path, rdf_text(graph, fmt)[0])
    elif fmt == "jsonld":
        write_text_atomic(path, jsonld_text(graph))
    elif fmt == "analysis":
        tables = analysis_tables(graph)

        def fill_analysis(folder: Path) -> None:
            for name, (header, rows) in tables.items():
                (folder / f"{name}.csv").write_text(_analysis_csv(header, rows),
                                                    encoding="utf-8", newline="")

        _write_folder(path, fill_analysis)
    elif fmt in ("csv", "xlsx"):
        from kgraph.exchange.tables import write_csv_folder
        from kgraph.exchange.template import INTRO, choices, notes, readme_markdown, readme_rows
        from kgraph.exchange.xlsx import SheetOut, write_workbook

        tables = export_tables(graph)
        if fmt == "csv":
            _write_folder(path, lambda folder: write_csv_folder(folder, tables,
                                                                readme_markdown()))
        else:
            _check_xlsx(tables)
            sheets = [SheetOut(s.name, *tables[s.name], notes=notes(s), choices=choices(s))
                      for s in SHEETS]
            write_workbook(path, INTRO, readme_rows(), sheets, _matrices(graph))
    elif fmt == "graphml":
        import networkx as nx

        from kgraph.exchange.tables import write_bytes_atomic

        network = graphml(graph)
        write_bytes_atomic(path, lambda tmp: nx.write_graphml(network, tmp))
    else:
        raise InputError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    return path
