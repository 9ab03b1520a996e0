"""Lineage and accountability the documents state (issue 9 §2). Every test re-reads the seed
lines (the transition table, the KSCB report's list of sub groups, the EIP Appendix II row
groups) and checks the graph against the test's own reading."""

from __future__ import annotations

import re

import pytest
from conftest import BP, CYPP, POSC, plain, seed_lines
from rdflib import Graph, Literal, URIRef
from test_identity import KG, cited_at, in_seed, named_at

EVOLVES = URIRef(KG + "evolvesInto")
CHAIRED = URIRef(KG + "chairedBy")
ACCOUNTABLE = URIRef(KG + "accountableTo")
TIER = URIRef(KG + "deliveryTier")
POSITIVE = URIRef("http://www.w3.org/2001/XMLSchema#positiveInteger")
SUB_OF = URIRef("http://www.w3.org/ns/org#subOrganizationOf")


def test_cypp_2008_11_transition_table(graph: Graph) -> None:
    """Each row of 'The Transition of Priorities ...' (003) carries its area into the
    emerging area of need named in the same row."""
    lines = seed_lines(CYPP)
    start = next(i for i, ln in enumerate(lines) if "The Transition of Priorities" in ln)
    rows = []
    for i in range(start, start + 20):
        cells = lines[i].split("\t")
        m = re.search(r"<b>([^<]+)</b>", lines[i])
        if len(cells) == 2 and m and not lines[i].startswith("Areas for"):
            rows.append((i + 1, plain(cells[0]), plain(m.group(1))))
    assert len(rows) == 7  # "the 7 Emerging Areas of Need"
    for line, area_text, need in rows:
        area = named_at(graph, CYPP, line, area_text)
        target = named_at(graph, CYPP, line, need)
        assert (area, EVOLVES, target) in graph, (line, area_text, need)
        assert (CYPP, line) in cited_at(graph, area, EVOLVES, target)


def test_local_childrens_services_partnerships_become_local_trust_boards(graph: Graph) -> None:
    in_seed(CYPP, 54, "12 local Children's Trust Boards, from the 23 Local Children's Services Partnerships")
    lcsps = named_at(graph, CYPP, 652, "LCSPs")
    boards = named_at(graph, CYPP, 652, "Local Children's Trust Boards")
    assert (lcsps, EVOLVES, boards) in graph
    assert {(CYPP, 54), (CYPP, 652)} <= cited_at(graph, lcsps, EVOLVES, boards)


def test_the_childrens_trust_arrangements_move_to_the_joint_commissioning_board(
        graph: Graph) -> None:
    in_seed(POSC, 1293,
            "our Children's Trust strategic arrangements are changing to focus on joint commissioning")
    trust = named_at(graph, POSC, 1293, "Children's Trust")
    board = named_at(graph, POSC, 1293, "Children & Young People's Joint Commissioning Board")
    assert (trust, EVOLVES, board) in graph
    assert (POSC, 1293) in cited_at(graph, trust, EVOLVES, board)


def test_the_kscb_moves_to_a_new_safeguarding_partnership(graph: Graph) -> None:
    in_seed(BP, 366, "in preparation for the move to the new Safeguarding Partnership model")
    kscb = named_at(graph, BP, 366, "Kent Safeguarding Children Board (KSCB)")
    partnership = named_at(graph, BP, 366, "new Safeguarding Partnership")
    assert (kscb, EVOLVES, partnership) in graph
    assert cited_at(graph, kscb, EVOLVES, partnership)


def test_kscb_sub_groups_chairs_and_accountability_as_reported_in_2011(graph: Graph) -> None:
    lines = seed_lines(POSC)
    intro = next(i for i, ln in enumerate(lines) if ln.startswith("New Subgroup chairs")) + 1
    assert "appointed from the Executive" in lines[intro - 1]
    subs = []
    for i in range(intro, intro + 10):
        m = re.match(r"- (.+? (?:Sub Group|Group)) - (.+)$", lines[i])
        if m:
            subs.append((i + 1, plain(m.group(1)), plain(m.group(2))))
    assert len(subs) == 6
    kscb = named_at(graph, POSC, 1398, "Kent Safeguarding Children Board")
    executive = named_at(graph, POSC, 1448, "small strategic executive")
    for line, group_name, chair_name in subs:
        group = named_at(graph, POSC, line, group_name)
        chair = named_at(graph, POSC, line, chair_name)
        assert (group, CHAIRED, chair) in graph, group_name
        assert (POSC, line) in cited_at(graph, group, CHAIRED, chair)
        assert (group, SUB_OF, kscb) in graph, group_name
        assert (group, ACCOUNTABLE, executive) in graph, group_name
    # the Board's own chair is independent (line 1398), and oversight is through the executive
    chair = named_at(graph, POSC, 1398, "independent chair of the KSCB")
    assert (kscb, CHAIRED, chair) in graph
    assert (kscb, URIRef(KG + "overseenBy"), executive) in graph


@pytest.mark.slow
def test_every_eip_appendix_ii_item_has_its_row_groups_tier(graph: Graph) -> None:
    lines = seed_lines(POSC)
    heads = {"Key Strategies": "key-strategy",
             "Supporting Partnership Strategies that are lead by KCC": "kcc-led",
             "Supporting Partnership Strategies that ae lead by KCC's Partners": "partner-led"}
    start = next(i for i, ln in enumerate(lines) if plain(ln) == "Key Strategies")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("**Appendix II"))
    tier, items = None, []
    for i in range(start, end):
        text = plain(lines[i])
        if text in heads:
            tier = heads[text]
            continue
        for cell in re.findall(r"<li>(.*?)</li>|<b>(.*?)</b>", lines[i]):
            name = plain(cell[0] or cell[1]).lstrip("• ").strip()
            if name:
                items.append((i + 1, name, tier))
    assert {t for _, _, t in items} == set(heads.values())
    listed_in = URIRef(KG + "listedIn")
    eip = named_at(graph, POSC, 1377, "Early Intervention and Prevention Strategy 2011-2014")
    q = """
    PREFIX kg: <https://w3id.org/kgraph/ontology#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?e WHERE { ?m kg:mentionOf ?e ; kg:line ?line ;
                         kg:sourceDocument/dcterms:identifier ?doc . }"""
    checked = 0
    for line, name, tier in items:
        at_line = {r.e for r in graph.query(q, initBindings={
            "doc": Literal(POSC), "line": Literal(line, datatype=POSITIVE)})}
        listed = {e for e in at_line if (e, listed_in, eip) in graph}
        assert listed, (line, name)
        tiers = {str(t) for e in listed for t in graph.objects(e, TIER)}
        assert KG + tier in tiers, (line, name, tier, tiers)
        checked += 1
    assert checked == len(items) >= 35
    # only the three row groups occur, and no document outside Appendix II gets a tier
    assert {str(t) for t in graph.objects(None, TIER)} == {KG + t for t in heads.values()}
    for e in graph.subjects(TIER, None):
        assert (e, listed_in, eip) in graph
