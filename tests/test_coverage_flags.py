"""The coverage page marks a tick doubtful ("?") only where the graph's citation of that
link carries a quality flag. A plan whose links have no flag at all once showed 38 marks
titled "nan" (a missing flag read from a DataFrame as NaN, which is truthy)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import BUNDLED
from rdflib import Graph
from test_site import build

pytestmark = pytest.mark.slow

FLAGGED_LINKS = """
PREFIX kg:   <https://w3id.org/kgraph/ontology#>
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?strategy ?priority ?flag WHERE {
  ?stmt rdf:predicate kg:contributesTo ; rdf:subject ?strategy ; rdf:object ?priority ;
        kg:qualityFlag ?flag .
  ?priority skos:inScheme ?plan .
  # the matrix's rows: strategy-like documents (an action's flagged link is not drawn there)
  VALUES ?type { kg:StrategicPlan kg:Strategy kg:Plan kg:Policy kg:Framework
                 kg:Assessment kg:Programme kg:Report }
  ?strategy a ?type .
}"""


def test_doubtful_marks_are_the_flagged_links(graph: Graph, tmp_path: Path) -> None:
    site = build(BUNDLED, tmp_path / "site")
    html = (site / "coverage.html").read_text(encoding="utf-8")
    titles = re.findall(r'<span class="flag" title="([^"]*)">\?</span>', html)
    flagged = {(str(r.strategy), str(r.priority)): str(r.flag).rsplit("#", 1)[-1]
               for r in graph.query(FLAGGED_LINKS)}
    assert flagged, "the bundled graph has flagged contributes-to links (EIP strategy table)"
    assert "nan" not in titles and "" not in titles
    # one mark per flagged link drawn as a tick (a link may carry two flags: one mark)
    assert len(titles) == len(flagged)
    # in words, not the flag's id: "Garbled in the conversion: ...", "Ambiguous: ..."
    assert sorted(t.split(":")[0] for t in titles) == sorted(
        {"garbled": "Garbled in the conversion", "ambiguous": "Ambiguous"}[f]
        for f in flagged.values())
