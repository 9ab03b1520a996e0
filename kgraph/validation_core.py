# Over 400 lines: one SHACL Core runner (shapes compiled, data read, results) read in one place.
"""kgraph's own runner of the SHACL Core constraints the shipped shapes use, on Oxigraph.

pySHACL evaluates every constraint per focus node in Python over an rdflib graph: about
70 s for the 47,000-triple bundled graph, and far longer at 10^6 triples. This runner
reads the same shapes and gives the same results (focus node, message, path, value, one
result per constraint and value node, as the SHACL spec and pySHACL give them), fetching
each path's values once for the whole graph from an Oxigraph store (one scan of the
predicate) and checking them in Python: time grows with the size of the graph.

It knows the components listed in ``NODE_KEYS``/``PROPERTY_KEYS``/``MEMBER_KEYS`` and
predicate or alternative-predicate paths; ``compile_shapes`` leaves any other shape to
pySHACL (``Plan.others``), so a shape's meaning never depends on what this runner knows.
A test compares the two engines' reports on broken graphs (tests/test_validation_core.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD

from kgraph.namespaces import SH

KGS = "https://w3id.org/kgraph/shapes#"
_TYPE = ox.NamedNode(str(RDF.type))
_SUBCLASS = ox.NamedNode(str(RDFS.subClassOf))

# Keys a shape may carry for this runner to take it (anything else: pySHACL runs it).
_DOC = {RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description, SH.order, SH.group}
_VALUE_KEYS = {SH.nodeKind, SH.pattern, SH.flags, SH["class"], SH.datatype, SH["in"],
               SH.minLength, SH.maxLength, SH["or"]}
NODE_KEYS = _DOC | _VALUE_KEYS | {SH.targetClass, SH.targetSubjectsOf, SH.message,
                                  SH.property, SH.sparql}
PROPERTY_KEYS = _DOC | _VALUE_KEYS | {SH.path, SH.message, SH.minCount, SH.maxCount,
                                      SH.qualifiedValueShape, SH.qualifiedMinCount,
                                      SH.qualifiedMaxCount}
MEMBER_KEYS = _DOC | _VALUE_KEYS | {SH.path, SH.minCount, SH.maxCount}

_KINDS = {
    SH.IRI: (ox.NamedNode,), SH.BlankNode: (ox.BlankNode,), SH.Literal: (ox.Literal,),
    SH.BlankNodeOrIRI: (ox.BlankNode, ox.NamedNode),
    SH.BlankNodeOrLiteral: (ox.BlankNode, ox.Literal),
    SH.IRIOrLiteral: (ox.NamedNode, ox.Literal),
}


class Unsupported(Exception):
    """A shape uses something this runner does not evaluate."""


def _ox(term: Any) -> Any:
    """An rdflib term (from the shapes graph) as an Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise Unsupported(f"term {term!r}")


def _rdflib(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


# --------------------------------------------------------------------------- the shapes


@dataclass
class Check:
    """The value constraints of one shape (node-level, a property shape's, or an sh:or
    member's), each a (component name, test of one value node) pair."""

    tests: list[tuple[str, Callable[[Any], bool]]] = field(default_factory=list)
    paths: list[tuple[Any, int | None, int | None]] = field(default_factory=list)
    # sh:datatype, tested on the rdflib graph's own literal: an Oxigraph store keeps
    # "10"^^xsd:positiveInteger as "10"^^xsd:integer (its value encoding)
    datatype: Any = None


@dataclass
class PropertyShape:
    """One property shape of the shapes graph, compiled: its path and the constraints it checks."""
    node: Any  # the shape's node in the shapes graph
    path: Any  # the sh:path as given (a predicate IRI or the alternative path's node)
    predicates: list[Any]  # Oxigraph predicates whose objects are the value nodes
    message: str
    min_count: int | None
    max_count: int | None
    check: Check
    qualified: tuple[Check, int | None, int | None] | None = None


@dataclass
class NodeShape:
    """One node shape: its targets and message, with its property shapes compiled."""
    node: Any
    message: str
    classes: list[Any]  # sh:targetClass
    subjects_of: list[Any]  # sh:targetSubjectsOf (Oxigraph predicates)
    check: Check
    properties: list[PropertyShape]


@dataclass
class Plan:
    """The shapes split into what this runner checks and what it leaves to pySHACL."""
    shapes: list[NodeShape]
    others: list[Any]  # node shapes left to pySHACL
    sparql: list[tuple[Any, Any]]  # (shape, constraint) SPARQL constraints of runnable shapes


class _Compiler:
    def __init__(self, shapes: Graph, engine: Engine | None) -> None:
        self.g = shapes
        self.engine = engine

    def one(self, node: Any, key: Any) -> Any:
        values = list(self.g.objects(node, key))
        if len(values) > 1:
            raise Unsupported(f"several {key}")
        return values[0] if values else None

    def keys(self, node: Any, allowed: set[Any]) -> None:
        extra = {p for p in self.g.predicates(node, None)} - allowed
        if extra:
            raise Unsupported(", ".join(sorted(str(p) for p in extra)))
        if self.g.value(node, SH.deactivated) is not None or \
                self.g.value(node, SH.severity) is not None:
            raise Unsupported("deactivated or severity")

    def int_of(self, node: Any, key: Any) -> int | None:
        value = self.one(node, key)
        return None if value is None else int(value)

    def check(self, node: Any, on_property: bool = False) -> Check:
        """The value constraints of ``node`` (its sh:path min/max counts for members)."""
        g, out = self.g, Check()
        kind = self.one(node, SH.nodeKind)
        if kind is not None:
            if kind not in _KINDS:
                raise Unsupported(f"nodeKind {kind}")
            kinds = _KINDS[kind]
            out.tests.append(("nodeKind", _kind_test(kinds)))
        pattern = self.one(node, SH.pattern)
        if pattern is not None:
            flags = str(self.one(node, SH.flags) or "")
            bits = 0
            for letter, bit in (("i", re.I), ("m", re.M), ("s", re.S), ("x", re.X)):
                if letter in flags:
                    bits |= bit
            regex = re.compile(str(pattern), bits)
            out.tests.append(("pattern", _pattern_test(regex)))
        for key, name, at_least in ((SH.minLength, "minLength", True),
                                    (SH.maxLength, "maxLength", False)):
            bound = self.int_of(node, key)
            if bound is not None:
                out.tests.append((name, _length_test(bound, at_least)))
        for cls in g.objects(node, SH["class"]):
            out.tests.append(("class", self._class_test(cls)))
        datatype = self.one(node, SH.datatype)
        if datatype is not None:
            if not on_property:
                raise Unsupported("sh:datatype outside a property shape")
            out.datatype = datatype
        members = self.one(node, SH["in"])
        if members is not None:
            allowed = frozenset(_ox(t) for t in Collection(g, members))
            out.tests.append(("in", allowed.__contains__))
        for either in g.objects(node, SH["or"]):
            options = [self.member(m) for m in Collection(g, either)]
            out.tests.append(("or", self._or_test(options)))
        return out

    def _or_test(self, options: list[Check]) -> Callable[[Any], bool]:
        def test(v: Any) -> bool:
            return any(self.conforms(c, v) for c in options)
        return test

    def _class_test(self, cls: Any) -> Callable[[Any], bool]:
        engine = self.engine
        if engine is None:
            return lambda v: True
        return lambda v: v in engine.instances(_ox(cls))

    def member(self, node: Any) -> Check:
        self.keys(node, MEMBER_KEYS)
        check = self.check(node)
        path = self.one(node, SH.path)
        if path is not None:
            check.paths.append((self.predicates(path), self.int_of(node, SH.minCount),
                                self.int_of(node, SH.maxCount)))
        elif self.one(node, SH.minCount) is not None or self.one(node, SH.maxCount) is not None:
            raise Unsupported("a count without a path")
        return check

    def conforms(self, check: Check, value: Any) -> bool:
        if not all(test(value) for _name, test in check.tests):
            return False
        for predicates, low, high in check.paths:
            assert self.engine is not None
            n = len(self.engine.values_of(predicates, value))
            if (low is not None and n < low) or (high is not None and n > high):
                return False
        return True

    def predicates(self, path: Any) -> list[Any]:
        if isinstance(path, URIRef):
            return [_ox(path)]
        alternatives = self.g.value(path, SH.alternativePath)
        if isinstance(path, BNode) and alternatives is not None and \
                set(self.g.predicates(path, None)) == {SH.alternativePath}:
            preds = list(Collection(self.g, alternatives))
            if all(isinstance(p, URIRef) for p in preds):
                return [_ox(p) for p in preds]
        raise Unsupported(f"path {path}")

    def message(self, node: Any) -> str:
        messages = list(self.g.objects(node, SH.message))
        if len(messages) != 1:
            raise Unsupported("a shape without exactly one sh:message")
        return str(messages[0])

    def property(self, node: Any) -> PropertyShape:
        self.keys(node, PROPERTY_KEYS)
        path = self.one(node, SH.path)
        qualified = None
        q_shape = self.one(node, SH.qualifiedValueShape)
        if q_shape is not None:
            qualified = (self.member(q_shape), self.int_of(node, SH.qualifiedMinCount),
                         self.int_of(node, SH.qualifiedMaxCount))
        return PropertyShape(node, path, self.predicates(path), self.message(node),
                             self.int_of(node, SH.minCount), self.int_of(node, SH.maxCount),
                             self.check(node, on_property=True), qualified)

    def node_shape(self, node: Any) -> NodeShape:
        self.keys(node, NODE_KEYS)
        check = self.check(node)
        message = self.message(node) if check.tests else str(
            self.g.value(node, SH.message) or "")
        return NodeShape(node, message,
                         [_ox(c) for c in self.g.objects(node, SH.targetClass)],
                         [_ox(p) for p in self.g.objects(node, SH.targetSubjectsOf)],
                         check, [self.property(p) for p in self.g.objects(node, SH.property)])


def _kind_test(kinds: tuple[type, ...]) -> Callable[[Any], bool]:
    def test(v: Any) -> bool:
        return isinstance(v, kinds)
    return test


def _pattern_test(regex: re.Pattern[str]) -> Callable[[Any], bool]:
    def test(v: Any) -> bool:  # a blank node never matches (SHACL 4.4.3)
        return not isinstance(v, ox.BlankNode) and regex.search(v.value) is not None
    return test


def _length_test(bound: int, at_least: bool) -> Callable[[Any], bool]:
    def test(v: Any) -> bool:  # a blank node never passes (SHACL 4.4.1, 4.4.2)
        if isinstance(v, ox.BlankNode):
            return False
        return len(v.value) >= bound if at_least else len(v.value) <= bound
    return test


def datatype_matches(v: Any, rule: Any) -> bool:
    """pySHACL's sh:datatype test of one rdflib value node (DatatypeConstraintComponent)."""
    from datetime import date, datetime, time
    from decimal import Decimal

    if not isinstance(v, Literal):
        return False
    if v.datatype == rule:
        if getattr(v, "ill_typed", None) is True:
            return False
        return _actual(v, rule, date, datetime, time, Decimal)
    if rule == RDFS.Literal:
        return True
    if rule == RDFS.Datatype and v.datatype:
        return True
    if v.datatype is None and v.language is None and rule == XSD.string:
        return _actual(v, rule, date, datetime, time, Decimal)
    if rule == RDF.langString and v.language:
        return _actual(v, rule, date, datetime, time, Decimal)
    return False


def _actual(v: Any, rule: Any, date: Any, datetime: Any, time: Any, decimal: Any) -> bool:
    value = v.value
    kinds = {XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int,
             XSD.float: float, XSD.decimal: decimal, XSD.boolean: bool, XSD.date: date,
             XSD.time: time, XSD.dateTime: datetime}
    kind = kinds.get(rule)
    return True if kind is None else isinstance(value, kind)


_NOT_WHOLE = re.compile(r"\b(BIND|MINUS|VALUES|SERVICE|GRAPH)\b|\$(value|currentShape|shapesGraph)\b",
                        re.IGNORECASE)


def _runnable_sparql(text: str) -> bool:
    """A SPARQL constraint that may run once over the whole graph with ``$this`` unbound
    (then filtered to the focus nodes): one SELECT using $this only as a pattern variable."""
    return len(re.findall(r"\bSELECT\b", text, re.IGNORECASE)) == 1 and \
        _NOT_WHOLE.search(text) is None


def compile_shapes(shapes: Graph) -> Plan:
    """Which node shapes this runner evaluates, and which it leaves to pySHACL."""
    runnable, others, sparql = [], [], []
    nodes = set(shapes.subjects(SH.targetClass, None)) | set(
        shapes.subjects(SH.targetSubjectsOf, None))
    for extra in (SH.targetNode, SH.targetObjectsOf, SH.target):
        nodes |= set(shapes.subjects(extra, None))
    for node in sorted(nodes, key=str):
        try:
            for extra in (SH.targetNode, SH.targetObjectsOf, SH.target):
                if shapes.value(node, extra) is not None:
                    raise Unsupported(str(extra))
            shape = _Compiler(shapes, None).node_shape(node)
            constraints = list(shapes.objects(node, SH.sparql))
            for c in constraints:
                batch = (c, URIRef(KGS + "batch"), Literal(True)) in shapes
                if not (batch or _runnable_sparql(str(shapes.value(c, SH.select) or ""))) or \
                        shapes.value(c, SH.deactivated) is not None:
                    raise Unsupported("SPARQL constraint")
        except (Unsupported, ValueError, TypeError):
            others.append(node)
            continue
        runnable.append(shape)
        sparql += [(node, c) for c in constraints]
    return Plan(runnable, others, sparql)


# --------------------------------------------------------------------------- the data


class Engine:
    """Values and instances read from an Oxigraph store, each predicate scanned once."""

    def __init__(self, store: ox.Store, graph: Graph) -> None:
        self.store = store
        self.graph = graph
        self._values: dict[Any, dict[Any, set[Any]]] = {}
        self._instances: dict[Any, frozenset[Any]] = {}

    def by_subject(self, predicate: Any) -> dict[Any, set[Any]]:
        """Every subject with ``predicate``, mapped to its objects (read once, then kept)."""
        found = self._values.get(predicate)
        if found is None:
            found = {}
            for quad in self.store.quads_for_pattern(None, predicate, None, None):
                found.setdefault(quad.subject, set()).add(quad.object)
            self._values[predicate] = found
        return found

    def values_of(self, predicates: list[Any], node: Any) -> set[Any]:
        """The objects of ``node`` along any of ``predicates`` (a path's value nodes)."""
        out: set[Any] = set()
        for p in predicates:
            out |= self.by_subject(p).get(node, set())
        return out

    def instances(self, cls: Any) -> frozenset[Any]:
        """Nodes whose rdf:type is ``cls`` or a subclass of it (rdfs:subClassOf*)."""
        found = self._instances.get(cls)
        if found is None:
            classes, todo = {cls}, [cls]
            while todo:
                for quad in self.store.quads_for_pattern(None, _SUBCLASS, todo.pop(), None):
                    if quad.subject not in classes:
                        classes.add(quad.subject)
                        todo.append(quad.subject)
            nodes: set[Any] = set()
            for c in classes:
                nodes.update(q.subject for q in self.store.quads_for_pattern(None, _TYPE, c, None))
            found = self._instances[cls] = frozenset(nodes)
        return found

    def focus(self, shape: NodeShape) -> set[Any]:
        """The focus nodes of ``shape``: instances of its target classes and subjects of its
        targetSubjectsOf predicates."""
        nodes: set[Any] = set()
        for cls in shape.classes:
            nodes |= self.instances(cls)
        for p in shape.subjects_of:
            nodes.update(self.by_subject(p))
        return nodes


Result = tuple[Any, str, Any, Any]  # focus, message, path (rdflib), value (rdflib or None)


def run(store: ox.Store, graph: Graph, shapes: Graph, plan: Plan,
        say: Callable[[str], None] | None = None) -> list[Result]:
    """Every result of ``plan``'s shapes on ``store`` (a copy of the rdflib ``graph``, the
    data with the ontology), as pySHACL would report them."""
    engine = Engine(store, graph)
    compiler = _Compiler(shapes, engine)
    results: list[Result] = []
    for k, compiled in enumerate(plan.shapes, start=1):
        shape = compiler.node_shape(compiled.node)  # with class tests bound to the data
        focus = engine.focus(shape)
        if say:
            say(f"  shape {k} of {len(plan.shapes)}: {_name(shapes, shape.node)} "
                f"({len(focus):,} focus nodes)")
        results += _node_results(compiler, engine, shape, focus)
    return results


def _name(shapes: Graph, node: Any) -> str:
    label = shapes.value(node, RDFS.label)
    return str(label) if label is not None else str(node).rsplit("#", 1)[-1]


def _node_results(compiler: _Compiler, engine: Engine, shape: NodeShape,
                  focus: Iterable[Any]) -> list[Result]:
    out: list[Result] = []
    for f in focus:
        for _kind, test in shape.check.tests:
            if not test(f):
                out.append((_rdflib(f), shape.message, None, _rdflib(f)))
    for prop in shape.properties:
        for f in focus:
            values = engine.values_of(prop.predicates, f)
            if prop.min_count is not None and len(values) < prop.min_count:
                out.append((_rdflib(f), prop.message, prop.path, None))
            if prop.max_count is not None and len(values) > prop.max_count:
                out.append((_rdflib(f), prop.message, prop.path, None))
            for v in values:
                for _kind, test in prop.check.tests:
                    if not test(v):
                        out.append((_rdflib(f), prop.message, prop.path, _rdflib(v)))
            if prop.check.datatype is not None:
                node = _rdflib(f)
                for p in prop.predicates:
                    for v in engine.graph.objects(node, URIRef(p.value)):
                        if not datatype_matches(v, prop.check.datatype):
                            out.append((node, prop.message, prop.path, v))
            if prop.qualified is not None:
                check, low, high = prop.qualified
                n = sum(1 for v in values if compiler.conforms(check, v))
                if (low is not None and n < low) or (high is not None and n > high):
                    out.append((_rdflib(f), prop.message, prop.path, None))
    return out


__all__ = ["Plan", "compile_shapes", "run"]
