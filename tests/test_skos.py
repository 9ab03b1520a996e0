"""Every concept scheme is valid SKOS as a SKOS tool that is not ours sees it (skosify),
and as the SKOS Reference's integrity conditions say; the hierarchy follows the nesting
the seed documents print, checked against the seed text."""

from __future__ import annotations

import importlib
import logging

import pytest
from conftest import BP, ROOT, plain, seed_lines
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kgraph.namespaces import ID, KG
from kgraph.skos import CONCEPT_CLASSES, VOCABULARY_CLASSES, complete_schemes

skosify = pytest.importorskip("skosify")
_skosify = importlib.import_module("skosify.skosify")
_check = importlib.import_module("skosify.check")


class _Log(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture()
def log():  # type: ignore[no-untyped-def]
    handler = _Log()
    root = logging.getLogger()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield handler
    root.removeHandler(handler)
    root.setLevel(old)


def _copy(graph: Graph) -> Graph:
    g = Graph()
    g += graph
    return g


@pytest.mark.slow
def test_skosify_sees_every_concept_in_its_scheme_with_top_concepts(graph, log) -> None:  # type: ignore[no-untyped-def]
    out = skosify.skosify(_copy(graph), infer=False, mark_top_concepts=True,
                          preflabel_policy="shortest", eliminate_redundancy=False,
                          break_cycles=False, keep_related=True)
    concepts = set(out.subjects(RDF.type, SKOS.Concept))
    ours = {n for cls in CONCEPT_CLASSES if cls not in VOCABULARY_CLASSES
            for n in graph.subjects(RDF.type, cls)}
    assert len(ours) > 300  # outcomes, priorities, areas, actions, visions, indicators
    assert concepts == ours  # before: skosify saw 0 concepts
    schemes = set(out.subjects(RDF.type, SKOS.ConceptScheme))
    edm = ID["every-day-matters"]
    assert edm in schemes
    # Every Day Matters: its vision, 4 outcomes, 5 priorities named at lines 91-127
    top = set(out.objects(edm, SKOS.hasTopConcept))
    assert {ID["every-day-matters-vision"], ID["every-day-matters-outcome-1"],
            ID["every-day-matters-priority-5"]} <= top
    for scheme in schemes:
        members = set(out.subjects(SKOS.inScheme, scheme))
        assert members, scheme
        assert set(out.objects(scheme, SKOS.hasTopConcept)), scheme
    # skosify had to add no top concept, no scheme membership, no label and found nothing
    # wrong in the hierarchy or the labels (a warning other than "several schemes" fails)
    warnings = [r.getMessage() for r in log.records if r.levelno >= logging.WARNING
                and "Multiple concept schemes" not in r.getMessage()]
    assert warnings == []
    marked = [r.getMessage() for r in log.records if "Marking loose concept" in r.getMessage()]
    assert marked == []


@pytest.mark.slow
def test_skosify_checks_find_nothing(graph, log) -> None:  # type: ignore[no-untyped-def]
    g = _copy(graph)
    before = len(g)
    _check.hierarchy_cycles(g, fix=True)
    _check.disjoint_relations(g, fix=True)
    _check.hierarchical_redundancy(g, fix=True)
    _check.preflabel_uniqueness(g, policy="shortest")
    _check.label_overlap(g, fix=True)
    _skosify.setup_top_concepts(g, True)
    _skosify.setup_concept_scheme(g, URIRef("urn:x-test:default-scheme"))
    assert [r.getMessage() for r in log.records if r.levelno >= logging.WARNING] == []
    assert len(g) == before  # nothing to fix, nothing to add


def test_every_concept_is_typed_and_in_a_scheme(graph) -> None:  # type: ignore[no-untyped-def]
    for cls in CONCEPT_CLASSES[:-2]:
        nodes = set(graph.subjects(RDF.type, cls))
        assert nodes, cls
        untyped = [n for n in nodes if (n, RDF.type, SKOS.Concept) not in graph]
        assert untyped == []
        loose = [n for n in nodes if graph.value(n, SKOS.inScheme) is None]
        assert loose == [], cls


def test_concept_classes_are_the_ontologys() -> None:
    onto = Graph().parse(ROOT / "ontology" / "kgraph.ttl")
    subs = set(onto.transitive_subjects(RDFS.subClassOf, SKOS.Concept)) - {SKOS.Concept}
    assert subs == set(CONCEPT_CLASSES)


def test_labels_are_english_and_unique_per_language(graph) -> None:  # type: ignore[no-untyped-def]
    for prop in (SKOS.prefLabel, SKOS.altLabel):
        untagged = [(s, o) for s, o in graph.subject_objects(prop)
                    if not isinstance(o, Literal) or o.language != "en"]
        assert untagged == [], prop
    seen: dict = {}
    for s, o in graph.subject_objects(SKOS.prefLabel):
        seen.setdefault((s, o.language), []).append(o)
    assert [k for k, v in seen.items() if len(v) > 1] == []  # S14
    overlap = [(s, o) for s, o in graph.subject_objects(SKOS.prefLabel)
               if (s, SKOS.altLabel, o) in graph]
    assert overlap == []  # S13


def test_integrity_conditions(graph) -> None:  # type: ignore[no-untyped-def]
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    assert concepts and schemes and not concepts & schemes  # S9
    for c, b in graph.subject_objects(SKOS.broader):
        assert (b, SKOS.narrower, c) in graph  # inverses both stated
        assert b in concepts and c in concepts
        assert set(graph.objects(c, SKOS.inScheme)) & set(graph.objects(b, SKOS.inScheme))
    for c, s in graph.subject_objects(SKOS.topConceptOf):
        assert (s, SKOS.hasTopConcept, c) in graph and (c, SKOS.inScheme, s) in graph
        assert not any((b, SKOS.inScheme, s) in graph for b in graph.objects(c, SKOS.broader))


def test_business_plan_actions_sit_under_the_priority_the_plan_lists_them_under(graph) -> None:  # type: ignore[no-untyped-def]
    """001 lines 87-109: 'Improving student achievement by:' then six bullets, then
    'Improving outcomes for vulnerable children and families by:' and its bullets."""
    lines = [plain(x) for x in seed_lines(BP)]
    first = next(i for i, t in enumerate(lines, 1) if t == "Improving student achievement by:")
    second = next(i for i, t in enumerate(lines, 1)
                  if t == "Improving outcomes for vulnerable children and families by:")
    assert first < second
    for slug, lo, hi in (("improving-student-achievement", first, second),
                         ("improving-outcomes-vulnerable-children", second, second + 25)):
        priority = ID[f"cype-business-plan-2018-19-priority-{slug}"]
        children = set(graph.objects(priority, SKOS.narrower))
        assert len(children) >= 6
        for child in children:
            stmts = [s for s in graph.subjects(RDF.subject, child)
                     if graph.value(s, RDF.predicate) == SKOS.broader]
            assert stmts
            for stmt in stmts:
                line = int(graph.value(stmt, KG.line))
                assert lo < line < hi, (child, line)
                quote = plain(str(graph.value(stmt, KG.quote)))
                assert quote in lines[line - 1]
    # the plan's two priorities are its top concepts, not under anything
    for slug in ("improving-student-achievement", "improving-outcomes-vulnerable-children"):
        node = ID[f"cype-business-plan-2018-19-priority-{slug}"]
        assert (node, SKOS.topConceptOf, ID["cype-business-plan-2018-19"]) in graph
        assert graph.value(node, SKOS.broader) is None


def test_every_derived_link_is_cited(graph) -> None:  # type: ignore[no-untyped-def]
    from rdflib.namespace import PROV

    for p in (SKOS.broader, SKOS.narrower, SKOS.topConceptOf, SKOS.hasTopConcept,
              SKOS.definition):
        triples = list(graph.subject_objects(p))
        assert triples, p
        for s, o in triples:
            stmts = [st for st in graph.subjects(RDF.subject, s)
                     if graph.value(st, RDF.predicate) == p and graph.value(st, RDF.object) == o]
            if s in (KG.QualityFlags,) or o in (KG.QualityFlags,):
                continue
            assert stmts, (s, p, o)
            assert all(graph.value(st, PROV.wasDerivedFrom) is not None for st in stmts)


def test_definitions_are_the_seed_text(graph) -> None:  # type: ignore[no-untyped-def]
    """A definition is a vision's or an action's own text, found at its cited line."""
    found = 0
    for node, text in graph.subject_objects(SKOS.definition):
        kinds = set(graph.objects(node, RDF.type))
        assert kinds & {KG.Vision, KG.Action}
        for stmt in graph.subjects(RDF.subject, node):
            if (graph.value(stmt, RDF.predicate) != SKOS.definition
                    or graph.value(stmt, RDF.object) != text):
                continue
            doc = str(graph.value(graph.value(stmt, KG.sourceDocument),
                                  URIRef("http://purl.org/dc/terms/identifier")))
            line = int(graph.value(stmt, KG.line))
            window = " ".join(plain(x) for x in seed_lines(doc)[line - 3: line + 3])
            assert plain(str(text))[:40] in window, (node, line)
            found += 1
    assert found >= 10


def test_indicators_are_in_a_scheme_per_document_that_names_them(graph) -> None:  # type: ignore[no-untyped-def]
    ind = ID["indicator-case-holding-posts-permanent-staff"]
    schemes = set(graph.objects(ind, SKOS.inScheme))
    assert schemes == {ID["doc/001/indicators"]}
    assert (ID["doc/001/indicators"], RDF.type, SKOS.ConceptScheme) in graph
    assert (ID["doc/001/indicators"], SKOS.hasTopConcept, ind) in graph


@pytest.mark.slow
def test_completion_is_idempotent(graph) -> None:  # type: ignore[no-untyped-def]
    g = _copy(graph)
    complete_schemes(g)
    assert len(g) == len(graph)


def test_quality_flags_are_a_scheme_of_their_own() -> None:
    flags = Graph().parse(ROOT / "ontology" / "quality-flags.ttl")
    assert (KG.QualityFlags, RDF.type, SKOS.ConceptScheme) in flags
    members = set(flags.subjects(SKOS.inScheme, KG.QualityFlags))
    assert {KG.garbled, KG.ambiguous, KG.missing} <= members
    for m in members:
        assert (m, RDF.type, SKOS.Concept) in flags
        assert (KG.QualityFlags, SKOS.hasTopConcept, m) in flags
    onto = Graph().parse(ROOT / "ontology" / "kgraph.ttl")
    assert (KG.QualityFlags, RDF.type, SKOS.ConceptScheme) not in onto
    assert len(set(onto.subjects(RDF.type, OWL.Ontology))) == 1
