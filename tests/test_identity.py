"""Identity: one node per real thing (issue 9 §1). Each test first re-reads the seed line
that names a thing, then finds the node the graph cites at that line under that name, and
checks that what the documents keep apart is apart, and what they connect is connected."""

from __future__ import annotations

import re

import pytest
from conftest import BP, CYPP, EDM, EIP, POSC, plain, seed_lines
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

KG = "https://w3id.org/kgraph/ontology#"
IDENTITY_NOTE = URIRef(KG + "identityNote")
EVOLVES = URIRef(KG + "evolvesInto")

MENTIONS = """
PREFIX kg: <https://w3id.org/kgraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?e ?used WHERE {
  ?m kg:mentionOf ?e ; kg:line ?line ; kg:labelUsed ?used ;
     kg:sourceDocument/dcterms:identifier ?doc .
}"""


def in_seed(doc: str, line: int, phrase: str) -> None:
    """The test's own reading: the phrase is on that line of the seed."""
    assert plain(phrase) in plain(seed_lines(doc)[line - 1]), (doc, line, phrase)


STRATEGY_LIKE = {URIRef(KG + t) for t in
                 "StrategicPlan Strategy Plan Policy Framework Assessment Programme Report".split()}


def named_at(graph: Graph, doc: str, line: int, phrase: str,
             types: set[URIRef] | None = None) -> URIRef:
    """The one node (of ``types``, if given) the graph cites at doc:line under ``phrase``."""
    in_seed(doc, line, phrase)
    rows = graph.query(MENTIONS, initBindings={"doc": Literal(doc), "line": Literal(
        line, datatype=URIRef("http://www.w3.org/2001/XMLSchema#positiveInteger"))})
    found = {r.e for r in rows if plain(str(r.used)).casefold() == plain(phrase).casefold()
             and (types is None or set(graph.objects(r.e, RDF.type)) & types)}
    assert len(found) == 1, (doc, line, phrase, found)
    return next(iter(found))


def cited_at(graph: Graph, s: URIRef, p: URIRef, o: object) -> set[tuple[str, int]]:
    """(document file, line) of every kg:Assertion of the triple."""
    q = """
    PREFIX kg: <https://w3id.org/kgraph/ontology#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?doc ?line WHERE { ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                              kg:line ?line ; kg:sourceDocument/dcterms:identifier ?doc . }"""
    return {(str(r.doc), int(r.line)) for r in graph.query(
        q, initBindings={"s": s, "p": p, "o": o})}


# --- the improvement plans: four plans, not one -------------------------------------

@pytest.fixture(scope="module")
def plans(graph: Graph) -> dict[str, URIRef]:
    return {
        "putting children first": named_at(
            graph, POSC, 1358, "'Putting Children First' Improvement and Development Plan"),
        "phase 1": named_at(graph, POSC, 574, "Phase 1 Improvement Plan"),
        "phase two": named_at(graph, POSC, 1289, "Phase Two Improvement Plan"),
        "phase 3": named_at(
            graph, EDM, 510, "Kent Safeguarding and Children in Care Improvement Plan: Phase 3"),
        "multi-agency": named_at(graph, POSC, 1442, "Multi-agency Improvement Plan"),
    }


def test_the_improvement_plans_are_separate_nodes(plans: dict[str, URIRef]) -> None:
    assert len(set(plans.values())) == len(plans), plans


def test_phase_2_is_one_plan_in_minutes_and_strategy(graph: Graph,
                                                      plans: dict[str, URIRef]) -> None:
    assert named_at(graph, POSC, 490, "Phase 2 Improvement Plan") == plans["phase two"]
    assert named_at(graph, EIP, 487, "Phase Two Improvement Plan") == plans["phase two"]


def test_the_putting_children_first_footnotes_name_one_plan(
        graph: Graph, plans: dict[str, URIRef]) -> None:
    footnote_6 = "Putting Children First KCC Safeguarding and Looked After Children " \
                 "Improvement Plan February 2011"
    assert named_at(graph, POSC, 792, footnote_6) == plans["putting children first"]
    assert named_at(graph, POSC, 1154, "Putting Children First Improvement and Development Plan") \
        == plans["putting children first"]


def test_phases_follow_each_other_as_the_documents_say(graph: Graph,
                                                       plans: dict[str, URIRef]) -> None:
    # 000:510 calls its plan "the third phase of Kent County Council's improvement plan"
    in_seed(EDM, 510, "This is the third phase of Kent County Council's improvement plan")
    assert (plans["phase two"], EVOLVES, plans["phase 3"]) in graph
    assert (EDM, 510) in cited_at(graph, plans["phase two"], EVOLVES, plans["phase 3"])
    # 002:390 moves the minutes from phase one to phase two
    in_seed(POSC, 390, "phase two will focus more on sustainability")
    in_seed(POSC, 390, "truly out of phase one")
    assert (plans["phase 1"], EVOLVES, plans["phase two"]) in graph
    # no document says the February 2011 plan or the multi-agency plan is a phase
    for other in ("putting children first", "multi-agency"):
        linked = set(graph.objects(plans[other], EVOLVES)) | set(graph.subjects(EVOLVES, plans[other]))
        assert not linked & set(plans.values()), other


def test_the_kscb_reports_kent_improvement_plan_is_not_merged(
        graph: Graph, plans: dict[str, URIRef]) -> None:
    kent_plan = named_at(graph, POSC, 1481, "Kent Improvement Plan")
    assert kent_plan not in plans.values()


def test_every_split_node_says_why_with_a_cited_identity_note(
        graph: Graph, plans: dict[str, URIRef]) -> None:
    for name, node in plans.items():
        notes = list(graph.objects(node, IDENTITY_NOTE))
        assert notes, name
        for note in notes:
            places = cited_at(graph, node, IDENTITY_NOTE, note)
            assert places, (name, note)
            for doc, line in places:
                assert 1 <= line <= len(seed_lines(doc))


def test_identity_md_lists_every_identity_note(graph: Graph) -> None:
    from conftest import ROOT

    text = (ROOT / "data" / "IDENTITY.md").read_text(encoding="utf-8")
    for _, note in graph.subject_objects(IDENTITY_NOTE):
        assert " ".join(str(note).split()).replace("|", "\\|") in text, note


# --- strategies with similar names that no document equates --------------------------

def test_youth_justice_plans_are_kept_apart(graph: Graph) -> None:
    edm = named_at(graph, EDM, 512, "Youth Justice Plan")
    in_seed(EDM, 512, "Integrated Youth Services plan for 2012/13")
    strategic = named_at(graph, POSC, 1366, "Kent Youth Justice Strategic Plan")
    business_plan = named_at(graph, BP, 207, "The Youth Justice Plan")
    assert len({edm, strategic, business_plan}) == 3
    # 000 says the plan "is produced on an annual basis": the 2018-19 one is a later edition
    in_seed(EDM, 512, "the plan is produced on an annual basis")
    assert (edm, EVOLVES, business_plan) in graph


def test_kents_poverty_strategy_is_not_the_child_poverty_strategy(graph: Graph) -> None:
    poverty = named_at(graph, CYPP, 670, "Kent's Poverty Strategy")
    child_2013 = named_at(graph, EDM, 501, "Child Poverty Strategy")
    assert poverty != child_2013
    assert list(graph.objects(poverty, IDENTITY_NOTE))


def test_the_2018_child_poverty_strategy_continues_the_2013_one(graph: Graph) -> None:
    child_2013 = named_at(graph, EDM, 501, "Child Poverty Strategy")
    child_2018 = named_at(graph, BP, 919, "Child Poverty Strategy", STRATEGY_LIKE)
    in_seed(BP, 918, "New strategies and policies")
    assert (child_2013, EVOLVES, child_2018) in graph
    assert cited_at(graph, child_2013, EVOLVES, child_2018)


# --- Every Day Matters' Appendix 3 indicators are its own ----------------------------

def edm_indicator_lines() -> list[tuple[int, str]]:
    """Appendix 3 bullets (line, text), read from the seed."""
    lines = seed_lines(EDM)
    start = next(i for i, ln in enumerate(lines) if ln.startswith("Appendix 2: Strategies"))
    out, inside = [], False
    for i, line in enumerate(lines[start:], start=start + 1):
        if re.match(r"### Priority \d:", line):
            inside = True
        elif inside and line.startswith("- ") and "Defined and monitored" not in line:
            out.append((i, plain(line[2:])))
    return out


def cypp_codes() -> dict[str, int]:
    """NI / CT codes of the 2008-11 review's Appendix B, with their first line."""
    out: dict[str, int] = {}
    for i, line in enumerate(seed_lines(CYPP), start=1):
        m = re.match(r"\s*(NI\s?\d+|CT_\d+)\b", plain(line))
        if m and i > 700:
            out.setdefault(m.group(1).replace(" ", ""), i)
    return out


def test_edm_indicators_are_not_the_cypp_indicators(graph: Graph) -> None:
    bullets = edm_indicator_lines()
    assert len(bullets) == 26  # the test's own reading of Appendix 3
    codes = URIRef(KG + "nationalCode")
    cypp_nodes = set()
    for code in cypp_codes():
        for node in graph.subjects(codes, Literal(code)):
            cypp_nodes.add(node)
    assert cypp_nodes
    for line, text in bullets:
        node = named_at(graph, EDM, line, text)
        assert node not in cypp_nodes, text
        # 000 gives no code and no value for any of its key indicators
        assert graph.value(node, codes) is None, text
        assert not set(graph.subjects(URIRef(KG + "indicator"), node)), text


def test_matches_with_the_cypp_indicators_carry_evidence(graph: Graph) -> None:
    first_entrants = named_at(
        graph, EDM, 564,
        "Number of 1st time entrants into the Criminal Justice System, per 100,000 10-17 year olds")
    in_seed(CYPP, 839, "NI111")
    cypp = named_at(graph, CYPP, 839, "NI111 - First time entrants to the Youth Justice System aged 10-17")
    assert (first_entrants, SKOS.closeMatch, cypp) in graph
    places = cited_at(graph, first_entrants, SKOS.closeMatch, cypp)
    assert places
    # the match is nowhere stated: its assertion carries a flag saying it is a judgement
    q = """
    PREFIX kg: <https://w3id.org/kgraph/ontology#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    ASK { ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:qualityFlag kg:ambiguous . }"""
    assert graph.query(q, initBindings={"s": first_entrants, "p": SKOS.closeMatch, "o": cypp}).askAnswer
    for node in graph.subjects(RDF.type, URIRef(KG + "Indicator")):
        for p in (SKOS.exactMatch, SKOS.closeMatch):
            for other in graph.objects(node, p):
                assert cited_at(graph, node, p, other), (node, p, other)
