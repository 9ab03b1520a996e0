"""Trace reads true from both ends (issue 9 §3): each step is read from the side of the
node it hangs under, a node already drawn is referred to, and a strategy's trace reaches
the body that oversees its delivery plan. Facts are checked against the seed text."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner
from conftest import BUNDLED, EDM, POSC, plain, seed_lines

from kgraph.cli.main import cli
from kgraph.namespaces import KG, ORG
from kgraph.relations import phrase


def run(*args: str, data: str = str(BUNDLED)):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, [*args, "--data", data], catch_exceptions=False)


def trace_json(entity: str) -> dict[str, list[dict]]:
    result = run("trace", entity, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def line_of(name: str, text: str) -> int:
    """The 1-based line of seed ``name`` whose plain text holds ``text`` (exactly one)."""
    found = [i for i, line in enumerate(seed_lines(name), 1) if text in plain(line)]
    assert len(found) == 1, (text, found)
    return found[0]


def test_relations_read_from_both_ends() -> None:
    assert phrase(str(KG.accountableTo)) == "accountable to"
    assert phrase(str(KG.accountableTo), forward=False) == "receives reports from"
    assert phrase(str(ORG.memberOf)) == "member of"
    assert phrase(str(ORG.memberOf), forward=False) == "has member"
    assert phrase(str(KG.ownedBy), forward=False) == "owns"
    assert phrase(str(KG.overseenBy), forward=False) == "oversees"
    unknown = "https://example.org/vocab#reportsUpTo"
    assert phrase(unknown) == "reports up to"
    assert phrase(unknown, forward=False) != phrase(unknown)


def test_every_linking_property_has_two_readings() -> None:
    from rdflib.namespace import OWL, RDF, RDFS

    from kgraph.loader import load_ontology

    onto = load_ontology()
    for prop in onto.subjects(RDF.type, OWL.ObjectProperty):
        missing = [p for p in (RDFS.label, KG.inverseLabel) if onto.value(prop, p) is None]
        assert not missing, (f"{prop} needs an rdfs:label (read from its subject) and a "
                             "kg:inverseLabel (read from its object) in ontology/kgraph.ttl")


def test_the_board_receives_reports_from_the_hidden_harm_group() -> None:
    # 000:523 "...a multi agency Hidden Harm Working Group which feeds into the Kent
    # Safeguarding Board." The group reports to the board: read from the board's end the
    # link is "receives reports from", never the group's own "accountable to".
    n = line_of(EDM, "Hidden Harm Working Group which feeds into the Kent Safeguarding Board")
    assert n == 523
    down = trace_json("kscb")["down"]
    step = next(s for s in down if s["node"] == "hidden-harm-working-group" and s["depth"] == 1)
    assert (step["parent"], step["phrase"], step["direction"]) == (
        "kscb", "receives reports from", "inverse")
    assert (step["from"], step["relation"], step["to"]) == (
        "hidden-harm-working-group", "accountable to", "kscb")
    assert step["source"].startswith("000_4e8c06e772435c57.txt:523")
    # every step down the chain is read from its object's end, every step up from its subject's
    assert all(s["direction"] == "inverse" and s["to"] == s["parent"] for s in down)
    assert all(s["direction"] == "forward" and s["from"] == s["parent"]
               for s in trace_json("kscb")["reports to"])
    tree = run("trace", "kscb").output
    assert re.search(r"^  [├└]─ receives reports from: Hidden Harm Working Group$", tree, re.M)
    assert "accountable to: Hidden Harm Working Group" not in tree


def test_the_board_has_members_and_sub_groups_not_member_of() -> None:
    # 002 KSCB overview report: "The small Executive has representation at Director level
    # from children's social services, education, health, police, probation ..."
    n = line_of(POSC, "The small Executive has representation at Director level")
    assert "education" in plain(seed_lines(POSC)[n - 1])
    tree = run("trace", "kscb").output
    assert "has member: Director of Education" in tree
    assert "member of: Director of Education" not in tree
    # "Oversight of KSCB is through a small strategic executive": the board's own link up
    n = line_of(POSC, "Oversight of KSCB is through a small strategic executive")
    up = trace_json("kscb")["reports to"]
    step = next(s for s in up if s["node"] == "kscb-executive")
    assert step["phrase"] == "overseen by" and step["source"].startswith(f"{POSC}:{n}")


def test_a_node_already_drawn_is_referred_to_not_drawn_again() -> None:
    tree = run("trace", "kscb").output
    drawn = [re.sub(r"^[\s│├└─]*[^:]+: ", "", line) for line in tree.splitlines()[1:]
             if "─ " in line and not line.endswith("(see above)")]
    assert len(drawn) == len(set(drawn)), [d for d in drawn if drawn.count(d) > 1]
    # the board's executive oversees the board: that loop ends with a reference
    assert re.search(r"oversees: Kent Safeguarding Children Board \(see above\)$", tree, re.M)


def test_a_strategy_reaches_the_body_overseeing_its_delivery_plan() -> None:
    # 000:523 "The delivery plan is overseen by KDAAT."
    assert "The delivery plan is overseen by KDAAT" in plain(seed_lines(EDM)[522])
    up = trace_json("kent-hidden-harm-strategy")["up"]
    plan = next(s for s in up if s["parent"] == "kent-hidden-harm-strategy"
                and s["phrase"] == "is supported by")
    assert plan["direction"] == "inverse"
    oversight = next(s for s in up if s["parent"] == plan["node"])
    assert (oversight["phrase"], oversight["node"]) == ("overseen by", "kdaat")
    assert oversight["source"].startswith(f"{EDM}:523")
    # and, as the same line says, it was driven through the group that feeds the board
    chain = {(s["parent"], s["node"]) for s in up}
    assert {("kent-hidden-harm-strategy", "hidden-harm-working-group"),
            ("hidden-harm-working-group", "kscb")} <= chain


def test_a_loop_in_the_data_ends(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ttl = tmp_path / "loop.ttl"
    ttl.write_text("""
@prefix kg: <https://w3id.org/kgraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <https://w3id.org/kgraph/id/> .
id:a a kg:Board ; skos:prefLabel "Board A" ; kg:accountableTo id:b .
id:b a kg:Board ; skos:prefLabel "Board B" ; kg:accountableTo id:c .
id:c a kg:Board ; skos:prefLabel "Board C" ; kg:accountableTo id:a .
""", encoding="utf-8")
    result = run("trace", "Board A", data=str(ttl))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Board A (see above)" in lines[-1] or any("Board A (see above)" in x for x in lines)
    assert len(lines) < 12
    data = json.loads(run("trace", "Board A", "--format", "json", data=str(ttl)).output)
    assert {s["phrase"] for s in data["down"]} == {"receives reports from"}
    assert {s["phrase"] for s in data["reports to"]} == {"accountable to"}


def test_csv_carries_phrase_and_direction() -> None:
    import csv
    import io

    result = run("trace", "kscb", "--format", "csv")
    assert result.exit_code == 0
    rows = [r for r in csv.reader(io.StringIO(result.output)) if r and not r[0].startswith("#")]
    header = next(r for r in rows if "phrase" in r)
    assert "direction" in header
