# Over 400 lines: one HTTP client (timeouts, retries, size cap, auth, results parsing) for one endpoint type.
"""A remote SPARQL 1.1 endpoint over HTTP (httpx), with bounded time, retries and size.

Every request to an endpoint is bounded three ways: ``KGRAPH_TIMEOUT`` seconds (default
30) for connecting and for each read, and the same again as a deadline for the whole
answer (an endpoint that trickles bytes is cut off too); at most ``DEFAULT_RETRIES``
extra attempts after a refused connection or a 502/503/504; and at most
``KGRAPH_MAX_RESPONSE`` bytes of answer (default 1 GiB; ``512M``, ``2G`` and plain bytes
are understood). Every failure is a ``StoreError`` (exit 7) naming the URL called.

Loading uses the SPARQL 1.1 Graph Store Protocol (``KGRAPH_GRAPH_STORE``; an Oxigraph
server's ``/store`` is found from its ``/query`` URL). Credentials, where the endpoint
asks for them (HTTP Digest or Basic, as its challenge says), come from ``KGRAPH_USER`` and
``KGRAPH_PASSWORD`` or from a netrc entry for the host (``NETRC``, default ``~/.netrc``),
never from the command line, and are sent only after the server's challenge.
"""

from __future__ import annotations

import base64
import json
import math
import netrc
import os
import re
import time
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from kgraph.backends.base import Backend, LoadReport
from kgraph.backends.binding import _query_text, _with_prefixes, bind_values
from kgraph.backends.errors import (
    BadSetting,
    EndpointError,
    EndpointTimeout,
    EndpointUnreachable,
    MalformedResults,
    ResponseTooLarge,
    StoreError,
)
from kgraph.backends.files import Progress, _check_file, graph_iri
from kgraph.backends.spec import StoreSpec
from kgraph.backends.terms import literal_value
from kgraph.errors import InputError

if TYPE_CHECKING:
    from rdflib.query import Result
    from rdflib.term import Identifier

DEFAULT_TIMEOUT = 30.0  # seconds, for one request to a remote endpoint
DEFAULT_RETRIES = 2  # extra attempts after a refused connection or a 502/503/504
DEFAULT_MAX_RESPONSE = 1 << 30  # bytes read from one answer at most (KGRAPH_MAX_RESPONSE)

_CONTENT_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
}
_RETRY_STATUS = {502, 503, 504}
_SIZES = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def _graph_store_url(query_url: str) -> str:
    """Oxigraph serves queries at /query and the Graph Store Protocol at /store."""
    parts = urllib.parse.urlsplit(query_url)
    if parts.path.rstrip("/").endswith("/query"):
        path = parts.path.rstrip("/")[: -len("query")] + "store"
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return ""


def timeout_setting(value: float | str | None) -> float:
    """Seconds from ``--timeout`` / ``KGRAPH_TIMEOUT``: a positive number, else BadSetting."""
    if value is None or value == "":
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise BadSetting(f"KGRAPH_TIMEOUT must be a positive number of seconds (e.g. 30 or "
                         f"2.5), not {value!r}")
    return seconds


def max_response_setting(value: int | str | None) -> int:
    """Bytes from ``KGRAPH_MAX_RESPONSE`` (``1000000``, ``512M``, ``2G``), else BadSetting."""
    if value is None or value == "":
        return DEFAULT_MAX_RESPONSE
    match = re.fullmatch(r"\s*(\d+)\s*([KMG]?)i?B?\s*", str(value), re.I)
    size = int(match.group(1)) * _SIZES[match.group(2).upper()] if match else 0
    if size <= 0:
        raise BadSetting(f"KGRAPH_MAX_RESPONSE must be a positive size in bytes (e.g. "
                         f"1000000, 512M or 2G), not {value!r}")
    return size


def credentials(url: str) -> tuple[str, str] | None:
    """(user, password) for ``url``: KGRAPH_USER + KGRAPH_PASSWORD, else a netrc entry."""
    user, password = os.environ.get("KGRAPH_USER"), os.environ.get("KGRAPH_PASSWORD")
    if user and password is not None:
        return user, password
    path = os.environ.get("NETRC") or os.path.expanduser("~/.netrc")
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc(path).authenticators(host)
    except FileNotFoundError:
        return None
    except (netrc.NetrcParseError, OSError) as exc:
        raise BadSetting(f"cannot read the netrc file {path}: {exc}") from None
    if entry is None or entry[2] is None:
        return None
    return entry[0] or "", entry[2]


class _ChallengeAuth:
    """HTTP Digest or Basic, whichever the server's 401 challenge asks for (nothing is
    sent before it asks). Only the challenge's headers are read: a server that refuses an
    upload may close the connection before the body it was sent, and its 401 page, is
    read to the end (Virtuoso does), which cuts that page short."""

    def __init__(self, user: str, password: str) -> None:
        self._digest = httpx.DigestAuth(user, password)
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        self._basic = f"Basic {token}"

    def answer(self, request: httpx.Request, challenge: httpx.Response) -> httpx.Request | None:
        """``request`` again with the credentials the 401 ``challenge`` asks for; None if it
        asks for a scheme kgraph does not speak."""
        schemes = [h.split(" ", 1)[0].lower()
                   for h in challenge.headers.get_list("www-authenticate")]
        if "digest" in schemes:
            flow = self._digest.auth_flow(request)
            next(flow)  # the first, unauthenticated request: already answered
            try:
                return flow.send(challenge)
            except StopIteration:
                return None
        if "basic" in schemes:
            request.headers["Authorization"] = self._basic
            return request
        return None


class _FileStream(httpx.SyncByteStream):
    """A file as an upload body that can be sent again (a retry, an auth challenge),
    reporting the bytes read to a progress bar."""

    def __init__(self, path: Path, progress: Progress | None) -> None:
        self.path, self.progress = path, progress

    def __iter__(self) -> Iterator[bytes]:
        with self.path.open("rb") as fh:
            while chunk := fh.read(1 << 16):
                if self.progress is not None:
                    self.progress(len(chunk))
                yield chunk


class SparqlBackend(Backend):
    """A SPARQL 1.1 endpoint over HTTP, with timeouts, bounded retries and a size cap."""

    def __init__(self, url: str, *, timeout: float | None = None, retries: int | None = None,
                 graph_store: str | None = None, max_response: int | None = None) -> None:
        self.url = url
        self.spec = StoreSpec("sparql", url)
        self.timeout = timeout_setting(timeout if timeout is not None
                                       else os.environ.get("KGRAPH_TIMEOUT"))
        self.max_response = max_response_setting(
            max_response if max_response is not None else os.environ.get("KGRAPH_MAX_RESPONSE"))
        self.retries = DEFAULT_RETRIES if retries is None else retries
        self.graph_store = graph_store or os.environ.get("KGRAPH_GRAPH_STORE") or \
            _graph_store_url(url)
        self._client: httpx.Client | None = None

    @property
    def client(self) -> httpx.Client:
        """The HTTP client for this endpoint (made on first use, with the store timeout, redirects
        followed and no proxy from the environment)."""
        if self._client is None:
            self._client = httpx.Client(timeout=self.timeout, follow_redirects=True,
                                        trust_env=False)  # no proxy reaches loopback
        return self._client

    def close(self) -> None:
        """Close the HTTP client, if one was made; the backend can be used again (a new client is
        made)."""
        if self._client is not None:
            self._client.close()
            self._client = None

    # one HTTP exchange, with the error handling every call shares
    def _request(self, url: str, *, method: str = "POST", headers: Mapping[str, str],
                 data: bytes | None = None, stream: httpx.SyncByteStream | None = None,
                 idempotent: bool = True) -> bytes:
        """The body of the answer to one request. A refused connection, a 502/503/504 and
        (when ``idempotent``: a query, a PUT) an answer cut short are tried again, at most
        ``retries`` more times and within the deadline."""
        deadline = time.monotonic() + self.timeout
        found = credentials(url)
        auth = _ChallengeAuth(*found) if found else None
        where = f"{method} {url}" if url != self.url else url
        slow = (f"{where} did not answer within {self.timeout:g} s "
                "(set KGRAPH_TIMEOUT to wait longer)")
        for attempt in range(self.retries + 1):
            request = self.client.build_request(method, url, headers=dict(headers), content=data)
            if stream is not None:
                request.stream = stream
            try:
                response = self._send(request, auth)
                try:
                    status = response.status_code
                    if status >= 400:
                        if status in _RETRY_STATUS and self._may_retry(attempt, deadline):
                            self._pause(attempt)  # the finally below closes it
                            continue
                        raise self._refusal(response, where, found is not None)
                    return self._read(response, deadline, where, slow)
                finally:
                    response.close()
            except httpx.TimeoutException:
                raise EndpointTimeout(slow) from None
            except (httpx.RemoteProtocolError, httpx.DecodingError) as exc:
                if idempotent and self._may_retry(attempt, deadline):
                    self._pause(attempt)
                    continue
                raise MalformedResults(f"{where} answered a broken HTTP response: {exc}") \
                    from None
            except httpx.TransportError as exc:  # refused, unknown host, reset
                if self._may_retry(attempt, deadline):
                    self._pause(attempt)
                    continue
                raise EndpointUnreachable(
                    f"cannot reach the SPARQL endpoint {where}: {exc or type(exc).__name__} "
                    f"(tried {attempt + 1} times)") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(self, request: httpx.Request, auth: _ChallengeAuth | None) -> httpx.Response:
        """The answer's headers (its body still to read); a 401 challenge is answered with
        the credentials once, without reading the 401's body."""
        response = self.client.send(request, stream=True)
        if response.status_code != 401 or auth is None:
            return response
        retry = auth.answer(request, response)
        if retry is None:
            return response
        response.close()
        return self.client.send(retry, stream=True)

    @staticmethod
    def _refusal(response: httpx.Response, where: str, had_credentials: bool) -> EndpointError:
        """The error for a 4xx/5xx answer, with the first lines of its body where it can be
        read (a server that refuses an upload may cut its own page short: the status is the
        answer)."""
        try:
            body = response.read()[:2000].decode("utf-8", "replace").strip()
        except (httpx.TransportError, httpx.DecodingError):
            body = ""
        hint = ("; set KGRAPH_USER and KGRAPH_PASSWORD, or a netrc entry for "
                f"{urllib.parse.urlsplit(str(response.request.url)).hostname}"
                if response.status_code == 401 and not had_credentials else "")
        return EndpointError(
            f"{where} answered HTTP {response.status_code} {response.reason_phrase}{hint}"
            + (f":\n{_first_lines(body)}" if body else ""), response.status_code)

    def _may_retry(self, attempt: int, deadline: float) -> bool:
        """Whether a failed attempt may be made again: tries left, and time (asked when it
        fails, so an attempt that used up the deadline is not repeated)."""
        return attempt < self.retries and time.monotonic() < deadline

    @staticmethod
    def _pause(attempt: int) -> None:
        time.sleep(0.2 * 2**attempt)

    def _read(self, response: httpx.Response, deadline: float, where: str, slow: str) -> bytes:
        """The body as it arrives, cut off at the deadline and at the size cap."""
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_response:
                raise ResponseTooLarge(
                    f"{where} answered more than {_size(self.max_response)}: stopped reading "
                    "(set KGRAPH_MAX_RESPONSE to allow more, e.g. KGRAPH_MAX_RESPONSE=4G)")
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise EndpointTimeout(slow.replace("did not answer", "did not finish answering"))
        return b"".join(chunks)

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
        if not isinstance(answer, dict) or not (isinstance(answer.get("boolean"), bool) or (
                isinstance(answer.get("head"), dict)
                and isinstance(answer["head"].get("vars", []), list)
                and isinstance(answer.get("results"), dict)
                and isinstance(answer["results"].get("bindings"), list))):
            raise MalformedResults(
                f"{self.url} answered JSON without SPARQL results (head/results/bindings): "
                f"{_first_lines(raw.decode('utf-8', 'replace'))}")
        return answer

    def _names(self, text: str, answer: dict[str, Any]) -> list[str]:
        """The answer's variables, which must be the ones the query selects."""
        names = answer["head"].get("vars", [])
        wanted = _selected(text)
        if wanted is not None and not set(wanted) <= set(names):
            missing = ", ".join(f"?{n}" for n in wanted if n not in names)
            raise MalformedResults(
                f"{self.url} answered SPARQL results without the selected variable(s) {missing} "
                f"(it gave: {', '.join('?' + str(n) for n in names) or 'none'})")
        return [str(n) for n in names]

    def select(self, text: str, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run the SELECT ``text`` with ``bindings`` placed as escaped VALUES terms; returns one
        dict per row (variable → rdflib term or None). MalformedResults (exit 7) if the answer is
        not SELECT results."""
        text = bind_values(text, bindings or {})
        answer = self._json(text)
        if "boolean" in answer:
            raise MalformedResults(f"{self.url} answered a yes/no result to a SELECT query")
        names = self._names(text, answer)
        try:
            return [{n: _json_value(row.get(n)) for n in names}
                    for row in answer["results"]["bindings"]]
        except (KeyError, TypeError, AttributeError) as exc:
            raise MalformedResults(f"{self.url} answered malformed bindings: {exc!r}") from None

    def query(self, query: Any, initBindings: Mapping[str, Any] | None = None) -> Result:  # noqa: N803
        """rdflib's ``Graph.query`` on the endpoint: ``query`` (text or a prepared query) with
        ``initBindings`` placed as VALUES; returns an rdflib Result (rows for SELECT, a boolean
        for ASK, a graph for CONSTRUCT/DESCRIBE)."""
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
        names = self._names(text, answer)
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
                "(Oxigraph: .../store; Fuseki: .../DATASET/data; "
                "Virtuoso: .../sparql-graph-crud-auth)")
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
            self._request(url, method=method, stream=_FileStream(path, progress), headers={
                "Content-Type": f"{_CONTENT_TYPES[fmt]}; charset=utf-8",
                "Content-Length": str(path.stat().st_size)},
                idempotent=method == "PUT")  # a POST adds: sent twice, its blank nodes twice
        try:
            count = self.triples()
        except StoreError:
            count = None  # loaded; only the count is unknown
        return LoadReport(str(self.spec), written, count, time.perf_counter() - start)

    def triples(self) -> int | None:
        """How many triples the endpoint's default graph (the union, if it is set up so)
        holds: one COUNT query."""
        from kgraph.queries import get

        rows = self.select(get("count_triples").text)
        return int(rows[0]["n"]) if rows and rows[0].get("n") is not None else None


def _selected(text: str) -> list[str] | None:
    """The variables a SELECT query names in its projection (None: ``SELECT *`` or not
    a SELECT): ``?a``, and ``?b`` of ``(... AS ?b)``, outside any sub-query."""
    from kgraph.backends.binding import _code

    code = _code(text)
    projection_end = r"(?:\bWHERE\b|\{)"  # where the projection of a SELECT stops
    match = re.search(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)" + projection_end, code,
                      re.I | re.S)
    if match is None or match.group(1).strip().startswith("*"):
        return None
    projection, depth, outer = match.group(1), 0, []
    for ch in projection:  # drop expressions, keeping each "AS ?name"
        depth += ch == "("
        outer.append(ch if depth == 0 else " ")
        depth -= ch == ")"
    names = re.findall(r"[?$](\w+)", "".join(outer))
    names += re.findall(r"\bAS\s+[?$](\w+)\s*\)", projection, re.I)
    return names


def _size(n: int) -> str:
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= factor:
            return f"{n / factor:g} {unit}"
    return f"{n} bytes"


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

