"""kgraph's SHACL Core runner (kgraph.validation_core) gives the very report pySHACL gives:
on the mini graph and on one graph broken in every way a shipped shape can catch (each
constraint component of shapes.ttl at least once), the two engines' violations are equal,
one for one (node, rule, path, value, source line, severity, and how many)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import pytest
from conftest import FIXTURES, SEEDS
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kgraph import resources
from kgraph.curation.compile import compile_sources
from kgraph.validation import validate_graph
from kgraph.validation_core import compile_shapes, datatype_matches

KG = "https://w3id.org/kgraph/ontology#"
ID = "https://w3id.org/kgraph/id/"
QB = "http://purl.org/linked-data/cube#"


def k(name: str) -> URIRef:
    return URIRef(KG + name)


@pytest.fixture(scope="module")
def mini() -> Graph:
    return compile_sources(FIXTURES / "mini_sources", SEEDS)


def _first(graph: Graph, cls: str, skip: int = 0) -> URIRef:
    nodes = sorted(n for n in graph.subjects(RDF.type, k(cls)) if isinstance(n, URIRef))
    assert len(nodes) > skip, f"the mini graph has no {cls} number {skip + 1}"
    return nodes[skip]


def _break_everything(graph: Graph) -> Graph:
    """One graph with a break for every kind of constraint in the shapes (distinct nodes)."""
    g = Graph()
    g += graph
    model = _first(g, "Strategy")
    mention = next(iter(g.objects(model, k("mentionedAt"))))
    strategies = []
    for i in range(5):  # five well-formed strategies to break one way each
        node = URIRef(ID + f"test-strategy-{i}")
        g.add((node, RDF.type, k("Strategy")))
        g.add((node, SKOS.prefLabel, Literal(f"Test strategy {i}")))
        g.add((node, k("mentionedAt"), mention))
        strategies.append(node)
    s0, s1, s2, s3, s4 = strategies
    g.remove((s0, SKOS.prefLabel, None))                       # minCount
    g.add((s1, SKOS.prefLabel, Literal("A second name")))      # maxCount
    g.set((s2, SKOS.prefLabel, Literal("")))                   # minLength
    g.add((s3, SKOS.prefLabel, URIRef(ID + "a-label-iri")))    # nodeKind Literal (+ maxCount)
    for m in list(g.objects(s4, k("mentionedAt"))):            # class of the mentions
        g.remove((m, RDF.type, None))
    bad_iri = URIRef(ID + "Not_A_Slug")                        # pattern on the node
    g.add((bad_iri, RDF.type, k("Board")))
    g.add((bad_iri, SKOS.prefLabel, Literal("Odd board")))
    blank = BNode()                                            # nodeKind IRI on the node
    g.add((blank, RDF.type, k("Strategy")))
    g.add((blank, SKOS.prefLabel, Literal("Anonymous")))
    vague = URIRef(ID + "only-an-entity")                      # qualified type
    g.add((vague, RDF.type, k("Entity")))
    priority = _first(g, "Priority")
    g.remove((priority, SKOS.inScheme, None))                  # PlanConceptShape minCount
    board = _first(g, "Board")
    g.add((board, k("accountableTo"), board))                  # SPARQL (not batch)
    g.add((s0, k("contributesTo"), board))                     # property sh:or + unstated link
    g.add((board, k("contributesTo"), priority))               # node-level sh:or
    g.add((s1, k("measures"), priority))                       # MeasuresShape sh:class
    g.add((s2, k("ownedBy"), priority))                        # alternative path sh:class
    g.add((priority, k("accountableTo"), board))               # node-level sh:class
    g.add((priority, k("listedIn"), s3))                       # document links
    citations = sorted(n for n in g.subjects(k("line"), None) if isinstance(n, URIRef))
    c0, c1, c2, c3, c4, c5 = citations[:6]
    g.set((c0, k("line"), Literal("0", datatype=XSD.positiveInteger)))  # ill-typed
    g.set((c1, k("line"), Literal("12")))                       # plain literal
    g.add((c2, k("line"), Literal("13", datatype=XSD.positiveInteger)))  # two lines
    g.remove((c3, k("sourceDocument"), None))                   # no document
    g.set((c4, k("quote"), Literal("")))                        # empty quote
    g.add((c5, k("qualityFlag"), URIRef(ID + "not-a-flag")))    # class + or (no comment)
    assertions = sorted(n for n in g.subjects(RDF.type, k("Assertion")) if isinstance(n, URIRef))
    a0, a1 = assertions[:2]
    g.add((a0, RDF.subject, URIRef(ID + "someone-else")))       # maxCount + asserted triple
    g.remove((a1, RDF.predicate, None))                         # minCount
    indicator = URIRef(ID + "broken-indicator")
    for p, o in ((RDF.type, k("Indicator")), (SKOS.prefLabel, Literal("Broken indicator")),
                 (k("nationalCode"), Literal("ni 117")), (k("nationalCode"), Literal("NI118")),
                 (k("measures"), board), (k("mentionedAt"), c0)):
        g.add((indicator, p, o))
    obs = URIRef(ID + "broken-observation")
    for p, o in ((RDF.type, URIRef(QB + "Observation")), (k("indicator"), indicator),
                 (k("refPeriod"), Literal("")), (k("measureType"), Literal("estimate")),
                 (k("value"), Literal("1,501")), (k("valueText"), Literal("1,501")),
                 (k("valueText"), Literal("1501"))):
        g.add((obs, p, o))
    g.add((priority, k("identityNote"), Literal("")))           # only entities; non-empty
    g.add((priority, SKOS.exactMatch, s0))                      # matched measures
    g.add((priority, k("chairedBy"), s1))                       # chaired by
    g.add((s4, k("deliveryTier"), URIRef(KG + "no-such-tier")))  # sh:in
    mention = sorted(n for n in g.subjects(RDF.type, k("Mention")) if isinstance(n, URIRef))[0]
    g.add((mention, k("mentionOf"), s1))                        # mention of two entities
    g.add((RDFS.Resource, RDFS.comment, Literal("unrelated")))
    return g


def _counted(report) -> Counter:  # type: ignore[no-untyped-def]
    """The violations, a blank node's arbitrary label (each engine's parser draws its
    own) written as _:blank. Oxigraph writes a random 128-bit number in hex without its
    leading zeros (31 digits one time in sixteen), rdflib 32 digits after an N."""
    return Counter(replace(v, node="_:blank") if re.fullmatch(r"N?[0-9a-f]{16,32}", v.node)
                   else v for v in report.violations)


def test_every_shipped_shape_is_run_by_kgraph() -> None:
    shapes = Graph().parse(resources.shapes())
    plan = compile_shapes(shapes)
    assert plan.others == []
    assert len(plan.shapes) == len(set(shapes.subjects(URIRef(
        "http://www.w3.org/ns/shacl#targetClass"), None)) | set(shapes.subjects(URIRef(
            "http://www.w3.org/ns/shacl#targetSubjectsOf"), None)))


def test_a_shape_with_an_unknown_component_is_left_to_pyshacl() -> None:
    shapes = Graph().parse(resources.shapes())
    sh = "http://www.w3.org/ns/shacl#"
    shapes.add((URIRef("https://w3id.org/kgraph/shapes#EntityShape"), URIRef(sh + "closed"),
                Literal(True)))
    plan = compile_shapes(shapes)
    assert plan.others == [URIRef("https://w3id.org/kgraph/shapes#EntityShape")]


def test_datatype_matches_as_pyshacl_does() -> None:
    pos = XSD.positiveInteger
    assert datatype_matches(Literal("5", datatype=pos), pos)
    assert not datatype_matches(Literal("0", datatype=pos), pos)
    assert not datatype_matches(Literal("5"), pos)
    assert not datatype_matches(URIRef(ID + "x"), pos)
    assert datatype_matches(Literal("1.5", datatype=XSD.decimal), XSD.decimal)
    assert not datatype_matches(Literal("1,501", datatype=XSD.decimal), XSD.decimal)


@pytest.mark.slow
def test_both_engines_agree_the_mini_graph_conforms(mini: Graph) -> None:
    ours, theirs = validate_graph(mini), validate_graph(mini, engine="pyshacl")
    assert ours.conforms and theirs.conforms, (ours.render(), theirs.render())


@pytest.mark.slow
def test_both_engines_give_the_same_report_on_a_graph_broken_every_way(mini: Graph) -> None:
    broken = _break_everything(mini)
    ours, theirs = validate_graph(broken), validate_graph(broken, engine="pyshacl")
    assert not theirs.conforms
    only_ours = _counted(ours) - _counted(theirs)
    only_theirs = _counted(theirs) - _counted(ours)
    assert not only_ours and not only_theirs, (
        "kgraph only:\n" + "\n".join(v.render() for v in only_ours)
        + "\npySHACL only:\n" + "\n".join(v.render() for v in only_theirs))
    assert ours.conforms == theirs.conforms
    # every kind of break above was caught (a message of each shape that was broken)
    rules = {v.rule.split(" (")[0] for v in ours.violations}
    assert len(rules) >= 25, sorted(rules)


def test_not_exists_is_run_as_minus_only_where_that_is_the_same() -> None:
    from kgraph.validation import anti_join

    safe = "SELECT ?x WHERE { ?x ?p ?o . FILTER NOT EXISTS { ?s ?q ?x } }"
    assert anti_join(safe) == "SELECT ?x WHERE { ?x ?p ?o . MINUS { ?s ?q ?x } }"
    for unsafe in (
            "SELECT ?x WHERE { ?x ?p ?o . FILTER NOT EXISTS { ?y ?q ?z } }",  # nothing shared
            "SELECT ?x WHERE { ?x ?p ?o . OPTIONAL { ?x ?r ?w } FILTER NOT EXISTS { ?w ?q ?x } }",
            "SELECT ?x WHERE { ?x ?p ?o . BIND (?o AS ?w) FILTER NOT EXISTS { ?w ?q ?x } }",
            "SELECT ?x WHERE { ?x ?p ?o . FILTER NOT EXISTS { ?x ?q ?w } FILTER (?w > 1) }"):
        assert anti_join(unsafe) == unsafe, unsafe


def test_the_shipped_sparql_constraints_give_the_same_rows_as_minus(mini: Graph) -> None:
    """Each shipped SPARQL constraint, as written and as kgraph runs it, on a broken graph."""
    import pyoxigraph as ox

    from kgraph.validation import anti_join

    sh = "http://www.w3.org/ns/shacl#"
    shapes = Graph().parse(resources.shapes())
    store = ox.Store()
    store.bulk_load((_break_everything(mini)).serialize(format="nt", encoding="utf-8"),
                    format=ox.RdfFormat.N_TRIPLES)
    rewritten = 0
    for constraint in shapes.objects(None, URIRef(sh + "sparql")):
        text = str(shapes.value(constraint, URIRef(sh + "select"))).replace("$this", "?this")
        prefixes = {str(shapes.value(d, URIRef(sh + "prefix"))):
                    str(shapes.value(d, URIRef(sh + "namespace")))
                    for decl in shapes.objects(constraint, URIRef(sh + "prefixes"))
                    for d in shapes.objects(decl, URIRef(sh + "declare"))}

        def rows(query: str, prefixes: dict[str, str] = prefixes) -> Counter:
            return Counter(tuple(str(v) for v in r)
                           for r in store.query(query, prefixes=prefixes))
        as_written = rows(text)
        assert as_written, f"the broken graph should break: {text}"
        assert rows(anti_join(text)) == as_written, text
        rewritten += anti_join(text) != text
    assert rewritten == 2  # stated link and asserted triple
