"""pySHACL → a readable report: which node, which rule, which source line."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF

from kgraph import resources
from kgraph.errors import DoesNotConform
from kgraph.loader import load, load_ontology, parse_into
from kgraph.namespaces import ID, KG, SH


@dataclass(frozen=True)
class Violation:
    """One SHACL result in words: the focus node, the rule's message, the path and value, the source
    line of the node's citation and the severity."""

    node: str  # slug or IRI of the focus node
    rule: str  # the shape's message
    path: str  # the property path, if any
    value: str  # the offending value, if any
    where: str  # "seed-file:line" of the node's citation, if it has one
    severity: str

    def render(self) -> str:
        """The violation as one line: 'Severity: node [path] — rule (value: …) (source: …)'."""
        parts = [f"{self.severity}: {self.node}"]
        if self.path:
            parts.append(f"[{self.path}]")
        parts.append(f"— {self.rule}")
        if self.value:
            parts.append(f"(value: {self.value})")
        if self.where:
            parts.append(f"(source: {self.where})")
        return " ".join(parts)


@dataclass(frozen=True)
class Report:
    """A validation report: whether the files conform, the violations, and the files validated."""

    conforms: bool
    violations: list[Violation]
    files: list[str]

    def render(self) -> str:
        """The report in words: 'FILES: conforms…', or the count of violations and one line each."""
        head = ", ".join(self.files)
        if self.conforms:
            return f"{head}: conforms to the kgraph shapes"
        lines = [f"{head}: {len(self.violations)} violation(s)"]
        lines += [f"  {v.render()}" for v in self.violations]
        return "\n".join(lines)


def _short(graph: Graph, node) -> str:
    if isinstance(node, URIRef):
        text = str(node)
        if text.startswith(str(ID)):
            return text[len(str(ID)):]
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # noqa: BLE001 - fall back to the full IRI
            return text
    return str(node)


def _where(data: Graph, node) -> str:
    """The seed file and line that cite ``node`` (itself a citation, or its first mention)."""
    citation = node if (node, KG.line, None) in data else None
    if citation is None:
        mentions = sorted(data.objects(node, KG.mentionedAt))  # type: ignore[type-var]  # IRIs (str) order; rdflib types them Node
        citation = mentions[0] if mentions else None
    if citation is None:
        return ""
    doc = data.value(citation, KG.sourceDocument)
    line = data.value(citation, KG.line)
    if line is None:
        return ""
    if doc is None:
        return f"line {line} of no named document"
    name = data.value(doc, DCTERMS.identifier)
    return f"{name or _short(data, doc)}:{line}"


def _path(data: Graph, shapes: Graph, path, focus, value) -> str:
    """A result's property path as a reader reads it: the predicate, or for an alternative
    path the predicate that links the node to the value (else all of them, "a or b")."""
    if path is None:
        return ""
    if isinstance(path, BNode):
        for graph in (shapes, data):
            alternatives = graph.value(path, SH.alternativePath)
            if alternatives is not None:
                preds = list(Collection(graph, alternatives))
                used = [p for p in preds if value is not None and (focus, p, value) in data]
                return " or ".join(_short(data, p) for p in (used or preds))
        return "(a property path)"
    return _short(data, path)


KGS = "https://w3id.org/kgraph/shapes#"


def _focus_nodes(data: Graph, shapes: Graph, shape) -> set:
    """Focus nodes of a shape's class and subjects-of targets (data includes the ontology)."""
    from rdflib.namespace import RDFS

    nodes: set = set()
    for cls in shapes.objects(shape, SH.targetClass):
        classes = set(data.transitive_subjects(RDFS.subClassOf, cls))
        for c in classes:
            nodes.update(data.subjects(RDF.type, c))
    for pred in shapes.objects(shape, SH.targetSubjectsOf):
        nodes.update(data.subjects(pred, None))
    return nodes


_OXIGRAPH_FORMATS = {".ttl": "TURTLE", ".turtle": "TURTLE", ".nt": "N_TRIPLES"}


def _oxigraph_store(data: Graph, paths: list[Path] | None):
    """An Oxigraph store of the data: read from the files themselves when Oxigraph reads
    their format (much faster than writing the parsed graph out again), else from data."""
    import pyoxigraph

    if paths and all(p.suffix.lower() in _OXIGRAPH_FORMATS for p in paths):
        store = pyoxigraph.Store()
        try:
            for path in paths:
                fmt = getattr(pyoxigraph.RdfFormat, _OXIGRAPH_FORMATS[path.suffix.lower()])
                store.bulk_load(path=str(path), format=fmt)
            return store
        except (SyntaxError, OSError, ValueError):  # rdflib read it: trust rdflib's graph
            pass
    store = pyoxigraph.Store()
    store.bulk_load(data.serialize(format="nt", encoding="utf-8"),
                    format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


_NOT_EXISTS = re.compile(r"FILTER\s+NOT\s+EXISTS\s*\{([^{}]*)\}", re.IGNORECASE)
_KEYWORDS = re.compile(r"FILTER\s+NOT\s+EXISTS(?=\s*\{[^{}]*\})", re.IGNORECASE)
_VAR = re.compile(r"[?$](\w+)")


def anti_join(text: str) -> str:
    """``text`` with each ``FILTER NOT EXISTS { P }`` run as ``MINUS { P }`` where that is
    the same: the query's body is one group of triple patterns and filters, and every
    variable of P used elsewhere is bound by those triple patterns (so each solution binds
    all the variables it shares with P). Oxigraph evaluates NOT EXISTS once per solution
    with a scan that grows with the graph (StatedLinkShape: 39 s at 134,000 triples, square
    growth), MINUS as one anti-join (0.7 s). Any other query is returned unchanged."""
    head, brace, body = text.partition("{")
    if not brace or not re.search(r"\bSELECT\b", head, re.IGNORECASE):
        return text
    body = body.rstrip()
    if not body.endswith("}"):
        return text
    body = body[:-1]
    blocks = _NOT_EXISTS.findall(body)
    rest = _NOT_EXISTS.sub(" ", body)
    if not blocks or "{" in rest or "}" in rest or re.search(
            r"\b(OPTIONAL|UNION|MINUS|BIND|VALUES|SERVICE|GRAPH|SELECT)\b", rest, re.IGNORECASE):
        return text
    patterns = re.sub(r"FILTER\s*\((?:[^()]|\([^()]*\))*\)", " ", rest, flags=re.IGNORECASE)
    if "FILTER" in patterns.upper():
        return text  # a filter this reading does not take apart
    bound = set(_VAR.findall(patterns)) | set(_VAR.findall(head))
    outside = set(_VAR.findall(rest)) | set(_VAR.findall(head))
    for block in blocks:
        shared = set(_VAR.findall(block)) & outside
        if not shared or not shared <= set(_VAR.findall(patterns)) or not shared <= bound:
            return text
    # only the keywords change: the shape's own pattern text stays as it was written
    return head + brace + _KEYWORDS.sub("MINUS", body) + "}"


def _batch_constraints(data: Graph, shapes: Graph, paths: list[Path] | None = None,
                       store: Any = None,
                       pairs: list[tuple[Any, Any]] | None = None) -> list[tuple]:
    """Run SPARQL constraints (default: the kgs:batch ones) once each over the whole graph.

    Returns (focus, message, path, value) for every violation.
    """
    import pyoxigraph
    from rdflib import Literal

    # rdflib's engine took ~12 s for these two whole-graph NOT EXISTS queries; Oxigraph
    # answers the same SPARQL in well under a second.
    if store is None:
        store = _oxigraph_store(data, paths)

    def term(value):
        if value is None:
            return None
        if isinstance(value, pyoxigraph.NamedNode):
            return URIRef(value.value)
        return Literal(value.value) if isinstance(value, pyoxigraph.Literal) else str(value)

    found = []
    for shape, constraint in (_batched(shapes) if pairs is None else pairs):
        prefixes = {
            str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
            for decl in shapes.objects(constraint, SH.prefixes)
            for d in shapes.objects(decl, SH.declare)
        }
        text = str(shapes.value(constraint, SH.select))
        message = str(shapes.value(constraint, SH.message))
        focus = _focus_nodes(data, shapes, shape)
        solutions = store.query(anti_join(text), prefixes=prefixes)  # $this is ?this in SPARQL 1.1 (§4.1.3)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            values = {n: term(solution[n]) for n in names if solution[n] is not None}
            if values.get("this") not in focus:
                continue
            shown = message
            for key, value in values.items():
                shown = shown.replace(f"{{?{key}}}", str(value))
            found.append((values["this"], shown, values.get("path"), values.get("value")))
    return found


def _batched(shapes: Graph) -> list[tuple]:
    """The (shape, constraint) pairs marked kgs:batch."""
    from rdflib import Literal

    return [(shape, c) for shape, c in shapes.subject_objects(SH.sparql)
            if (c, URIRef(KGS + "batch"), Literal(True)) in shapes]


ENGINES = ("kgraph", "pyshacl")


def validate_graph(data: Graph, files: list[str] | None = None,
                   progress: Callable[[str], None] | None = None,
                   engine: str = "kgraph", focus: set[Any] | None = None) -> Report:
    """Validate a graph against the shipped shapes and the ontology.

    ``engine="kgraph"`` (the default) runs the SHACL Core constraints with
    ``kgraph.validation_core`` on Oxigraph (the same results as pySHACL, in time that grows
    with the graph) and every SPARQL constraint as one whole-graph query on Oxigraph;
    pySHACL checks only what that runner does not know. ``engine="pyshacl"``: pySHACL
    checks every constraint but the kgs:batch SPARQL ones. ``focus``: report only results
    on these nodes (an import checks what its workbook made or touched); ``progress`` gets
    a line at each step.
    """
    # The ontology is mixed in by hand: subclass targets (kg:Entity) and the quality-flag
    # concepts live there, and pySHACL only mixes ont_graph in when it infers.
    return _validate(data, data + load_ontology(), files, progress, None, engine, focus)


def _violation(data: Graph, shapes: Graph, focus: Any, message: Any, path: Any, value: Any,
               severity: str) -> Violation:
    return Violation(
        node=_short(data, focus),
        rule=str(message) if message is not None else "constraint failed",
        path=_path(data, shapes, path, focus, value),
        value=_short(data, value) if value is not None and value != focus else "",
        where=_where(data, focus),
        severity=severity,
    )


def _pyshacl(mixed: Graph, shapes: Graph, data: Graph, say: Callable[[str], None],
             use_shapes: list[Any] | None) -> tuple[bool, list[Violation]]:
    """pySHACL over ``mixed`` (every shape, or ``use_shapes``), kgs:batch constraints left out."""
    import pyshacl  # lazy: pyshacl is slow to import

    core = Graph()
    core += shapes
    for shape, constraint in _batched(shapes):
        core.remove((shape, SH.sparql, constraint))
    start = time.monotonic()
    say(f"checking {len(data):,} triples against the shapes (SHACL core, pySHACL)...")
    options: dict[str, Any] = {"use_shapes": [str(n) for n in use_shapes]} if use_shapes else {}
    conforms, results, _text = pyshacl.validate(
        mixed,
        shacl_graph=core,
        inference="none",
        advanced=True,
        allow_warnings=True,
        **options,
    )
    if not isinstance(results, Graph):  # pySHACL's ValidationFailure: the shapes are broken
        raise DoesNotConform(f"SHACL validation could not run: {results}")
    say(f"  done in {time.monotonic() - start:.1f} s")
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        severity = results.value(result, SH.resultSeverity)
        violations.append(_violation(
            data, shapes, focus, results.value(result, SH.resultMessage),
            results.value(result, SH.resultPath), results.value(result, SH.value),
            _short(results, severity).split("#")[-1].replace("sh:", "")))
    return bool(conforms), violations


def _validate(data: Graph, mixed: Graph, files: list[str] | None,
              progress: Callable[[str], None] | None, paths: list[Path] | None,
              engine: str = "kgraph", focus: set[Any] | None = None) -> Report:
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    say = progress or (lambda _message: None)
    shapes = Graph()
    parse_into(shapes, resources.shapes())
    conforms, violations = True, list[Violation]()
    if engine == "pyshacl":
        conforms, violations = _pyshacl(mixed, shapes, data, say, None)
        pairs = None  # the kgs:batch constraints
        store = None
    else:
        from kgraph import validation_core

        plan = validation_core.compile_shapes(shapes)
        start = time.monotonic()
        say(f"checking {len(data):,} triples against the shapes (SHACL core on Oxigraph)...")
        store = _oxigraph_store(mixed, paths)
        say(f"  graph copied to Oxigraph in {time.monotonic() - start:.1f} s")
        found = validation_core.run(store, mixed, shapes, plan, say)
        violations = [_violation(data, shapes, f, message, path, value, "Violation")
                      for f, message, path, value in found
                      if focus is None or f in focus]
        say(f"  done in {time.monotonic() - start:.1f} s ({len(violations)} results)")
        if plan.others:
            ok, more = _pyshacl(mixed, shapes, data, say, plan.others)
            conforms = conforms and ok
            violations += more
        pairs = list(dict.fromkeys([*_batched(shapes), *plan.sparql]))
    start = time.monotonic()
    say("  whole-graph SPARQL constraints (Oxigraph)...")
    for f, message, path, value in _batch_constraints(mixed, shapes, paths, store, pairs):
        if focus is not None and f not in focus:
            continue
        violations.append(
            Violation(
                node=_short(data, f),
                rule=message,
                path=_short(data, path) if path is not None else "",
                value=_short(data, value) if value is not None else "",
                where=_where(data, f),
                severity="Violation",
            )
        )
    say(f"  done in {time.monotonic() - start:.1f} s")
    violations.sort(key=lambda v: (v.node, v.rule, v.path, v.value))
    return Report(bool(conforms) and not violations, violations, files or ["(graph)"])


def validate(paths: list[str | Path] | None = None,
             progress: Callable[[str], None] | None = None, engine: str = "kgraph") -> Report:
    """Validate files (default: the bundled graph) against the shapes and ontology;
    ``progress`` (e.g. ``print``) gets a line at each step."""
    files = [str(p) for p in paths] if paths else [str(resources.bundled_graph())]
    say = progress or (lambda _message: None)
    start = time.monotonic()
    say(f"reading {', '.join(files)}...")
    data = load(paths)
    say(f"  {len(data):,} triples in {time.monotonic() - start:.1f} s")
    sources = [Path(p) for p in paths] if paths else [resources.bundled_graph()]
    vocabularies = [resources.ontology(), *resources.vocabularies()]
    for vocabulary in vocabularies:  # into the graph we own: no copy of a big graph
        parse_into(data, vocabulary)
    return _validate(data, data, files, progress, [*sources, *vocabularies], engine)


__all__ = ["ENGINES", "Report", "Violation", "validate", "validate_graph"]
