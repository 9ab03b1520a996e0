"""Every named query is standard SPARQL 1.1 (issue 14 item 2): it parses under an
independent strict parser (sparqljs from npm, plus the in-scope rule for SELECT
expressions that sparqljs leaves out), and rdflib and Oxigraph return the same rows.

sparqljs is installed on first use into a cache folder (``KGRAPH_NPM_CACHE``, default
``~/.cache/kgraph/npm``) with npm; without node and npm the test fails, it never skips."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BUNDLED, FIXTURES

from kgraph import queries

SPARQLJS = "sparqljs@3.7.4"
QUERY_DIR = Path(queries.__file__).parent
QUERY_FILES = sorted(QUERY_DIR.glob("*.rq"))
CHECKER = FIXTURES / "sparql_strict.js"

# count_citations.rq as it was: Jena ARQ rejects it (?flagged bound in WHERE, then
# rebound by the aggregate); the checker must reject it too, or it proves nothing
REBINDING = """PREFIX kg: <https://w3id.org/kgraph/ontology#>
SELECT ?doc (COUNT(DISTINCT ?flagged) AS ?flagged) WHERE {
  ?c kg:sourceDocument ?doc .
  OPTIONAL { ?c kg:qualityFlag ?f . BIND (?c AS ?flagged) }
}
GROUP BY ?doc
"""


@pytest.fixture(scope="session")
def node_modules() -> Path:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.fail("the strict SPARQL check needs node and npm (Debian: apt-get install "
                    "nodejs npm)")
    cache = Path(os.environ.get("KGRAPH_NPM_CACHE", Path.home() / ".cache" / "kgraph" / "npm"))
    if not (cache / "node_modules" / "sparqljs" / "package.json").is_file():
        cache.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(cache),
             SPARQLJS], capture_output=True, text=True, timeout=600, check=False)
        if done.returncode != 0:
            pytest.fail(f"npm install {SPARQLJS} into {cache} failed:\n{done.stderr[-2000:]}")
    return cache / "node_modules"


def strict(node_modules: Path, *files: Path) -> dict[str, str]:
    """file → "" when it parses, else the parser's reason."""
    done = subprocess.run(["node", str(CHECKER), *map(str, files)], capture_output=True,
                          text=True, timeout=120, check=False,
                          env={**os.environ, "NODE_PATH": str(node_modules)})
    out = {}
    for line in done.stdout.splitlines():
        verdict, name, *why = line.split("\t")
        out[name] = "" if verdict == "ok" else (why[0] if why else "error")
    assert len(out) == len(files), done.stderr
    return out


def test_the_checker_rejects_what_jena_rejects(node_modules: Path, tmp_path: Path) -> None:
    bad = tmp_path / "rebinding.rq"
    bad.write_text(REBINDING, encoding="utf-8")
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT ?s WHERE { ?s ?p ", encoding="utf-8")
    ungrouped = tmp_path / "ungrouped.rq"
    ungrouped.write_text("SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    verdicts = strict(node_modules, bad, broken, ungrouped)
    assert "rebinds" in verdicts[str(bad)]
    assert verdicts[str(broken)] and verdicts[str(ungrouped)]


def test_every_named_query_is_strict_sparql_1_1(node_modules: Path) -> None:
    assert QUERY_FILES
    verdicts = strict(node_modules, *QUERY_FILES)
    failing = {Path(k).name: v for k, v in verdicts.items() if v}
    assert not failing, failing


def test_every_named_query_has_its_headers() -> None:
    for path in QUERY_FILES:
        head = path.read_text(encoding="utf-8").splitlines()[:3]
        assert [h.split(":")[0] for h in head] == ["# title", "# description", "# bindings"], \
            path.name


@pytest.mark.slow
def test_rdflib_and_oxigraph_return_the_same_rows_for_every_plan_at_once() -> None:
    """The whole-graph form of the queries that take an optional ?plan (the bound form and
    every other query are compared on every backend in test_backends)."""
    from test_backends import normalise

    from kgraph.backends import MemoryBackend
    from kgraph.loader import load

    graph, store = load([BUNDLED]), MemoryBackend([BUNDLED])
    optional = [p.stem for p in QUERY_FILES
                if "optional: unbound" in queries.get(p.stem).text.split("\n", 3)[2]]
    assert "plan_priorities" in optional
    for name in [*optional, "lineage", "successions"]:
        assert normalise(name, queries.select(graph, name)) == \
            normalise(name, queries.select(store, name)), name
