"""A remote SPARQL 1.1 endpoint over HTTP, with timeouts and bounded retries."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.backends.base import Backend, LoadReport
from kgraph.backends.binding import _query_text, _with_prefixes, bind_values
from kgraph.backends.errors import (
    EndpointError,
    EndpointTimeout,
    EndpointUnreachable,
    MalformedResults,
    StoreError,
)
from kgraph.backends.files import Progress, _check_file, _ProgressReader, graph_iri
from kgraph.backends.spec import StoreSpec
from kgraph.backends.terms import literal_value
from kgraph.errors import InputError

if TYPE_CHECKING:
    from rdflib.query import Result
    from rdflib.term import Identifier

DEFAULT_TIMEOUT = 30.0  # seconds, for one request to a remote endpoint
DEFAULT_RETRIES = 2  # extra attempts after a refused connection or a 502/503/504


_CONTENT_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
}
_RETRY_STATUS = {502, 503, 504}


def _graph_store_url(query_url: str) -> str:
    """Oxigraph serves queries at /query and the Graph Store Protocol at /store."""
    parts = urllib.parse.urlsplit(query_url)
    if parts.path.rstrip("/").endswith("/query"):
        path = parts.path.rstrip("/")[: -len("query")] + "store"
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return ""


class SparqlBackend(Backend):
    """A SPARQL 1.1 endpoint over HTTP, with timeouts and bounded retries."""

    def __init__(self, url: str, *, timeout: float | None = None, retries: int | None = None,
                 graph_store: str | None = None) -> None:
        self.url = url
        self.spec = StoreSpec("sparql", url)
        env_timeout = os.environ.get("KGRAPH_TIMEOUT")
        self.timeout = float(timeout or env_timeout or DEFAULT_TIMEOUT)
        self.retries = DEFAULT_RETRIES if retries is None else retries
        self.graph_store = graph_store or os.environ.get("KGRAPH_GRAPH_STORE") or \
            _graph_store_url(url)

    # one HTTP exchange, with the error handling every call shares
    def _request(self, url: str, *, data: Any = None, headers: Mapping[str, str],
                 method: str = "POST") -> bytes:
        deadline = time.monotonic() + self.timeout
        for attempt in range(self.retries + 1):
            if hasattr(data, "seek"):
                data.seek(0)
            request = urllib.request.Request(url, data=data, headers=dict(headers),
                                             method=method)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return self._read(response, deadline)
            except urllib.error.HTTPError as exc:
                body = exc.read(2000).decode("utf-8", "replace").strip()
                if exc.code in _RETRY_STATUS and attempt < self.retries:
                    self._pause(attempt)
                    continue
                raise EndpointError(
                    f"{self.url} answered HTTP {exc.code} {exc.reason}"
                    + (f":\n{_first_lines(body)}" if body else ""), exc.code) from None
            except http.client.HTTPException as exc:  # a broken answer, not a refusal
                raise MalformedResults(f"{self.url} answered a broken HTTP response: {exc!r}") \
                    from None
            except TimeoutError:
                raise EndpointTimeout(
                    f"{self.url} did not answer within {self.timeout:g} s "
                    "(set KGRAPH_TIMEOUT to wait longer)") from None
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                    raise EndpointTimeout(
                        f"{self.url} did not answer within {self.timeout:g} s "
                        "(set KGRAPH_TIMEOUT to wait longer)") from None
                if attempt < self.retries:
                    self._pause(attempt)
                    continue
                raise EndpointUnreachable(
                    f"cannot reach the SPARQL endpoint {self.url}: {exc.reason} "
                    f"(tried {self.retries + 1} times)") from None
            except (ConnectionError, OSError) as exc:
                if attempt < self.retries:
                    self._pause(attempt)
                    continue
                raise EndpointUnreachable(
                    f"cannot reach the SPARQL endpoint {self.url}: {exc}") from None
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _pause(attempt: int) -> None:
        time.sleep(0.2 * 2**attempt)

    def _read(self, response: Any, deadline: float) -> bytes:
        """Read the body in chunks, giving up at the deadline even if bytes trickle in."""
        chunks = []
        while True:
            if time.monotonic() > deadline:
                raise EndpointTimeout(
                    f"{self.url} did not finish answering within {self.timeout:g} s "
                    "(set KGRAPH_TIMEOUT to wait longer)")
            chunk = response.read1(1 << 16)  # whatever has arrived, not a full 64 KiB
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)

    def _post_query(self, text: str, accept: str) -> bytes:
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        return self._request(self.url, data=body, headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Accept": accept})

    def _json(self, text: str) -> dict[str, Any]:
        raw = self._post_query(text, "application/sparql-results+json")
        try:
            answer = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MalformedResults(
                f"{self.url} answered with something that is not SPARQL JSON results "
                f"({exc}): {_first_lines(raw.decode('utf-8', 'replace'))}") from None
        if not isinstance(answer, dict) or not ("boolean" in answer or (
                isinstance(answer.get("head"), dict)
                and isinstance(answer.get("results"), dict)
                and isinstance(answer["results"].get("bindings"), list))):
            raise MalformedResults(
                f"{self.url} answered JSON without SPARQL results (head/results/bindings): "
                f"{_first_lines(raw.decode('utf-8', 'replace'))}")
        return answer

    def select(self, text: str, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        answer = self._json(bind_values(text, bindings or {}))
        names = answer["head"].get("vars", [])
        try:
            return [{n: _json_value(row.get(n)) for n in names}
                    for row in answer["results"]["bindings"]]
        except (KeyError, TypeError, AttributeError) as exc:
            raise MalformedResults(f"{self.url} answered malformed bindings: {exc!r}") from None

    def query(self, query: Any, initBindings: Mapping[str, Any] | None = None) -> Result:  # noqa: N803
        from rdflib import Graph, Variable
        from rdflib.query import Result

        text, prefixes = _query_text(query)
        text = _with_prefixes(bind_values(text, initBindings or {}), prefixes)
        form = _query_form(text)
        if form in ("CONSTRUCT", "DESCRIBE"):
            raw = self._post_query(text, "application/n-triples")
            graph = Graph()
            try:
                graph.parse(data=raw.decode("utf-8"), format="nt")
            except Exception as exc:  # noqa: BLE001 - any parse failure is a bad answer
                raise MalformedResults(f"{self.url} answered unreadable triples: {exc}") from None
            result = Result("CONSTRUCT")
            result.graph = graph
            return result
        answer = self._json(text)
        if "boolean" in answer:
            result = Result("ASK")
            result.askAnswer = bool(answer["boolean"])
            return result
        result = Result("SELECT")
        names = answer["head"].get("vars", [])
        result.vars = [Variable(n) for n in names]
        try:
            result.bindings = [{Variable(n): _json_rdflib(row[n]) for n in names if n in row}
                               for row in answer["results"]["bindings"]]
        except (KeyError, TypeError, AttributeError) as exc:
            raise MalformedResults(f"{self.url} answered malformed bindings: {exc!r}") from None
        return result

    def load(self, files: Iterable[str | Path], graph: str | None = None,
             progress: Progress | None = None) -> LoadReport:
        """PUT each file into its named graph (Graph Store Protocol: an atomic replace)."""
        from kgraph.loader import format_of

        if not self.graph_store:
            raise StoreError(
                f"no Graph Store Protocol endpoint known for {self.url}: set KGRAPH_GRAPH_STORE "
                "(Oxigraph: .../store; Fuseki: .../DATASET/data)")
        start = time.perf_counter()
        paths = [Path(f) for f in files]
        if graph and len(paths) > 1:
            raise InputError("--graph names one graph: load one file with it")
        written = []
        for path in paths:
            _check_file(path)
            fmt = format_of(path)
            if fmt in ("nquads", "trig"):
                # a dataset file: POST adds its graphs as they are named in it
                url, method = self.graph_store, "POST"
            else:
                target = graph or graph_iri(path)
                url = f"{self.graph_store}?{urllib.parse.urlencode({'graph': target})}"
                method = "PUT"
                written.append(target)
            with path.open("rb") as fh:
                body = _ProgressReader(fh, progress)
                self._request(url, data=body, method=method, headers={
                    "Content-Type": f"{_CONTENT_TYPES[fmt]}; charset=utf-8",
                    "Content-Length": str(len(body))})
        return LoadReport(str(self.spec), written, self.triples(), time.perf_counter() - start)

    def triples(self) -> int | None:
        return None  # counting every triple of a big remote store is no small request


def _query_form(text: str) -> str:
    body = re.sub(r"#[^\n]*|<[^<>\s]*>", " ", text)
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.I)
    return match.group(1).upper() if match else "SELECT"


def _first_lines(text: str, n: int = 5) -> str:
    lines = text.strip().splitlines()
    shown = "\n".join(f"  {line[:200]}" for line in lines[:n])
    return shown + ("\n  ..." if len(lines) > n else "")


def _json_value(term: Mapping[str, str] | None) -> Any:
    if term is None:
        return None
    kind = term["type"]
    if kind == "uri":
        return term["value"]
    if kind in ("literal", "typed-literal"):
        return literal_value(term["value"], term.get("datatype"), term.get("xml:lang"))
    if kind == "bnode":
        return term["value"]
    raise MalformedResults(f"unknown term type {kind!r} in SPARQL JSON results")


def _json_rdflib(term: Mapping[str, str]) -> Identifier:
    from rdflib import BNode, Literal, URIRef

    kind = term["type"]
    if kind == "uri":
        return URIRef(term["value"])
    if kind == "bnode":
        return BNode(term["value"])
    if term.get("xml:lang"):
        return Literal(term["value"], lang=term["xml:lang"])
    datatype = term.get("datatype")
    return Literal(term["value"], datatype=URIRef(datatype) if datatype else None)

