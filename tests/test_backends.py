# Over 400 lines: the same questions put to every backend, plus their load and store cases.
"""The same answers from every backend: memory, a persistent Oxigraph store and a real
Oxigraph server over the SPARQL protocol, on the bundled graph and on a generated one.
Bindings reach every backend as escaped terms (labels with quotes, braces and '#')."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import BUNDLED
from rdflib import Literal, URIRef

from kgraph import queries
from kgraph.backends import (
    Backend,
    MemoryBackend,
    OxigraphBackend,
    SparqlBackend,
    StoreNotFound,
    bind,
    graph_iri,
    open_backend,
    parse_spec,
)
from kgraph.cli.main import cli
from kgraph.errors import InputError, ParseError, QueryError

QUERIES = sorted(p.stem for p in Path(queries.__file__).parent.glob("*.rq"))
# GROUP_CONCAT's order is up to each engine: compare those columns as sets.
CONCAT = {"aliases": {"names": " | ", "documents": " "}}
BACKENDS = ["memory", "oxigraph", "sparql"]


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph server is not installed (pip install oxigraph: test extras)")
    return found


class OxigraphServer:
    """`oxigraph serve` on a free loopback port, stopped by PID."""

    def __init__(self, location: Path) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(location),
             "--bind", f"127.0.0.1:{self.port}", "--union-default-graph"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}/query"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with {self.proc.returncode}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("oxigraph serve did not start within 20 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    started: list[OxigraphServer] = []

    def start() -> OxigraphServer:
        server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-server"))
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


# --------------------------------------------------------------------------- data


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kgraph.generate import write

    path = tmp_path_factory.mktemp("generated") / "generated.ttl"
    write(path, 4000, seed=11)
    return path


@pytest.fixture(scope="session")
def bundled() -> Path:
    if not BUNDLED.is_file():
        pytest.fail(f"the bundled graph is missing at {BUNDLED} (set KGRAPH_BUNDLED)")
    return BUNDLED


def make_backend(kind: str, data: Path, tmp: Path, servers: Any) -> Backend:
    if kind == "memory":
        return MemoryBackend([data])
    if kind == "oxigraph":
        with OxigraphBackend(tmp / "store", create=True) as store:
            store.load([data])
        return OxigraphBackend(tmp / "store")  # reopened read-only, as queries open it
    server = servers()
    backend = SparqlBackend(server.url)
    backend.load([data])
    return backend


@pytest.fixture(scope="module", params=["bundled", "generated"])
def stores(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           servers: Any) -> dict[str, Backend]:
    data = request.getfixturevalue(request.param)
    tmp = tmp_path_factory.mktemp(f"stores-{request.param}")
    return {kind: make_backend(kind, data, tmp, servers) for kind in BACKENDS}


# --------------------------------------------------------------------------- comparing


def norm_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Literal):
        return str(value)
    return value


def normalise(name: str, rows: list[dict[str, Any]]) -> list[str]:
    """Rows as sorted JSON lines, GROUP_CONCAT columns as sorted parts."""
    out = []
    for row in rows:
        row = {k: norm_value(v) for k, v in row.items()}
        for column, sep in CONCAT.get(name, {}).items():
            if row.get(column):
                row[column] = sorted(row[column].split(sep))
        out.append(json.dumps(row, sort_keys=True, default=str))
    return sorted(out)


def bindings_for(name: str, backend: Backend) -> list[dict[str, URIRef]]:
    text = queries.get(name).text
    if "?plan (IRI)" in text:
        plans = queries.select(backend, "plans")
        return [{"plan": URIRef(p["plan"])} for p in plans[:4]]
    if "?entity (IRI)" in text:
        labels = queries.select(backend, "entity_labels")
        wanted = {"Board", "Strategy", "Priority", "Indicator", "StrategicPlan"}
        picked: dict[str, str] = {}
        for row in sorted(labels, key=lambda r: r["entity"]):
            kind = row["type"].rsplit("#", 1)[-1]
            if kind in wanted and kind not in picked:
                picked[kind] = row["entity"]
        return [{"entity": URIRef(iri)} for iri in picked.values()]
    return [{}]


# --------------------------------------------------------------------------- the suite


@pytest.mark.slow
@pytest.mark.parametrize("name", QUERIES)
def test_every_named_query_gives_the_same_rows_on_every_backend(
        name: str, stores: dict[str, Backend]) -> None:
    for bindings in bindings_for(name, stores["memory"]):
        expected = normalise(name, queries.select(stores["memory"], name, **bindings))
        for kind in ("oxigraph", "sparql"):
            got = normalise(name, queries.select(stores[kind], name, **bindings))
            assert got == expected, (name, kind, bindings)


# rdflib answers each query on the bundled graph in 0.1-2 s (15 s for all of them): the
# fast loop compares on the generated graph (same shapes, a tenth of the time), CI on both.
@pytest.fixture(scope="module", params=[pytest.param("bundled", marks=pytest.mark.slow), "generated"])
def rdflib_and_memory(request: pytest.FixtureRequest) -> tuple[Any, Backend]:
    from kgraph.loader import load

    data = request.getfixturevalue(request.param)
    parsed = request.getfixturevalue("graph") if request.param == "bundled" else load([data])
    return parsed, MemoryBackend([data])


@pytest.mark.parametrize("name", [q for q in QUERIES if q != "governance"])
def test_the_memory_backend_answers_as_rdflib_does(
        name: str, rdflib_and_memory: tuple[Any, Backend]) -> None:
    """Oxigraph in memory gives rdflib's rows (governance is left out: rdflib takes
    seconds on it, which is what the backends are for)."""
    graph, memory = rdflib_and_memory
    for bindings in bindings_for(name, memory):
        assert normalise(name, queries.select(memory, name, **bindings)) == \
            normalise(name, queries.select(graph, name, **bindings)), bindings


def analyses(backend: Backend) -> dict[str, Any]:
    from kgraph.analysis.coverage import coverage
    from kgraph.analysis.crosswalk import crosswalk
    from kgraph.analysis.gaps import gaps
    from kgraph.analysis.indicators import indicators
    from kgraph.analysis.overlaps import overlaps
    from kgraph.analysis.trace import trace
    from kgraph.entity import describe

    boards = [r for r in queries.select(backend, "governance")
              if r["oType"].endswith("#Board")]
    board = sorted(r["o"] for r in boards)[0]
    strategy = sorted(r["s"] for r in boards if r["p"].endswith("#ownedBy"))[0]
    result = {
        "coverage": [c.to_dict() for c in coverage(backend)],
        "gaps": gaps(backend).to_dict(orient="records"),
        "crosswalk": crosswalk(backend).to_dict(orient="records"),
        # observations that tie on indicator, area, measure and period keep the store's
        # row order, which is each engine's own: compare their values as sets
        "indicators": [{**r, "values": sorted(r["values"].split("; "))}
                       for r in indicators(backend).to_dict(orient="records")],
        "trace-board": trace(backend, board).edges.to_dict(orient="records"),
        "trace-strategy": trace(backend, strategy).edges.to_dict(orient="records"),
        "describe": describe(backend, strategy).to_dict(),
    }
    found = overlaps(backend)
    for title, frame in found.frames().items():
        records = frame.to_dict(orient="records")
        for r in records:
            for column, sep in CONCAT["aliases"].items():
                if column in r:
                    r[column] = sorted(r[column].split(sep))
        result[f"overlaps {title}"] = records
    return json.loads(json.dumps(result, default=str, sort_keys=True))


@pytest.mark.slow
def test_every_analysis_gives_the_same_answer_on_every_backend(
        stores: dict[str, Backend]) -> None:
    expected = analyses(stores["memory"])
    assert expected["coverage"] and expected["gaps"] and expected["trace-board"]
    for kind in ("oxigraph", "sparql"):
        got = analyses(stores[kind])
        for key in expected:
            assert got[key] == expected[key], (kind, key)


# --------------------------------------------------------------------------- bindings

TRICKY = [
    'He said "stop" {now} #1',
    "back\\slash and a ' quote",
    '"} UNION { ?s ?p ?o } #',
    "two\nlines\tand a tab",
    "Çà et là — ünïcode ☃",
]


@pytest.fixture(scope="module")
def tricky_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from rdflib import Graph
    from rdflib.namespace import SKOS

    g = Graph()
    for i, label in enumerate(TRICKY):
        g.add((URIRef(f"https://example.org/thing/{i}#it"), SKOS.prefLabel, Literal(label)))
    g.add((URIRef("https://example.org/other"), SKOS.prefLabel, Literal("other")))
    path = tmp_path_factory.mktemp("tricky") / "tricky.nt"
    g.serialize(path, format="nt", encoding="utf-8")
    return path


LABEL_QUERY = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
# a comment with a { brace
SELECT ?thing ?label WHERE {
  ?thing skos:prefLabel ?label .
}"""


@pytest.mark.parametrize("kind", BACKENDS)
def test_bindings_with_quotes_braces_and_hashes(kind: str, tricky_file: Path, tmp_path: Path,
                                                servers: Any) -> None:
    backend = make_backend(kind, tricky_file, tmp_path, servers)
    for i, label in enumerate(TRICKY):
        rows = backend.select(LABEL_QUERY, {"label": Literal(label)})
        assert rows == [{"thing": f"https://example.org/thing/{i}#it", "label": label}], label
        by_iri = backend.select(LABEL_QUERY, {"thing": URIRef(f"https://example.org/thing/{i}#it")})
        assert by_iri == rows
    assert backend.select(LABEL_QUERY, {"label": Literal("no such label")}) == []


def test_a_binding_cannot_carry_an_iri_with_spaces_or_brackets() -> None:
    for bad in ("https://example.org/a b", "https://example.org/a>b"):
        with pytest.raises(QueryError, match="not a usable IRI"):
            bind(LABEL_QUERY, {"thing": URIRef(bad)})
    with pytest.raises(QueryError, match="variable"):
        bind(LABEL_QUERY, {"x } ?y": Literal("a")})


def test_endpoint_values_go_at_the_start_of_every_group_using_the_variable() -> None:
    text = 'PREFIX a: <http://x/#{>\n# {\nSELECT ("{" AS ?b) ?c WHERE { ?c a:p ?d }'
    bound = bind(text, {"d": Literal('x"}')})
    assert bound.startswith(text[: text.index("WHERE {") + 7])
    assert 'VALUES (?d) { ("x\\"}") }' in bound
    assert bound.endswith("?c a:p ?d }")


# --------------------------------------------------------------------------- loading


def test_loading_a_file_again_replaces_its_graph(tmp_path: Path, servers: Any) -> None:
    first = tmp_path / "doc.nt"
    other = tmp_path / "keep.nt"
    first.write_text("<https://e.org/a> <https://e.org/p> \"old\" .\n", encoding="utf-8")
    other.write_text("<https://e.org/b> <https://e.org/p> \"kept\" .\n", encoding="utf-8")
    server = servers()
    for backend in (OxigraphBackend(tmp_path / "store", create=True), SparqlBackend(server.url)):
        backend.load([first, other])
        first.write_text("<https://e.org/a> <https://e.org/p> \"new\" .\n", encoding="utf-8")
        report = backend.load([first])
        assert report.graphs == [graph_iri(first)]
        rows = backend.select("SELECT ?s ?o {\n ?s <https://e.org/p> ?o }")
        assert sorted((r["s"], r["o"]) for r in rows) == [
            ("https://e.org/a", "new"), ("https://e.org/b", "kept")], backend
        first.write_text("<https://e.org/a> <https://e.org/p> \"old\" .\n", encoding="utf-8")
        backend.close()


def test_a_bad_file_is_a_parse_error_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix a: <http://a/> .\na:x a:y a:z .\na:x a:y "open .\n', encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        MemoryBackend([bad])
    assert caught.value.line == 3
    store = OxigraphBackend(tmp_path / "store", create=True)
    with pytest.raises(ParseError):
        store.load([bad])
    assert store.triples() == 0  # nothing half-loaded


def test_store_specs() -> None:
    assert str(parse_spec(None)) == "memory"
    assert str(parse_spec("oxigraph:/tmp/x")) == "oxigraph:/tmp/x"
    assert parse_spec("sparql:http://h:1/q").location == "http://h:1/q"
    for bad in ("oxigraph:", "sparql:ftp://x", "postgres:x", "memory:x"):
        with pytest.raises(InputError, match="unknown store"):
            parse_spec(bad)
    with pytest.raises(StoreNotFound, match="kgraph load"):
        open_backend("oxigraph:/nonexistent/store")
    with pytest.raises(InputError, match="kgraph load"):
        open_backend("oxigraph:/tmp/x", data=["a.ttl"])


# --------------------------------------------------------------------------- the CLI


def run(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, env=env)


def test_cli_load_then_query_the_store(generated: Path, tmp_path: Path) -> None:
    store = f"oxigraph:{tmp_path / 'store'}"
    loaded = run("load", "--store", store, str(generated))
    assert loaded.exit_code == 0, loaded.output
    assert "triples" in loaded.output and graph_iri(generated) in loaded.output
    from_memory = run("coverage", "--data", str(generated), "--format", "json")
    from_store = run("coverage", "--store", store, "--format", "json")
    from_env = run("coverage", "--format", "json", env={"KGRAPH_STORE": store})
    assert from_memory.exit_code == from_store.exit_code == from_env.exit_code == 0
    assert json.loads(from_store.output) == json.loads(from_memory.output)
    assert from_env.output == from_store.output
    # --data beats a store chosen only by the environment
    env_and_data = run("gaps", "--data", str(generated), "--format", "json",
                       env={"KGRAPH_STORE": store})
    assert env_and_data.output == run("gaps", "--data", str(generated), "--format", "json").output


def test_cli_store_errors(generated: Path, tmp_path: Path) -> None:
    missing = run("coverage", "--store", f"oxigraph:{tmp_path / 'none'}")
    assert missing.exit_code == 7 and "kgraph load" in missing.output
    both = run("coverage", "--store", f"oxigraph:{tmp_path}", "--data", str(generated))
    assert both.exit_code == 2 and "load them first" in both.output
    unknown = run("gaps", "--store", "mysql:db")
    assert unknown.exit_code == 2 and "unknown store" in unknown.output
    memory_load = run("load", "--store", "memory", str(generated))
    assert memory_load.exit_code == 2


def test_cli_query_runs_on_a_store(generated: Path, tmp_path: Path) -> None:
    store = f"oxigraph:{tmp_path / 'store'}"
    assert run("load", "--store", store, str(generated)).exit_code == 0
    query = tmp_path / "q.rq"
    query.write_text("SELECT (COUNT(?b) AS ?n) WHERE { ?b a kg:Board }", encoding="utf-8")
    from_store = run("query", str(query), "--store", store, "--format", "json")
    from_memory = run("query", str(query), "--data", str(generated), "--format", "json")
    assert from_store.exit_code == 0, from_store.output
    assert json.loads(from_store.output) == json.loads(from_memory.output)
    assert json.loads(from_store.output)[0]["n"] > 0


# --------------------------------------------------------------------------- the cache


def test_the_parsed_graph_cache(generated: Path, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAPH_CACHE", str(tmp_path / "cache"))
    first = MemoryBackend([generated])
    second = MemoryBackend([generated])
    assert second.cached and len(list((tmp_path / "cache").iterdir())) == 1
    assert queries.select(second, "plans") == queries.select(first, "plans")
    changed = tmp_path / "changed.nt"
    changed.write_text('<https://e.org/a> <https://e.org/p> "1" .\n', encoding="utf-8")
    assert MemoryBackend([changed]).triples() == 1
    changed.write_text('<https://e.org/a> <https://e.org/p> "2" .\n', encoding="utf-8")
    rows = MemoryBackend([changed]).select("SELECT ?o {\n ?s ?p ?o }")
    assert rows == [{"o": "2"}]  # keyed on the contents: never a stale graph
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(ParseError):
        MemoryBackend([bad])
    assert not [p for p in (tmp_path / "cache").iterdir() if p.name.startswith(".")]
    monkeypatch.setenv("KGRAPH_CACHE", "off")
    assert not MemoryBackend([generated]).cached


# --------------------------------------------------------------------------- faults


def test_load_of_a_missing_file_or_a_folder_is_bad_input(tmp_path: Path) -> None:
    store = tmp_path / "store"
    missing = run("load", "--store", f"oxigraph:{store}", str(tmp_path / "none.ttl"))
    assert missing.exit_code == 3 and "none.ttl: no such file" in missing.output
    folder = run("load", "--store", f"oxigraph:{store}", str(tmp_path))
    assert folder.exit_code == 3 and "is a folder, not an RDF file" in folder.output
    assert not store.exists()  # refused before any store was made


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs (root only: CI runs as root), unmounted afterwards."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4M", "tmpfs", str(disk)],
                             capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.fail(f"cannot mount a tmpfs to fill: {mounted.stderr}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk_during_load_exits_7_and_keeps_the_old_graph(
        tiny_disk: Path, generated: Path, tmp_path: Path) -> None:
    store = f"oxigraph:{tiny_disk / 'store'}"
    small = tmp_path / "generated.ttl"  # the same file name: loading replaces its graph
    small.write_text('<https://e.org/a> <https://e.org/p> "before" .\n', encoding="utf-8")
    assert run("load", "--store", store, str(small)).exit_code == 0
    big = tmp_path / "big" / "generated.ttl"
    big.parent.mkdir()
    from kgraph.generate import write

    write(big, 60_000, seed=3)  # several MiB: more than the disk holds
    full = run("load", "--store", store, str(big))
    assert full.exit_code == 7, full.output
    assert "No space left on device" in full.output and "keeps what it held" in full.output
    rows = OxigraphBackend(tiny_disk / "store").select("SELECT ?o {\n ?s ?p ?o }")
    assert rows == [{"o": "before"}]
    assert not list((tiny_disk / "store").glob("bulk-*.sst"))


@pytest.mark.slow
def test_killed_reloads_leave_no_orphaned_data(tmp_path: Path) -> None:
    from kgraph.generate import write

    data = tmp_path / "g.ttl"
    write(data, 150_000, seed=2)
    kgraph = str(Path(sys.executable).parent / "kgraph")
    db = tmp_path / "store"
    subprocess.run([kgraph, "load", "--store", f"oxigraph:{db}", str(data)], check=True,
                   capture_output=True)
    clean = sum(p.stat().st_size for p in db.iterdir() if p.suffix != ".log")
    for _ in range(3):  # kill -9 while the bulk loader is writing its files
        proc = subprocess.Popen([kgraph, "load", "--store", f"oxigraph:{db}", str(data)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while sum(p.stat().st_size for p in db.glob("bulk-*.sst")) < 2**20 \
                and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        proc.kill()
        proc.wait()
    assert list(db.glob("bulk-*.sst")), "no load was caught mid-way: the test proves nothing"
    again = subprocess.run([kgraph, "load", "--store", f"oxigraph:{db}", str(data)],
                           capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert "removed what interrupted loads left" in again.stderr
    assert not list(db.glob("bulk-*.sst"))
    # the stored data is compacted back; the write-ahead log of the graph swap (".log",
    # about the size of the graph's quads) is RocksDB's own and goes at its next open
    after = sum(p.stat().st_size for p in db.iterdir() if p.suffix != ".log")
    assert after < 2 * clean, (after, clean)
    store = OxigraphBackend(db)
    assert store.triples() == MemoryBackend([data], cache=False).triples()
    assert [g.value for g in store.store.named_graphs()] == [graph_iri(data)]
