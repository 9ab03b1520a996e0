"""A remote endpoint that is down, slow, failing or talking nonsense gives a clear error
and a non-zero exit, quickly: never a hang, never a traceback."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner
from test_backends import free_port

from kgraph.backends import (
    EndpointError,
    EndpointTimeout,
    EndpointUnreachable,
    MalformedResults,
    SparqlBackend,
    StoreError,
)
from kgraph.cli.main import cli

SLOW_SECONDS = 3.0  # how long the slow endpoint stalls (bounded, so the test server ends)
OK_JSON = {"head": {"vars": ["plan", "label", "period", "priorities"]},
           "results": {"bindings": []}}


class Handler(BaseHTTPRequestHandler):
    calls: dict[str, int] = {}

    def log_message(self, *args: object) -> None:  # keep pytest's output clean
        pass

    def _answer(self, status: int, body: bytes, kind: str = "application/sparql-results+json"):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up waiting, as it should

    def do_POST(self) -> None:  # noqa: N802 - the http.server hook's name
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = self.path.split("?")[0]
        Handler.calls[path] = Handler.calls.get(path, 0) + 1
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._answer(200, json.dumps(OK_JSON).encode())
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            end = time.monotonic() + SLOW_SECONDS
            try:
                while time.monotonic() < end:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass  # the client gave up, as it should
        elif path == "/error":
            self._answer(500, b"internal boom: the store is on fire\nsecond line", "text/plain")
        elif path == "/garbage":
            self._answer(200, b"<html><body>Welcome to the proxy</body></html>")
        elif path == "/wrongjson":
            self._answer(200, b'{"rows": [1, 2, 3]}')
        elif path == "/badterm":
            body = {"head": {"vars": ["plan"]},
                    "results": {"bindings": [{"plan": {"type": "weird", "value": "x"}}]}}
            self._answer(200, json.dumps(body).encode())
        elif path == "/flaky":
            if Handler.calls[path] <= 2:
                self._answer(503, b"busy", "text/plain")
            else:
                self._answer(200, json.dumps(OK_JSON).encode())
        else:
            self._answer(404, b"no such endpoint", "text/plain")


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def run_cli(url: str, timeout: str = "0.5") -> tuple[int, str, float]:
    start = time.monotonic()
    result = CliRunner().invoke(cli, ["coverage", "--store", f"sparql:{url}"],
                                env={"KGRAPH_TIMEOUT": timeout}, catch_exceptions=False)
    return result.exit_code, result.output, time.monotonic() - start


def test_endpoint_down() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(EndpointUnreachable, match="cannot reach the SPARQL endpoint"):
        SparqlBackend(url, timeout=1).select("SELECT * {\n ?s ?p ?o }")
    code, output, seconds = run_cli(url)
    assert code == StoreError.exit_code == 7
    assert "cannot reach the SPARQL endpoint" in output and "tried 3 times" in output
    assert "Traceback" not in output
    assert seconds < 5


@pytest.mark.parametrize("path", ["/slow", "/trickle"])
def test_endpoint_slower_than_the_timeout(endpoint: str, path: str) -> None:
    with pytest.raises(EndpointTimeout):
        SparqlBackend(endpoint + path, timeout=0.5).select("SELECT * {\n ?s ?p ?o }")
    code, output, seconds = run_cli(endpoint + path)
    assert code == 7
    assert "within 0.5 s" in output and "KGRAPH_TIMEOUT" in output
    assert seconds < SLOW_SECONDS  # gave up at the timeout, not when the server finished


def test_endpoint_answering_500(endpoint: str) -> None:
    with pytest.raises(EndpointError) as caught:
        SparqlBackend(endpoint + "/error").select("SELECT * {\n ?s ?p ?o }")
    assert caught.value.status == 500
    code, output, seconds = run_cli(endpoint + "/error")
    assert code == 7
    assert "HTTP 500" in output and "the store is on fire" in output
    assert seconds < 5
    assert Handler.calls["/error"] == 2  # a 500 is an answer: not retried


@pytest.mark.parametrize("path", ["/garbage", "/wrongjson", "/badterm"])
def test_endpoint_answering_malformed_results(endpoint: str, path: str) -> None:
    with pytest.raises(MalformedResults):
        SparqlBackend(endpoint + path).select("SELECT * {\n ?s ?p ?o }")
    code, output, seconds = run_cli(endpoint + path)
    assert code == 7
    assert "SPARQL" in output or "term type" in output
    assert "Traceback" not in output
    assert seconds < 5


def test_a_busy_endpoint_is_retried_a_bounded_number_of_times(endpoint: str) -> None:
    Handler.calls.pop("/flaky", None)
    rows = SparqlBackend(endpoint + "/flaky", retries=2).select("SELECT * {\n ?s ?p ?o }")
    assert rows == [] and Handler.calls["/flaky"] == 3
    Handler.calls.pop("/flaky", None)
    with pytest.raises(EndpointError, match="503"):
        SparqlBackend(endpoint + "/flaky", retries=1).select("SELECT * {\n ?s ?p ?o }")


def test_loading_needs_a_graph_store_endpoint(endpoint: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "a.nt"
    data.write_text('<https://e.org/a> <https://e.org/p> "x" .\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["load", "--store", f"sparql:{endpoint}/sparql", str(data)],
                                catch_exceptions=False)
    assert result.exit_code == 7 and "KGRAPH_GRAPH_STORE" in result.output
