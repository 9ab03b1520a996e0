"""Every Day Matters (seed 000): the whole Appendix 2 tick matrix and Appendix 3 indicators,
re-read from the seed text by the test and compared with the bundled graph.

Why this sample: Appendix 2 is the central table of the project (strategy x priority
coverage), it is clean in the conversion, so every tick can be checked mechanically; and
Appendix 3 gives the key indicators per priority, including the priority that has none.
"""

from __future__ import annotations

import re

from conftest import EDM, plain, seed_lines
from rdflib import Literal, URIRef

KG = "https://w3id.org/kgraph/ontology#"
ID = "https://w3id.org/kgraph/id/"
TICK = "\u2713"


def read_matrix() -> list[dict]:
    """Rows of Appendix 2 from the seed: label, line, ticked priority numbers, outcome."""
    lines = seed_lines(EDM)
    start = next(i for i, ln in enumerate(lines) if ln.startswith("Appendix 2: Strategies"))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("### Priority 1"))
    rows, outcome = [], None
    for i in range(start, end):
        cells = lines[i].split("\t")
        if len(cells) != 7 or not cells[0].startswith("<b>"):
            continue
        name = plain(cells[0])
        if name == "CROSS-CUTTING":
            outcome = None
            continue
        m = re.match(r"OUTCOME (\d): (.*)", name)
        if m:
            outcome = (int(m.group(1)), m.group(2))
            continue
        ticks = {n for n, cell in enumerate(cells[2:], start=1) if cell.strip() == TICK}
        rows.append({"label": name, "line": i + 1, "ticks": ticks, "outcome": outcome})
    return rows


def read_indicators() -> dict[int, list[tuple[int, str]]]:
    """Appendix 3: priority number -> [(line, bullet text)]."""
    lines = seed_lines(EDM)
    out: dict[int, list[tuple[int, str]]] = {}
    current = None
    for i, line in enumerate(lines):
        m = re.match(r"### Priority (\d):", line)
        if m:
            current = int(m.group(1))
            out[current] = []
        elif current and line.startswith("- "):
            out[current].append((i + 1, plain(line[2:])))
    return out


MENTIONS = """
PREFIX kg: <https://w3id.org/kgraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?e ?line ?type ?used WHERE {
  ?m kg:mentionOf ?e ; kg:line ?line ; kg:sourceDocument/dcterms:identifier ?doc ;
     kg:labelUsed ?used .
  ?e a ?type .
}"""
STRATEGY_LIKE = {KG + t for t in
                 "StrategicPlan Strategy Plan Policy Framework Assessment Programme Report".split()}


def mentions_by_line(graph, doc: str, types: set[str]) -> dict[int, dict[str, set[URIRef]]]:  # type: ignore[no-untyped-def]
    """line -> {label used there (normalised) -> entities of the given types}."""
    out: dict[int, dict[str, set[URIRef]]] = {}
    for r in graph.query(MENTIONS, initBindings={"doc": Literal(doc)}):
        if str(r.type) in types:
            out.setdefault(int(r.line), {}).setdefault(plain(str(r.used)), set()).add(r.e)
    return out


def row_entity(by_line, row) -> URIRef:  # type: ignore[no-untyped-def]
    """The entity named by a matrix row: cited at the row's line under the row's label."""
    at_line = by_line.get(row["line"], {})
    # the label as the row writes it, or without a trailing status like "(Draft)"
    found = at_line.get(row["label"]) or at_line.get(re.sub(r"\s*\([^)]*\)$", "", row["label"]), set())
    assert len(found) == 1, f"{row['label']!r} (line {row['line']}): {found}"
    return next(iter(found))


def edm_priorities(graph) -> dict[int, URIRef]:  # type: ignore[no-untyped-def]
    """Priority number -> IRI, found by the notation 'Priority N' within Every Day Matters."""
    q = """
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX kg: <https://w3id.org/kgraph/ontology#>
    SELECT ?p ?n WHERE { ?p a kg:Priority ; skos:inScheme ?plan ; skos:notation ?n . }"""
    out = {}
    for r in graph.query(q, initBindings={"plan": URIRef(ID + "every-day-matters")}):
        m = re.fullmatch(r"Priority (\d)", str(r.n))
        if m:
            out[int(m.group(1))] = r.p
    return out


def labels(graph, node) -> set[str]:  # type: ignore[no-untyped-def]
    from rdflib.namespace import SKOS

    return {plain(str(x)).casefold()
            for p in (SKOS.prefLabel, SKOS.altLabel) for x in graph.objects(node, p)}


def test_matrix_has_every_row_of_the_seed(graph) -> None:  # type: ignore[no-untyped-def]
    rows = read_matrix()
    assert len(rows) == 27  # sanity of the test's own reading: 27 strategy rows in App. 2
    by_line = mentions_by_line(graph, EDM, STRATEGY_LIKE)
    missing = []
    for r in rows:
        try:
            row_entity(by_line, r)
        except AssertionError:
            missing.append(r["label"])
    assert not missing, f"rows without exactly one strategy entity: {missing}"


def test_every_tick_and_no_other(graph) -> None:  # type: ignore[no-untyped-def]
    priorities = edm_priorities(graph)
    assert sorted(priorities) == [1, 2, 3, 4, 5]
    number_of = {iri: n for n, iri in priorities.items()}
    by_line = mentions_by_line(graph, EDM, STRATEGY_LIKE)
    contributes = URIRef(KG + "contributesTo")
    wrong = []
    for row in read_matrix():
        entity = row_entity(by_line, row)
        got = {number_of[o] for o in graph.objects(entity, contributes) if o in number_of}
        if got != row["ticks"]:
            wrong.append((row["label"], sorted(row["ticks"]), sorted(got)))
    assert not wrong, f"(strategy, ticks in seed, ticks in graph): {wrong}"


def test_column_totals(graph) -> None:  # type: ignore[no-untyped-def]
    rows = read_matrix()
    expected = {n: sum(n in r["ticks"] for r in rows) for n in range(1, 6)}
    priorities = edm_priorities(graph)
    contributes = URIRef(KG + "contributesTo")
    by_line = mentions_by_line(graph, EDM, STRATEGY_LIKE)
    strategies = {row_entity(by_line, r) for r in rows}
    got = {n: len({s for s in graph.subjects(contributes, p) if s in strategies})
           for n, p in priorities.items()}
    assert got == expected


def test_outcome_headings(graph) -> None:  # type: ignore[no-untyped-def]
    serves = URIRef(KG + "servesOutcome")
    by_line = mentions_by_line(graph, EDM, STRATEGY_LIKE)
    wrong = []
    for row in read_matrix():
        entity = row_entity(by_line, row)
        outcomes = list(graph.objects(entity, serves))
        if row["outcome"] is None:
            if outcomes:
                wrong.append((row["label"], "cross-cutting", outcomes))
            continue
        heading = plain(row["outcome"][1]).casefold()
        if len(outcomes) != 1 or not any(heading in lab or lab in heading
                                         for lab in labels(graph, outcomes[0])):
            wrong.append((row["label"], heading, outcomes))
    assert not wrong


def test_key_indicators_per_priority(graph) -> None:  # type: ignore[no-untyped-def]
    measures = URIRef(KG + "measures")
    priorities = edm_priorities(graph)
    by_line = mentions_by_line(graph, EDM, {KG + "Indicator"})
    seed = read_indicators()
    assert sorted(seed) == [1, 2, 3, 4, 5]
    for n, bullets in seed.items():
        measured = set(graph.subjects(measures, priorities[n]))
        if n == 5:
            # "Defined and monitored by the relevant boards": no key indicator of its own
            assert bullets == [(576, "Defined and monitored by the relevant boards")]
            assert measured == set()
            continue
        cited = set()
        for line, text in bullets:
            found = by_line.get(line, {}).get(text, set())
            assert len(found) == 1, f"indicator {text!r} at line {line}: {found}"
            cited |= found
        assert cited <= measured, f"priority {n}: indicators not linked {cited - measured}"


def test_kent_alcohol_strategy_ticks_two_priorities(graph) -> None:  # type: ignore[no-untyped-def]
    row = next(r for r in read_matrix() if r["label"] == "Kent Alcohol Strategy")
    assert row["ticks"] == {2, 4}
    number_of = {iri: n for n, iri in edm_priorities(graph).items()}
    got = {number_of[o] for o in graph.objects(URIRef(ID + "kent-alcohol-strategy"),
                                                URIRef(KG + "contributesTo")) if o in number_of}
    assert got == {2, 4}
