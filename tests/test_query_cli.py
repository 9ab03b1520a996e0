"""`kgraph query`: a query file that is not UTF-8 is bad input (exit 3); a federated query
(SERVICE) is refused unless --allow-service, and then bounded by KGRAPH_TIMEOUT."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_backends import OxigraphServer

from kgraph.cli.main import cli


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, env=env)


class SilentServer:
    """Accepts connections on a loopback port and never answers; counts them."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.accepted:
            conn.close()


@pytest.fixture
def silent() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


def test_a_query_file_that_is_not_utf8_names_the_file_and_place(tmp_path: Path) -> None:
    path = tmp_path / "latin1.rq"
    path.write_bytes("# café\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 1\n".encode("latin-1"))
    result = run("query", str(path))
    assert result.exit_code == 3, result.output
    assert f"{path}:1:6: not UTF-8 text (byte 0xe9)" in result.output
    assert "Traceback" not in result.output and "UnicodeDecodeError" not in result.output


def test_a_query_file_with_a_utf8_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.rq"
    path.write_bytes(b"\xef\xbb\xbfSELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Board }\n")
    result = run("query", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["n"] > 0


def service_query(tmp_path: Path, port: int) -> Path:
    path = tmp_path / "federated.rq"
    path.write_text(f"SELECT ?s WHERE {{ SERVICE <http://127.0.0.1:{port}/query> "
                    "{ ?s a kg:Board } } LIMIT 3\n", encoding="utf-8")
    return path


def test_a_federated_query_is_refused_without_calling_out(tmp_path: Path,
                                                         silent: SilentServer) -> None:
    result = run("query", str(service_query(tmp_path, silent.port)))
    assert result.exit_code == 6, result.output
    assert "federated (SERVICE)" in result.output and "--allow-service" in result.output
    time.sleep(0.2)
    assert silent.accepted == []  # nothing was contacted


def test_service_in_a_comment_or_a_string_is_not_a_federated_query(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text('# SERVICE is mentioned here\nSELECT ("SERVICE" AS ?word) WHERE {}\n',
                    encoding="utf-8")
    result = run("query", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"word": "SERVICE"}]


def test_an_allowed_federated_query_is_bounded_by_the_timeout(tmp_path: Path,
                                                              silent: SilentServer) -> None:
    start = time.monotonic()
    result = run("query", "--allow-service", str(service_query(tmp_path, silent.port)),
                 env={"KGRAPH_TIMEOUT": "1"})
    elapsed = time.monotonic() - start
    assert result.exit_code == 7, result.output
    assert "did not finish within 1 s" in result.output and "KGRAPH_TIMEOUT" in result.output
    assert elapsed < 15  # gave up at the timeout (plus start-up), not never
    bad = run("query", "--allow-service", str(service_query(tmp_path, silent.port)),
              env={"KGRAPH_TIMEOUT": "soon"})
    assert bad.exit_code == 2 and "KGRAPH_TIMEOUT must be a positive number" in bad.output


def test_an_allowed_federated_query_gets_the_other_servers_rows(tmp_path: Path) -> None:
    from kgraph.backends import SparqlBackend

    data = tmp_path / "boards.nt"
    data.write_text("<https://e.org/board> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                    "<https://w3id.org/kgraph/ontology#Board> .\n", encoding="utf-8")
    server = OxigraphServer(tmp_path / "server")
    try:
        SparqlBackend(server.url).load([data])
        result = run("query", "--allow-service", str(service_query(tmp_path, server.port)),
                     "--format", "json", env={"KGRAPH_TIMEOUT": "20"})
    finally:
        server.stop()
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"s": "https://e.org/board"}]
