"""A remote endpoint that is down, slow, failing or talking nonsense gives a clear error
and a non-zero exit, quickly: never a hang, never a traceback."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner
from conftest import POLL
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
DIGEST_NONCE = "d1e2a3d4"
OK_JSON = {"head": {"vars": ["plan", "label", "period", "priorities"]},
           "results": {"bindings": []}}


class Handler(BaseHTTPRequestHandler):
    calls: dict[str, int] = {}
    seen: list[tuple[str, str | None]] = []  # (path, Authorization) of each PUT

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

    def _cut_short(self, status: int, extra: dict[str, str] | None = None) -> None:
        """An answer whose chunked body stops part-way and whose connection then closes, as
        Virtuoso's 401 to an upload it will not read sometimes arrives."""
        self.send_response(status)
        for name, value in {"Content-Type": "text/html", "Transfer-Encoding": "chunked",
                            "Connection": "close", **(extra or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(b"40\r\n<html><body>Unauthorized")  # 64 bytes promised, fewer sent
        self.wfile.flush()
        self.close_connection = True

    def _digest_ok(self) -> bool:
        """Whether the request carries HTTP Digest credentials for kg / s3cret (RFC 7616)."""
        fields = dict(re.findall(r'(\w+)="?([^",]*)"?', self.headers.get("Authorization") or ""))
        if not (self.headers.get("Authorization") or "").startswith("Digest "):
            return False

        def md5(text: str) -> str:
            return hashlib.md5(text.encode()).hexdigest()  # noqa: S324 - the protocol's hash

        ha1, ha2 = md5("kg:graphs:s3cret"), md5(f"{self.command}:{fields.get('uri')}")
        expected = md5(f"{ha1}:{DIGEST_NONCE}:{fields.get('nc')}:{fields.get('cnonce')}:"
                       f"{fields.get('qop')}:{ha2}")
        return fields.get("username") == "kg" and fields.get("response") == expected

    def do_PUT(self) -> None:  # noqa: N802 - the http.server hook's name
        """A Graph Store that wants Basic credentials (user kg, password s3cret); and at
        /cutting-store one that wants Digest and cuts its 401 page short."""
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = self.path.split("?")[0]
        Handler.calls[path] = Handler.calls.get(path, 0) + 1
        Handler.seen.append((self.path, self.headers.get("Authorization")))
        expected = "Basic " + base64.b64encode(b"kg:s3cret").decode()
        if path == "/cutting-store" and not self._digest_ok():
            self._cut_short(401, {"WWW-Authenticate":
                                  f'Digest realm="graphs", nonce="{DIGEST_NONCE}", qop="auth"'})
        elif path == "/cutting-store":
            self._answer(204, b"")
        elif path == "/locked-store" and self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="graphs"')
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/locked-store":
            self._answer(204, b"")
        else:
            self._answer(500, b"cannot store", "text/plain")

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
        elif path == "/endless":  # an answer that never ends, as fast as it can
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            try:
                chunk = b"[" * 65536
                for _ in range(100_000):  # 6.5 GB: far past any cap, bounded for the test
                    self.wfile.write(chunk)
            except OSError:
                pass  # the client stopped reading, as it should
        elif path == "/novars":  # SPARQL JSON, but none of the variables asked for
            body = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {
                "type": "literal", "value": "1"}}]}}
            self._answer(200, json.dumps(body).encode())
        elif path == "/cut-once" and Handler.calls[path] == 1:
            self._cut_short(200)
        elif path == "/cut-once":
            self._answer(200, json.dumps(OK_JSON).encode())
        elif path in ("/cut", "/cut-store"):
            self._cut_short(200)
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
    thread = threading.Thread(target=server.serve_forever, args=(POLL,), daemon=True)
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


def test_an_endless_answer_is_cut_off_at_the_size_cap(endpoint: str) -> None:
    from kgraph.backends import ResponseTooLarge

    start = time.monotonic()
    with pytest.raises(ResponseTooLarge, match="more than 1 MiB.*KGRAPH_MAX_RESPONSE"):
        SparqlBackend(endpoint + "/endless", timeout=30, max_response=1 << 20).select(
            "SELECT * {\n ?s ?p ?o }")
    assert time.monotonic() - start < 10  # the cap, not the timeout, ended it
    result = CliRunner().invoke(cli, ["stats", "--store", f"sparql:{endpoint}/endless"],
                                env={"KGRAPH_MAX_RESPONSE": "2M"}, catch_exceptions=False)
    assert result.exit_code == 7 and "more than 2 MiB" in result.output, result.output


@pytest.mark.parametrize("command", [["coverage"], ["gaps"], ["overlaps"], ["indicators"],
                                     ["crosswalk"], ["stats"], ["trace", "kent-alcohol-strategy"],
                                     ["show", "kent-alcohol-strategy"]])
def test_results_without_the_selected_variables_are_malformed(endpoint: str,
                                                              command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--store", f"sparql:{endpoint}/novars"],
                                env={"KGRAPH_TIMEOUT": "5"}, catch_exceptions=False)
    assert result.exit_code == 7, result.output
    assert "without the selected variable" in result.output
    assert "Traceback" not in result.output and "KeyError" not in result.output


@pytest.mark.parametrize("value", ["abc", "-1", "0", "nan", "inf",
                                   # unset: the query waits out the slow endpoint (3 s)
                                   pytest.param("", marks=pytest.mark.slow)])
def test_a_timeout_that_is_not_a_positive_number_is_a_usage_error(endpoint: str,
                                                                   value: str) -> None:
    result = CliRunner().invoke(cli, ["coverage", "--store", f"sparql:{endpoint}/slow"],
                                env={"KGRAPH_TIMEOUT": value}, catch_exceptions=False)
    if value == "":  # unset: the default timeout applies, no usage error
        assert result.exit_code != 2 and "KGRAPH_TIMEOUT must" not in result.output
        return
    assert result.exit_code == 2, result.output
    assert "KGRAPH_TIMEOUT must be a positive number of seconds" in result.output
    assert repr(value) in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("value", ["lots", "-5", "0", "12X"])
def test_a_size_cap_that_is_not_a_size_is_a_usage_error(endpoint: str, value: str) -> None:
    result = CliRunner().invoke(cli, ["coverage", "--store", f"sparql:{endpoint}/novars"],
                                env={"KGRAPH_MAX_RESPONSE": value}, catch_exceptions=False)
    assert result.exit_code == 2 and "KGRAPH_MAX_RESPONSE must be a positive size" in \
        result.output, result.output


def test_load_errors_name_the_url_called(endpoint: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "a.nt"
    data.write_text('<https://e.org/a> <https://e.org/p> "x" .\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["load", "--store", f"sparql:{endpoint}/query", str(data)],
                                env={"KGRAPH_GRAPH_STORE": f"{endpoint}/broken-store"},
                                catch_exceptions=False)
    assert result.exit_code == 7
    assert f"PUT {endpoint}/broken-store?graph=https%3A%2F%2F" in result.output, result.output
    assert "HTTP 500" in result.output and "cannot store" in result.output


def _load_without_credentials(endpoint: str, store: str, tmp_path, monkeypatch  # type: ignore[no-untyped-def]
                              ) -> tuple[list[str], dict[str, str]]:
    """``kgraph load`` arguments for a one-triple file into the Graph Store at ``store``, and
    its environment, with no credentials from the environment or a netrc."""
    data = tmp_path / "a.nt"
    data.write_text('<https://e.org/a> <https://e.org/p> "x" .\n', encoding="utf-8")
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    monkeypatch.delenv("KGRAPH_USER", raising=False)
    monkeypatch.delenv("KGRAPH_PASSWORD", raising=False)
    args = ["load", "--store", f"sparql:{endpoint}/query", str(data)]
    return args, {"KGRAPH_GRAPH_STORE": f"{endpoint}{store}", "KGRAPH_TIMEOUT": "5"}


def test_load_credentials_come_from_the_environment_or_a_netrc(endpoint: str, tmp_path,  # type: ignore[no-untyped-def]
                                                               monkeypatch) -> None:
    args, env = _load_without_credentials(endpoint, "/locked-store", tmp_path, monkeypatch)
    refused = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    assert refused.exit_code == 7 and "HTTP 401" in refused.output
    assert f"PUT {endpoint}/locked-store" in refused.output
    assert "KGRAPH_USER and KGRAPH_PASSWORD, or a netrc entry for 127.0.0.1" in refused.output
    Handler.seen.clear()
    by_env = CliRunner().invoke(cli, args, env={**env, "KGRAPH_USER": "kg",
                                                "KGRAPH_PASSWORD": "s3cret"},
                                catch_exceptions=False)
    assert by_env.exit_code == 0, by_env.output  # stored (the count is unknown here: bytes)
    assert "loaded 1 file(s)" in by_env.output and "bytes" in by_env.output
    assert [auth for _, auth in Handler.seen] == [None, "Basic a2c6czNjcmV0"]  # after the 401
    assert "s3cret" not in by_env.output
    netrc_file = tmp_path / "netrc"
    netrc_file.write_text("machine 127.0.0.1 login kg password s3cret\n", encoding="utf-8")
    netrc_file.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc_file))
    Handler.seen.clear()
    assert CliRunner().invoke(cli, args, env=env, catch_exceptions=False).exit_code == 0
    assert [auth for _, auth in Handler.seen] == [None, "Basic a2c6czNjcmV0"]


def test_a_challenge_cut_short_is_still_answered(endpoint: str, tmp_path,  # type: ignore[no-untyped-def]
                                                  monkeypatch) -> None:
    """Virtuoso answers an upload without credentials with a 401 and closes the connection
    without reading it, which can cut its 401 page short (seen in CI: "incomplete chunked
    read"). The status and the challenge's headers are the answer: without credentials the
    401 is reported as such, with them the upload is sent again with Digest."""
    args, env = _load_without_credentials(endpoint, "/cutting-store", tmp_path, monkeypatch)
    refused = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    assert refused.exit_code == 7, refused.output
    assert f"PUT {endpoint}/cutting-store?graph=" in refused.output
    assert "HTTP 401 Unauthorized; set KGRAPH_USER and KGRAPH_PASSWORD" in refused.output
    assert "broken" not in refused.output
    Handler.seen.clear()
    done = CliRunner().invoke(cli, args, env={**env, "KGRAPH_USER": "kg",
                                              "KGRAPH_PASSWORD": "s3cret"},
                              catch_exceptions=False)
    assert done.exit_code == 0, done.output
    auths = [auth for _, auth in Handler.seen]
    assert len(auths) == 2 and auths[0] is None and auths[1].startswith('Digest username="kg"')
    wrong = CliRunner().invoke(cli, args, env={**env, "KGRAPH_USER": "kg",
                                               "KGRAPH_PASSWORD": "wrong"},
                               catch_exceptions=False)
    assert wrong.exit_code == 7 and "HTTP 401 Unauthorized" in wrong.output, wrong.output
    assert "set KGRAPH_USER" not in wrong.output  # they were set: the server refused them


def test_an_answer_cut_short_is_asked_again_when_asking_again_is_safe(endpoint: str,
                                                                      tmp_path) -> None:
    """A query answer cut short is asked again (within the retries); one that is cut short
    every time is a broken answer, named; a dataset POST (it adds, so sent twice its blank
    nodes would be stored twice) is not sent again."""
    for path in ("/cut-once", "/cut", "/cut-store"):
        Handler.calls.pop(path, None)
    assert SparqlBackend(endpoint + "/cut-once", retries=2).select("SELECT * {\n ?s ?p ?o }") == []
    assert Handler.calls["/cut-once"] == 2
    with pytest.raises(MalformedResults, match="/cut answered a broken HTTP response"):
        SparqlBackend(endpoint + "/cut", retries=2).select("SELECT * {\n ?s ?p ?o }")
    assert Handler.calls["/cut"] == 3
    quads = tmp_path / "a.nq"
    quads.write_text('_:b <https://e.org/p> "x" <https://e.org/g> .\n', encoding="utf-8")
    with pytest.raises(MalformedResults, match="POST .*/cut-store answered a broken"):
        SparqlBackend(endpoint + "/query", retries=2,
                      graph_store=endpoint + "/cut-store").load([quads])
    assert Handler.calls["/cut-store"] == 1
