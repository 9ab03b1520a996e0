"""The worked example: Every Day Matters (seed 000) filled into the template from scratch
(examples/every-day-matters/, and the .xlsx made from it). Importing it reproduces the
plan's part of the bundled graph — what `kgraph compile` makes of data/sources/000 — up to
the differences examples/README.md explains, pinned in examples/every-day-matters.diff.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from rdflib import Graph

from kgraph.curation.compile import compile_sources
from kgraph.exchange.diff import diff_files, diff_graphs
from kgraph.exchange.importer import import_workbook

EXAMPLES = ROOT / "examples"
CSV = EXAMPLES / "every-day-matters"
XLSX = EXAMPLES / "every-day-matters.xlsx"


@pytest.fixture(scope="module")
def edm_part(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """The bundled graph's Every Day Matters part: data/sources/000 compiled on its own."""
    sources = tmp_path_factory.mktemp("sources")
    shutil.copy(ROOT / "data" / "sources" / "documents.csv", sources)
    shutil.copytree(ROOT / "data" / "sources" / "000", sources / "000")
    return compile_sources(sources, seeds)


@pytest.fixture(scope="module")
def imported() -> Graph:
    return import_workbook(XLSX, None).graph  # validated: it conforms on its own


def test_every_difference_is_the_explained_one(edm_part: Graph, imported: Graph) -> None:
    found = json.loads(json.dumps({t: f.to_dict(orient="records") for t, f in
                                   diff_graphs(edm_part, imported).changed().items()}))
    expected = json.loads((EXAMPLES / "every-day-matters.diff.json").read_text(encoding="utf-8"))
    assert found == expected
    # what the explanation says: nothing is *added*, no tick, indicator or value differs
    assert "coverage ticks" not in found and "indicators" not in found
    assert {r["change"] for rows in found.values() for r in rows} <= {"removed", "renamed"}
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for row in found["entities"]:
        assert f"`{row['id']}`" in readme, row["id"]


def test_the_workbook_and_its_csv_folder_say_the_same() -> None:
    assert diff_files(CSV, XLSX).equal


@pytest.mark.slow
def test_merged_into_the_bundled_graph_it_adds_nothing_new(graph: Graph) -> None:
    result = import_workbook(CSV, graph)
    assert result.new_entities == [] and result.aliases == 0
    assert diff_graphs(graph, result.graph).equal
