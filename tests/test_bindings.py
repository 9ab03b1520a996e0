"""Bindings: a VALUES block in every group that uses the variable; where no block can be
placed, the Oxigraph stores fall back to the engine's own pre-binding (pyoxigraph
``substitutions=``) and a SPARQL endpoint refuses with a clear error. Named queries are called
as their ``# bindings:`` header says, or refused.

The expected rows of each bound query come from plain rdflib running the same query with
the value written in by hand: an engine and a mechanism independent of the ones tested.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from test_backends import make_backend, servers  # noqa: F401 - the servers fixture

from kgraph import queries
from kgraph.backends import MemoryBackend, bind_values
from kgraph.errors import QueryError

EX = "https://example.org/"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
DATA = f"""<{EX}a> <{EX}score> "10"^^<{XSD_INTEGER}> .
<{EX}b> <{EX}score> "20"^^<{XSD_INTEGER}> .
<{EX}c> <{EX}score> "30"^^<{XSD_INTEGER}> .
<{EX}a> <{EX}knows> <{EX}b> .
<{EX}b> <{EX}knows> <{EX}c> .
"""
PREFIX = f"PREFIX ex: <{EX}>\n"
KINDS = ["memory", "oxigraph", "sparql"]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bindings") / "scores.nt"
    path.write_text(DATA, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def stores(data: Path, tmp_path_factory: pytest.TempPathFactory,
           servers: Any) -> dict[str, Any]:  # noqa: F811 - the imported fixture
    tmp = tmp_path_factory.mktemp("binding-stores")
    return {kind: make_backend(kind, data, tmp, servers) for kind in KINDS}


def by_rdflib(data: Path, text: str) -> list[tuple[str, ...]]:
    """The rows rdflib gives for ``text`` (the value already written into it)."""
    graph = Graph().parse(data, format="nt")
    return sorted(tuple(str(v) for v in row) for row in graph.query(PREFIX + text))


def rows(backend: Any, text: str, bindings: dict[str, Any]) -> list[tuple[str, ...]]:
    return sorted(tuple(str(v) for v in row.values())
                  for row in backend.select(PREFIX + text, bindings))


# --------------------------------------------------------------------------- the four


SUB_SELECT = ("SELECT ?s ?n WHERE { ?s ex:score ?v "
              "{ SELECT (COUNT(?s) AS ?n) WHERE { ?s ex:score ?x } } }")
BIND_AS = "SELECT ?s ?v WHERE { ?s ex:score ?x BIND(?x * 2 AS ?v) }"
FILTER_TIGHT = "SELECT ?s ?v ?max WHERE { ?s ex:score ?v FILTER(?v<?max&&?v>0) }"


@pytest.mark.parametrize("kind", KINDS)
def test_a_bound_variable_outside_a_sub_select_leaves_the_sub_select_alone(
        kind: str, stores: dict[str, Any], data: Path) -> None:
    """The inner ?s is the sub-query's own: the count stays 3, not 1."""
    expected = by_rdflib(data, "SELECT ?s ?n WHERE { BIND(ex:a AS ?s) ?s ex:score ?v "
                               "{ SELECT (COUNT(?s) AS ?n) WHERE { ?s ex:score ?x } } }")
    assert expected == [(f"{EX}a", "3")]
    if kind == "sparql":
        with pytest.raises(QueryError, match="sub-SELECT uses it"):
            rows(stores[kind], SUB_SELECT, {"s": URIRef(f"{EX}a")})
    else:
        assert rows(stores[kind], SUB_SELECT, {"s": URIRef(f"{EX}a")}) == expected


@pytest.mark.parametrize("kind", KINDS)
def test_a_bound_variable_in_a_construct_template_and_its_pattern(
        kind: str, stores: dict[str, Any], data: Path) -> None:
    text = PREFIX + "CONSTRUCT { ?s ex:friendOf ?o } WHERE { ?s ex:knows ?o }"
    graph = Graph().parse(data, format="nt")
    expected = sorted((str(s), str(p), str(o)) for s, p, o in graph.query(
        PREFIX + "CONSTRUCT { ex:a ex:friendOf ?o } WHERE { ex:a ex:knows ?o }"))
    assert expected == [(f"{EX}a", f"{EX}friendOf", f"{EX}b")]
    if kind == "sparql":
        with pytest.raises(QueryError, match="CONSTRUCT query on a SPARQL endpoint"):
            stores[kind].query(text, initBindings={"s": URIRef(f"{EX}a")})
    else:
        result = stores[kind].query(text, initBindings={"s": URIRef(f"{EX}a")})
        assert sorted((str(s), str(p), str(o)) for s, p, o in result.graph) == expected


@pytest.mark.parametrize("kind", KINDS)
def test_a_bound_variable_the_query_binds_itself_keeps_the_rows_that_agree(
        kind: str, stores: dict[str, Any], data: Path) -> None:
    expected = by_rdflib(data, "SELECT ?s ?v WHERE { ?s ex:score ?x BIND(?x * 2 AS ?v) "
                               "FILTER(?v = 40) }")
    assert expected == [(f"{EX}b", "40")]
    forty = Literal(40)
    if kind == "sparql":
        with pytest.raises(QueryError, match=r"assigns it itself \(\.\.\. AS \?v\)"):
            rows(stores[kind], BIND_AS, {"v": forty})
    else:
        assert rows(stores[kind], BIND_AS, {"v": forty}) == expected


@pytest.mark.parametrize("kind", KINDS)
def test_a_bound_variable_in_a_comparison_without_spaces(
        kind: str, stores: dict[str, Any], data: Path) -> None:
    """``?v<?max&&?v>0`` also reads as the IRI ``<?max&&?v>``: the endpoint's text binding
    cannot tell, so it refuses and says how to write it; with spaces it binds."""
    expected = by_rdflib(data, "SELECT ?s ?v ?max WHERE { ?s ex:score ?v BIND(25 AS ?max) "
                               "FILTER(?v<?max&&?v>0) }")
    assert expected == [(f"{EX}a", "10", "25"), (f"{EX}b", "20", "25")]
    if kind == "sparql":
        with pytest.raises(QueryError, match="reads as an IRI.*spaces around < and >"):
            rows(stores[kind], FILTER_TIGHT, {"max": Literal(25)})
    else:
        assert rows(stores[kind], FILTER_TIGHT, {"max": Literal(25)}) == expected
    spaced = FILTER_TIGHT.replace("?v<?max&&?v>0", "?v < ?max && ?v > 0")
    assert rows(stores[kind], spaced, {"max": Literal(25)}) == expected


# --------------------------------------------------------------------------- mechanisms


@pytest.mark.parametrize("kind", KINDS)
def test_a_bound_variable_in_an_optional_and_a_minus_group_is_bound_there_too(
        kind: str, stores: dict[str, Any], data: Path) -> None:
    text = ("SELECT ?s ?o WHERE { ?s ex:score ?v OPTIONAL { ?s ex:knows ?o } "
            "MINUS { ?s ex:knows ex:c } }")
    for who in ("a", "b", "c"):
        # bound in every group, as if each began with the value (by hand, run by rdflib)
        expected = by_rdflib(data, text.replace("{ ?s", f"{{ VALUES ?s {{ ex:{who} }} ?s"))
        assert rows(stores[kind], text, {"s": URIRef(f"{EX}{who}")}) == expected, who
    assert rows(stores[kind], text, {"s": URIRef(f"{EX}b")}) == []  # b knows c: MINUS


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_the_oxigraph_stores_fall_back_to_substitution_only_for_a_selected_variable(
        kind: str, stores: dict[str, Any]) -> None:
    """A placeable binding needs no SELECT of its variable (a VALUES block carries it);
    an unplaceable one goes to the engine's substitution, which needs it selected."""
    assert rows(stores[kind], "SELECT ?v WHERE { ?s ex:score ?v }",
                {"s": URIRef(f"{EX}a")}) == [("10",)]
    with pytest.raises(QueryError, match=r"cannot bind \?s: the query does not select it"):
        stores[kind].select(PREFIX + "SELECT ?v WHERE { ?s ex:score ?v "
                            "{ SELECT ?s WHERE { ?s ex:knows ?o } } }", {"s": URIRef(f"{EX}a")})


def test_the_endpoint_text_binding_puts_a_block_in_every_group_using_the_variable() -> None:
    text = PREFIX + "SELECT ?s ?o WHERE { ?s ex:score ?v OPTIONAL { ?s ex:knows ?o } " \
        "OPTIONAL { ?o ex:score ?w } }"
    bound = bind_values(text, {"s": URIRef(f"{EX}a")})
    block = f"VALUES (?s) {{ (<{EX}a>) }}"
    assert bound.count(block) == 2  # the outer group and the first OPTIONAL, not the second
    assert re.search(r"OPTIONAL \{ +" + re.escape(block) + r"\s+\?s ex:knows", bound)
    assert re.search(r"OPTIONAL \{ \?o ex:score \?w \}", bound)


# --------------------------------------------------------------------------- headers


def test_every_named_query_header_is_read() -> None:
    names = sorted(p.stem for p in Path(queries.__file__).parent.glob("*.rq"))
    assert names
    for name in names:
        query = queries.get(name)
        head = next(line for line in query.text.splitlines() if line.startswith("# bindings:"))
        assert [b.name for b in query.bindings] == re.findall(r"\?(\w+)", head), name
        for b in query.bindings:
            assert re.search(rf"[?$]{b.name}\b", query.text.split(head, 1)[1]), (name, b)


def test_a_named_query_refuses_a_binding_its_header_does_not_name() -> None:
    backend = MemoryBackend()
    plan = URIRef("https://w3id.org/kgraph/id/every-day-matters")
    with pytest.raises(QueryError, match=r"'plans' takes no bindings, not \?plan"):
        queries.select(backend, "plans", plan=plan)
    with pytest.raises(QueryError, match=r"'coverage' takes \?plan \(IRI\), not \?plann"):
        queries.select(backend, "coverage", plann=plan)
    with pytest.raises(QueryError, match=r"'coverage' needs \?plan \(IRI\)"):
        queries.select(backend, "coverage")
    with pytest.raises(QueryError, match=r"\?plan must be an IRI"):
        queries.select(backend, "coverage", plan=Literal("every day matters"))


def test_a_bound_named_query_gives_rows_without_the_bound_column() -> None:
    backend = MemoryBackend()
    plans = queries.select(backend, "plans")
    found = queries.select(backend, "plan_priorities", plan=URIRef(plans[0]["plan"]))
    assert found and all("plan" not in row for row in found)
    assert set(found[0]) == {"priority", "label", "notation", "source"}
