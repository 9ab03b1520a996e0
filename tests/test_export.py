"""Exports as their users' tools expect them: JSON-LD with term definitions and a stable
order, GraphML with IRIs and CURIEs that always parses, an analysis CSV whose numbers are
numbers (checked against the seed text), a workbook that refuses what a cell cannot hold,
and a CSV folder that a killed export never leaves half-replaced."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import BUNDLED, CYPP, plain, seed_lines
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from kgraph.cli.main import cli
from kgraph.exchange.export import export, jsonld_context
from kgraph.namespaces import ID

ALCOHOL = URIRef(ID + "kent-alcohol-strategy")


def test_jsonld_context_defines_terms_with_coercion(graph: Graph) -> None:
    context = jsonld_context(graph)
    assert context["contributesTo"] == {"@id": "kg:contributesTo", "@type": "@id"}
    assert context["prefLabel"] == {"@id": "skos:prefLabel", "@language": "en"}
    assert context["line"] == {"@id": "kg:line", "@type": "xsd:positiveInteger"}


@pytest.mark.slow
def test_jsonld_is_compact_stable_and_the_same_graph(graph: Graph, tmp_path: Path) -> None:
    a = export(graph, tmp_path / "a.jsonld", "jsonld").read_bytes()
    shuffled = Graph()
    for t in sorted(graph, key=lambda t: hash(t)):  # another insertion order
        shuffled.add(t)
    b = export(shuffled, tmp_path / "b.jsonld", "jsonld").read_bytes()
    assert a == b
    doc = json.loads(a)
    node = next(n for n in doc["@graph"] if n["@id"] == "id:kent-alcohol-strategy")
    assert node["prefLabel"] == "Kent Alcohol Strategy"  # a plain value, not {"@value"...}
    assert "id:every-day-matters-priority-2" in node["contributesTo"]  # a compact IRI
    assert isomorphic(Graph().parse(tmp_path / "a.jsonld", format="json-ld"), graph)


def _evil(graph: Graph, text: str) -> Graph:
    g = Graph()
    g += graph
    g.set((ALCOHOL, SKOS.prefLabel, Literal(text, lang="en")))
    used = URIRef("https://w3id.org/kgraph/ontology#labelUsed")
    for mention in g.objects(ALCOHOL, URIRef("https://w3id.org/kgraph/ontology#mentionedAt")):
        g.set((mention, used, Literal(text)))  # the name as the tables show it
    return g


@pytest.mark.slow
def test_graphml_has_iris_and_curies_and_survives_control_characters(
        graph: Graph, tmp_path: Path) -> None:
    path = export(_evil(graph, "Kent\x07 Alcohol\x00 Strategy"), tmp_path / "g.graphml",
                  "graphml")
    ET.parse(path)  # well-formed XML
    network = nx.read_graphml(path)
    node = network.nodes["kent-alcohol-strategy"]
    assert node["iri"] == str(ALCOHOL)
    assert node["label"] == "Kent\ufffd Alcohol\ufffd Strategy"
    predicates = {d["predicate"] for _, _, d in network.edges(data=True)}
    assert {"kg:contributesTo", "kg:ownedBy", "skos:inScheme"} <= predicates


def test_analysis_csv_numbers_are_numbers_beside_the_text(graph: Graph, tmp_path: Path) -> None:
    folder = export(graph, tmp_path / "analysis", "analysis")
    frame = pd.read_csv(folder / "observations.csv", dtype={"value": str})
    assert pd.api.types.is_float_dtype(frame["value_number"])
    with_comma = frame[frame["value"].str.contains(",", na=False)]
    with_percent = frame[frame["value"].str.endswith("%", na=False)]
    assert len(with_comma) and len(with_percent)
    for _, row in pd.concat([with_comma, with_percent]).iterrows():
        expected = Decimal(row["value"].replace(",", "").rstrip("%"))
        assert Decimal(str(row["value_number"])) == expected
        # the text as printed is the seed's
        if row["source"] == "003":
            assert row["value"] in plain(seed_lines(CYPP)[int(row["line"]) - 1])
    # the analysis flavour keeps text as it is: no formula-guard apostrophe
    rows = list(csv.reader((folder / "strategies.csv").open(encoding="utf-8")))
    assert not any(c.startswith("'") for r in rows for c in r if c[:2] in ("'=", "'+", "'@"))


@pytest.mark.slow
def test_spreadsheet_csv_keeps_the_formula_guard(graph: Graph, tmp_path: Path) -> None:
    folder = export(_evil(graph, "=HYPERLINK(\"http://x\")"), tmp_path / "sheet", "csv")
    text = (folder / "strategies.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text
    analysis = export(_evil(graph, "=HYPERLINK(\"http://x\")"), tmp_path / "an", "analysis")
    assert "'=HYPERLINK" not in (analysis / "strategies.csv").read_text(encoding="utf-8")


def test_help_says_which_csv_does_what() -> None:
    result = CliRunner().invoke(cli, ["export", "--help"], catch_exceptions=False)
    text = " ".join(result.output.split())
    assert "analysis" in text and "spreadsheet" in text and "apostrophe" in text


@pytest.mark.parametrize(("text", "said"), [
    ("Kent\x07Alcohol", "control character U+0007"),
    ("x" * 40_000, "40,000 characters"),
])
@pytest.mark.slow
def test_xlsx_refuses_what_a_cell_cannot_hold(graph: Graph, tmp_path: Path, text: str,
                                              said: str) -> None:
    bad = tmp_path / "bad.ttl"
    _evil(graph, text).serialize(bad, format="turtle")
    out = tmp_path / "g.xlsx"
    result = CliRunner().invoke(cli, ["export", "-o", str(out), "--data", str(bad)],
                                catch_exceptions=False)
    assert result.exit_code == 3, result.output
    assert said in result.output and "Traceback" not in result.output
    assert not out.exists()  # nothing written, nothing cut


@pytest.mark.slow
def test_csv_export_swaps_the_whole_folder(graph: Graph, tmp_path: Path) -> None:
    out = export(graph, tmp_path / "tables", "csv")
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    export(_evil(graph, "A new name"), out, "csv")
    second = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(first) == set(second) and first != second
    assert [p.name for p in tmp_path.iterdir()] == ["tables"]  # no leftovers


@pytest.mark.slow
def test_csv_export_refuses_a_folder_of_other_files(graph: Graph, tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    result = CliRunner().invoke(cli, ["export", "--format", "csv", "-o", str(tmp_path),
                                      "--data", str(BUNDLED)], catch_exceptions=False)
    assert result.exit_code == 3 and "mine.txt" in result.output
    assert (tmp_path / "mine.txt").read_text() == "keep me"


@pytest.mark.slow
def test_a_killed_csv_export_leaves_the_old_folder_whole(graph: Graph, tmp_path: Path) -> None:
    out = export(graph, tmp_path / "tables", "csv")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    other = tmp_path / "other.ttl"
    _evil(graph, "A new name").serialize(other, format="turtle")
    expected = tmp_path / "expected"
    export(Graph().parse(other), expected, "csv")
    after = {p.name: p.read_bytes() for p in expected.iterdir()}
    assert after != before
    kgraph = Path(sys.executable).parent / "kgraph"
    for delay in (1.0, 2.5, 4.0):
        proc = subprocess.Popen([str(kgraph), "export", "--format", "csv", "-o", str(out),
                                 "--data", str(other)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        now = {p.name: p.read_bytes() for p in out.iterdir()}
        assert now in (before, after)  # old or new, never a mix
    export(graph, out, "csv")  # the next run clears what the kills left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["expected", "other.ttl", "tables"]
