"""pySHACL → a readable report: which node, which rule, which source line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from kgraph import resources
from kgraph.errors import DoesNotConform
from kgraph.loader import load, load_ontology, parse_into
from kgraph.namespaces import ID, KG, SH


@dataclass(frozen=True)
class Violation:
    node: str  # slug or IRI of the focus node
    rule: str  # the shape's message
    path: str  # the property path, if any
    value: str  # the offending value, if any
    where: str  # "seed-file:line" of the node's citation, if it has one
    severity: str

    def render(self) -> str:
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
    conforms: bool
    violations: list[Violation]
    files: list[str]

    def render(self) -> str:
        head = ", ".join(self.files)
        if self.conforms:
            return f"{head}: conforms to the kgraph shapes"
        lines = [f"{head}: {len(self.violations)} violation(s)"]
        lines += [f"  {v.render()}" for v in self.violations]
        return "\n".join(lines)


def _short(graph: Graph, node) -> str:  # type: ignore[no-untyped-def]
    if isinstance(node, URIRef):
        text = str(node)
        if text.startswith(str(ID)):
            return text[len(str(ID)):]
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # noqa: BLE001 - fall back to the full IRI
            return text
    return str(node)


def _where(data: Graph, node) -> str:  # type: ignore[no-untyped-def]
    """The seed file and line that cite ``node`` (itself a citation, or its first mention)."""
    citation = node if (node, KG.line, None) in data else None
    if citation is None:
        mentions = sorted(data.objects(node, KG.mentionedAt))
        citation = mentions[0] if mentions else None
    if citation is None:
        return ""
    doc = data.value(citation, KG.sourceDocument)
    line = data.value(citation, KG.line)
    name = data.value(doc, DCTERMS.identifier) if doc is not None else None
    return f"{name or _short(data, doc)}:{line}" if line is not None else ""


KGS = "https://w3id.org/kgraph/shapes#"


def _focus_nodes(data: Graph, shapes: Graph, shape) -> set:  # type: ignore[no-untyped-def]
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


def _batch_constraints(data: Graph, shapes: Graph) -> list[tuple]:  # type: ignore[type-arg]
    """Run the kgs:batch SPARQL constraints once each over the whole graph.

    Returns (focus, message, path, value) for every violation.
    """
    import pyoxigraph
    from rdflib import Literal

    # rdflib's engine took ~12 s for these two whole-graph NOT EXISTS queries; Oxigraph
    # answers the same SPARQL in well under a second.
    store = pyoxigraph.Store()
    store.bulk_load(data.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)

    def term(value):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        if isinstance(value, pyoxigraph.NamedNode):
            return URIRef(value.value)
        return Literal(value.value) if isinstance(value, pyoxigraph.Literal) else str(value)

    found = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        if (constraint, URIRef(KGS + "batch"), Literal(True)) not in shapes:
            continue
        prefixes = {
            str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
            for decl in shapes.objects(constraint, SH.prefixes)
            for d in shapes.objects(decl, SH.declare)
        }
        text = str(shapes.value(constraint, SH.select))
        message = str(shapes.value(constraint, SH.message))
        focus = _focus_nodes(data, shapes, shape)
        solutions = store.query(text.replace("$this", "?this"), prefixes=prefixes)
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


def validate_graph(data: Graph, files: list[str] | None = None) -> Report:
    import pyshacl  # lazy: pyshacl is slow to import

    shapes = Graph()
    parse_into(shapes, resources.shapes())
    ontology = load_ontology()
    # The ontology is mixed in by hand: subclass targets (kg:Entity) and the quality-flag
    # concepts live there, and pySHACL only mixes ont_graph in when it infers.
    mixed = data + ontology
    conforms, results, _text = pyshacl.validate(
        mixed,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    if not isinstance(results, Graph):  # pySHACL's ValidationFailure: the shapes are broken
        raise DoesNotConform(f"SHACL validation could not run: {results}")
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        message = results.value(result, SH.resultMessage)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        violations.append(
            Violation(
                node=_short(data, focus),
                rule=str(message) if message is not None else "constraint failed",
                path=_short(data, path) if path is not None else "",
                value=_short(data, value) if value is not None and value != focus else "",
                where=_where(data, focus),
                severity=_short(results, severity).split("#")[-1].replace("sh:", ""),
            )
        )
    for focus, message, path, value in _batch_constraints(mixed, shapes):
        violations.append(
            Violation(
                node=_short(data, focus),
                rule=message,
                path=_short(data, path) if path is not None else "",
                value=_short(data, value) if value is not None else "",
                where=_where(data, focus),
                severity="Violation",
            )
        )
    violations.sort(key=lambda v: (v.node, v.rule, v.path, v.value))
    return Report(bool(conforms) and not violations, violations, files or ["(graph)"])


def validate(paths: list[str | Path] | None = None) -> Report:
    """Validate files (default: the bundled graph) against the shapes and ontology."""
    files = [str(p) for p in paths] if paths else [str(resources.bundled_graph())]
    return validate_graph(load(paths), files)


__all__ = ["Report", "Violation", "validate", "validate_graph"]
