"""Export → import round trips: the bundled graph comes back rdflib-isomorphic through the
CSV tables and through the .xlsx workbook, and the RDF exports parse back to the same graph."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook
from rdflib import Graph
from rdflib.compare import isomorphic

from kgraph.exchange.export import export
from kgraph.exchange.importer import import_workbook


@pytest.mark.parametrize("fmt,name", [("csv", "tables"), ("xlsx", "graph.xlsx")])
@pytest.mark.slow
def test_bundled_graph_round_trips(graph: Graph, tmp_path: Path, fmt: str, name: str) -> None:
    out = export(graph, tmp_path / name, fmt)
    # validate=False: the round trip is about losing nothing, whatever the curators' state
    again = import_workbook(out, None, validate=False)
    assert again.warnings == []
    assert isomorphic(again.graph, graph)


@pytest.mark.slow
def test_export_merged_back_into_its_graph_changes_nothing(graph: Graph, tmp_path: Path) -> None:
    out = export(graph, tmp_path / "tables", "csv")
    merged = import_workbook(out, graph, validate=False)
    assert merged.new_entities == []
    assert isomorphic(merged.graph, graph)


@pytest.mark.parametrize("fmt,suffix,parse", [("ttl", ".ttl", "turtle"), ("nt", ".nt", "nt"),
                                              ("jsonld", ".jsonld", "json-ld")])
@pytest.mark.slow
def test_rdf_exports_parse_back(graph: Graph, tmp_path: Path, fmt: str, suffix: str,
                                parse: str) -> None:
    path = export(graph, tmp_path / f"g{suffix}", fmt)
    assert isomorphic(Graph().parse(path, format=parse), graph)


@pytest.mark.slow
def test_jsonld_has_an_embedded_context(graph: Graph, tmp_path: Path) -> None:
    doc = json.loads(export(graph, tmp_path / "g.jsonld", "jsonld").read_text(encoding="utf-8"))
    assert isinstance(doc["@context"], dict)  # inline, never a remote URL
    assert doc["@context"]["kg"] == "https://w3id.org/kgraph/ontology#"


def test_graphml_for_gephi_and_yed(graph: Graph, tmp_path: Path) -> None:
    network = nx.read_graphml(export(graph, tmp_path / "g.graphml", "graphml"))
    node = network.nodes["every-day-matters-priority-1"]
    assert node["label"] == "Safeguarding and protection" and node["type"] == "Priority"
    assert network.has_edge("kent-alcohol-strategy", "every-day-matters-priority-2")
    predicates = {d["predicate"] for _, _, d in network.edges(data=True)}
    assert {"kg:contributesTo", "kg:ownedBy", "kg:measures", "skos:inScheme"} <= predicates


@pytest.mark.slow
def test_xlsx_export_has_coverage_matrices_with_conditional_formatting(
        graph: Graph, tmp_path: Path) -> None:
    book = load_workbook(export(graph, tmp_path / "g.xlsx", "xlsx"))
    matrices = [ws for ws in book.worksheets if ws.title.startswith("matrix")]
    assert matrices
    edm = next(ws for ws in matrices if "Every Day Matters" in str(ws["A1"].value))
    assert edm.conditional_formatting  # ticks green, zero totals red, a colour scale on totals
    rows = {r[0]: r[1:] for r in edm.iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["Kent Alcohol Strategy"][:5] == (0, 1, 0, 1, 0)
    assert book.sheetnames[0] == "README"
