"""Where the graph lives: in memory, in a persistent embedded store, or behind an endpoint.

One interface, three backends, chosen with one store spec (``--store`` / ``KGRAPH_STORE``):

- ``memory`` (default): the given files (default: the bundled graph) parsed into an
  in-memory Oxigraph store at start-up. No set-up at all.
- ``oxigraph:PATH``: a persistent embedded Oxigraph store, filled once with
  ``kgraph load --store oxigraph:PATH FILES`` and queried many times without re-parsing.
- ``sparql:URL``: any SPARQL 1.1 query endpoint (Oxigraph server, Virtuoso, GraphDB,
  QLever, Neptune...); loading uses the SPARQL 1.1 Graph Store Protocol.

Every file loads into a named graph of its own (``graph_iri(path)``), replaced atomically
when the file is loaded again; queries see the union of all graphs (run an Oxigraph
server with ``--union-default-graph``, or add ``?union-default-graph`` to its URL).

User values reach a query only as bindings: a ``VALUES`` block made of escaped RDF terms
is put at the start of the query's outermost group (so it constrains the whole pattern,
as rdflib's ``initBindings`` do in memory; rdflib's own remote store appends it after the
query instead, which changes the answers of grouped queries: rdflib issue 1772).
"""

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
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from kgraph.errors import InputError, KgraphError, ParseError, QueryError

if TYPE_CHECKING:
    from rdflib.query import Result
    from rdflib.term import Identifier

Progress = Callable[[int], None]  # called with the number of bytes just read

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
DEFAULT_TIMEOUT = 30.0  # seconds, for one request to a remote endpoint
DEFAULT_RETRIES = 2  # extra attempts after a refused connection or a 502/503/504


# --------------------------------------------------------------------------- errors


class StoreError(KgraphError):
    """A store or endpoint could not be opened or could not answer."""

    exit_code = 7


class StoreNotFound(StoreError):
    """``oxigraph:PATH`` names no store (it is made by ``kgraph load``)."""


class EndpointUnreachable(StoreError):
    """Nothing answers at the endpoint's address (refused, unknown host, reset)."""


class EndpointTimeout(StoreError):
    """The endpoint did not answer within the timeout."""


class EndpointError(StoreError):
    """The endpoint answered with an HTTP error status."""

    def __init__(self, message: str, status: int) -> None:
        self.status = status
        super().__init__(message)


class MalformedResults(StoreError):
    """The endpoint answered, but not with readable SPARQL results."""


# --------------------------------------------------------------------------- specs


@dataclass(frozen=True)
class StoreSpec:
    kind: str  # "memory" | "oxigraph" | "sparql"
    location: str = ""  # a path or a URL

    def __str__(self) -> str:
        return self.kind if self.kind == "memory" else f"{self.kind}:{self.location}"


def parse_spec(text: str | None) -> StoreSpec:
    """``memory``, ``oxigraph:PATH`` or ``sparql:URL`` → StoreSpec; InputError otherwise."""
    text = (text or "memory").strip()
    kind, sep, rest = text.partition(":")
    if text == "memory":
        return StoreSpec("memory")
    if sep and kind == "oxigraph" and rest:
        return StoreSpec("oxigraph", rest)
    if sep and kind == "sparql" and urllib.parse.urlsplit(rest).scheme in ("http", "https"):
        return StoreSpec("sparql", rest)
    raise InputError(
        f"unknown store {text!r}: use memory, oxigraph:PATH or sparql:http(s)://HOST/PATH"
    )


def open_backend(
    spec: str | StoreSpec | None = None,
    data: Sequence[str | Path] = (),
    *,
    create: bool = False,
    timeout: float | None = None,
) -> Backend:
    """The backend a store spec names. ``data``: files for the memory backend (default:
    the bundled graph). ``create``: make a missing persistent store (for loading)."""
    spec = spec if isinstance(spec, StoreSpec) else parse_spec(spec)
    if spec.kind == "memory":
        return MemoryBackend(data)
    if data:
        raise InputError(
            f"--data files are read by the memory store only; load them into {spec} with "
            f"`kgraph load --store {spec} FILES`"
        )
    if spec.kind == "oxigraph":
        return OxigraphBackend(spec.location, create=create)
    return SparqlBackend(spec.location, timeout=timeout)


# --------------------------------------------------------------------------- formats

_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


def _ox_format(path: Path) -> ox.RdfFormat:
    from kgraph.loader import format_of  # one table of file types for every loader

    return _OX_FORMATS[format_of(path)]


def graph_iri(path: str | Path) -> str:
    """The named graph a file loads into: one per file name, so reloading replaces it."""
    from kgraph.namespaces import ID

    name = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(path).name).strip("-") or "graph"
    return str(ID[f"graph/{name}"])


def _check_file(path: Path) -> None:
    from kgraph.loader import check_input  # the one gateway every RDF file passes

    check_input(path)


class _ProgressReader:
    """A binary file that reports how many bytes were read (for a progress bar)."""

    def __init__(self, fh: IO[bytes], progress: Progress | None) -> None:
        self._fh, self._progress = fh, progress

    def read(self, size: int = -1) -> bytes:
        chunk = self._fh.read(size)
        if self._progress is not None and chunk:
            self._progress(len(chunk))
        return chunk

    def readinto(self, buffer: Any) -> int:
        n = self._fh.readinto(buffer)  # type: ignore[attr-defined]
        if self._progress is not None and n:
            self._progress(n)
        return n

    def __len__(self) -> int:  # the Content-Length of an upload
        return os.fstat(self._fh.fileno()).st_size

    def seek(self, offset: int) -> int:  # a retried upload starts again
        return self._fh.seek(offset)


def _parse_error(path: Path, exc: SyntaxError) -> ParseError:
    message = str(exc.msg if hasattr(exc, "msg") else exc)
    return ParseError(str(path), exc.lineno, f"bad {_ox_format(path).name} syntax: {message}")


# --------------------------------------------------------------------------- bindings


_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Tokens that may hold a "{" which does not open a group: comments, IRIs, strings.
_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | '''(?:[^'\\]|\\.|'(?!''))*'''
                  | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*')
      | (?P<brace>\{)
      | (?P<other>\}|[^#<"'{}]+|.)""",
    re.X | re.S,
)


_DATA_BLOCK = re.compile(r"\bVALUES\s*(?:[?$]\w+|\([^()]*\))\s*\Z", re.I)


def to_oxigraph(term: Any) -> ox.NamedNode | ox.Literal:
    """An rdflib IRI or literal (or a plain str / int / float / bool) as an Oxigraph term."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        try:
            return ox.NamedNode(str(term))
        except ValueError as exc:
            raise QueryError(f"not a usable IRI for a binding: {str(term)!r} ({exc})") from None
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be a query binding: use an IRI")
    if not isinstance(term, Literal):
        term = Literal(term)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def values_block(bindings: Mapping[str, Any]) -> str:
    """``VALUES (?a ?b) { (<iri> "escaped \\"text\\"") }`` from bindings (terms escaped
    by Oxigraph's N-Triples serialiser, so no value can end the block early)."""
    names = list(bindings)
    for name in names:
        if not _VARIABLE.match(name):
            raise QueryError(f"not a SPARQL variable name: {name!r}")
    terms = " ".join(str(to_oxigraph(bindings[n])) for n in names)
    variables = " ".join(f"?{n}" for n in names)
    return f"VALUES ({variables}) {{ ({terms}) }}"


def _groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of every group pattern: after its "{" up to its "}", leaving out
    comments, IRIs, strings and VALUES data blocks."""
    groups, stack = [], []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "brace":
            data = _DATA_BLOCK.search(text, 0, match.start()) is not None
            stack.append((match.end(), data))
        elif kind == "other" and match.group() == "}" and stack:
            start, data = stack.pop()
            if not data:
                groups.append((start, match.start()))
    if stack:
        raise QueryError("cannot bind values: unbalanced braces in the query")
    return groups


def bind(text: str, bindings: Mapping[str, Any]) -> str:
    """``text`` with a VALUES block for ``bindings`` at the start of every group that
    mentions one of their variables.

    A VALUES block only in the outermost group would leave a variable unbound inside a
    nested OPTIONAL or MINUS group (SPARQL evaluates groups bottom-up): answers would
    then differ from rdflib's ``initBindings``, which bind it everywhere, and the nested
    group would be evaluated for every value before the join. Repeating the block in
    each group that uses the variable gives rdflib's answers and keeps the store's
    work proportional to the bound value.
    """
    if not bindings:
        return text
    block = values_block(bindings)
    names = "|".join(re.escape(n) for n in bindings)
    mentions = re.compile(rf"[?$](?:{names})\b")
    where = [(a, b) for a, b in _groups(text) if mentions.search(_code(text[a:b]))]
    if not where:
        raise QueryError(f"cannot bind {', '.join(bindings)}: no group pattern uses it")
    for start, _end in sorted(where, reverse=True):
        text = f"{text[:start]} {block}\n{text[start:]}"
    return text


def _code(text: str) -> str:
    """``text`` without comments, IRIs and strings (where a ?name is not a variable)."""
    return "".join(m.group() if m.lastgroup in ("brace", "other") else " "
                   for m in _TOKEN.finditer(text))


def _query_text(query: Any) -> tuple[str, dict[str, str]]:
    """Text and predeclared prefixes of a query string or an rdflib prepared query."""
    if isinstance(query, str):
        return query, {}
    original = getattr(query, "_original_args", None)  # rdflib >= 7 keeps the text
    if not original:
        raise QueryError("this store needs the query as text")
    text, namespaces = original[0], original[1] or {}
    return text, {str(k): str(v) for k, v in namespaces.items()}


def _with_prefixes(text: str, prefixes: Mapping[str, str]) -> str:
    declared = {m.group(1) for m in re.finditer(r"(?im)^\s*PREFIX\s+([\w.-]*):", text)}
    head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items() if p not in declared)
    return head + text


# --------------------------------------------------------------------------- values

@lru_cache(maxsize=65536)
def literal_value(lexical: str, datatype: str | None, language: str | None) -> Any:
    """A literal as the Python value rdflib gives (``Literal.toPython``), so rows look
    the same whichever backend answered."""
    if language is None and (datatype is None or datatype == XSD_STRING):
        return lexical
    from rdflib import Literal, URIRef

    if language:
        return Literal(lexical, lang=language).toPython()
    return Literal(lexical, datatype=URIRef(datatype)).toPython()


def _ox_value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        return literal_value(term.value, term.datatype.value, term.language)
    return str(term.value) if isinstance(term, ox.BlankNode) else str(term)


def _ox_rdflib(term: Any) -> Identifier | None:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


# --------------------------------------------------------------------------- interface


@dataclass
class LoadReport:
    store: str
    graphs: list[str] = field(default_factory=list)  # named graphs written
    triples: int | None = None  # in the store afterwards, if known
    seconds: float = 0.0


class Backend(ABC):
    """A graph to run the named queries on (``kgraph.queries.select(backend, name)``)."""

    spec: StoreSpec

    @abstractmethod
    def select(self, text: str, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows of a SELECT query: dicts of variable → IRI as str / literal as Python value."""

    @abstractmethod
    def query(self, query: Any, initBindings: Mapping[str, Any] | None = None) -> Result:  # noqa: N803
        """Any query (text or rdflib prepared query) as an rdflib Result, like Graph.query."""

    @abstractmethod
    def load(self, files: Iterable[str | Path], graph: str | None = None,
             progress: Progress | None = None) -> LoadReport:
        """Load each file into its own named graph, replacing that graph atomically."""

    @abstractmethod
    def triples(self) -> int | None:
        """How many triples (quads) the store holds, if that is cheap to know."""

    def close(self) -> None:  # noqa: B027 - optional for backends holding nothing open
        """Release the store."""

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.spec}>"


# --------------------------------------------------------------------------- oxigraph


class _OxigraphBase(Backend):
    store: ox.Store

    def _run(self, text: str, prefixes: Mapping[str, str] | None = None) -> Any:
        try:
            return self.store.query(text, use_default_graph_as_union=True,
                                    prefixes=dict(prefixes) if prefixes else None)
        except SyntaxError as exc:
            raise QueryError(f"bad SPARQL: {exc.msg}") from None
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"query failed on {self.spec}: {exc}") from None

    def select(self, text: str, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        solutions = self._run(bind(text, bindings or {}))
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        names = [v.value for v in solutions.variables]
        positions = range(len(names))
        return [{names[i]: _ox_value(s[i]) for i in positions} for s in solutions]

    def query(self, query: Any, initBindings: Mapping[str, Any] | None = None) -> Result:  # noqa: N803
        from rdflib import Graph, Variable
        from rdflib.query import Result

        text, prefixes = _query_text(query)
        answer = self._run(bind(text, initBindings or {}), prefixes)
        if isinstance(answer, ox.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(answer)
        elif isinstance(answer, ox.QuerySolutions):
            result = Result("SELECT")
            names = [v.value for v in answer.variables]
            result.vars = [Variable(n) for n in names]
            result.bindings = [
                {Variable(n): _ox_rdflib(s[i]) for i, n in enumerate(names) if s[i] is not None}
                for s in answer
            ]
        else:
            result = Result("CONSTRUCT")
            graph = Graph()
            for t in answer:
                graph.add((_ox_rdflib(t.subject), _ox_rdflib(t.predicate), _ox_rdflib(t.object)))
            result.graph = graph
        return result

    def _load_file(self, path: Path, graph: str | None, progress: Progress | None,
                   replace: bool) -> list[str]:
        _check_file(path)
        fmt = _ox_format(path)
        target = None if fmt.supports_datasets else ox.NamedNode(graph or graph_iri(path))
        staging = None
        if target is not None and replace and self.store.contains_named_graph(target):
            # load beside the old graph, then swap in one transaction: readers see the old
            # graph or the new one, never a half-loaded one
            staging = ox.NamedNode(f"{target.value}-loading-{uuid.uuid4().hex}")
        try:
            if progress is None:  # Oxigraph reads the file itself: about a quarter faster
                self.store.bulk_load(path=str(path), format=fmt, to_graph=staging or target)
            else:
                with path.open("rb") as fh:
                    self.store.bulk_load(_ProgressReader(fh, progress), fmt,
                                         to_graph=staging or target)
        except SyntaxError as exc:
            if staging is not None:
                self.store.remove_graph(staging)
            raise _parse_error(path, exc) from None
        if staging is not None:
            self.store.update(f"MOVE {staging} TO {target}")
        if target is None:
            return [str(g.value) for g in self.store.named_graphs()]
        return [target.value]

    def load(self, files: Iterable[str | Path], graph: str | None = None,
             progress: Progress | None = None) -> LoadReport:
        start = time.perf_counter()
        paths = [Path(f) for f in files]
        if graph and len(paths) > 1:
            raise InputError("--graph names one graph: load one file with it")
        written: list[str] = []
        for path in paths:
            for g in self._load_file(path, graph, progress, replace=True):
                if g not in written:
                    written.append(g)
        self.store.flush()
        return LoadReport(str(self.spec), written, self.triples(), time.perf_counter() - start)

    def triples(self) -> int | None:
        return len(self.store)


class MemoryBackend(_OxigraphBase):
    """The files (default: the bundled graph) in an Oxigraph store of their own: parsed
    into memory, or opened from the parsed-graph cache (``kgraph.cache``) when they were
    parsed before."""

    def __init__(self, files: Sequence[str | Path] = (), *, cache: bool = True) -> None:
        from kgraph import resources
        from kgraph.cache import cached_store

        self.spec = StoreSpec("memory")
        self.files = [Path(f) for f in files] or [resources.bundled_graph()]
        for path in self.files:
            _check_file(path)
            _ox_format(path)  # an unknown file type is an InputError before any work
        stored = cached_store(self.files, self._fill) if cache else None
        self.cached = stored is not None
        if stored is None:
            stored = ox.Store()
            self._fill(stored)
        self.store = stored

    def _fill(self, store: ox.Store) -> None:
        for path in self.files:
            fmt = _ox_format(path)
            to_graph = None if fmt.supports_datasets else ox.NamedNode(graph_iri(path))
            try:
                store.load(path=str(path), format=fmt, to_graph=to_graph)
            except SyntaxError as exc:
                raise _parse_error(path, exc) from None

    def load(self, files: Iterable[str | Path], graph: str | None = None,
             progress: Progress | None = None) -> LoadReport:
        files = [Path(f) for f in files]
        if self.cached:  # a cached store is read-only: continue in memory
            self.store, self.cached = ox.Store(), False
            self._fill(self.store)
        report = super().load(files, graph, progress)
        self.files += files
        return report


class OxigraphBackend(_OxigraphBase):
    """A persistent Oxigraph (RocksDB) store in a directory."""

    def __init__(self, path: str | Path, *, create: bool = False) -> None:
        self.path = Path(path)
        self.spec = StoreSpec("oxigraph", str(path))
        if not create and not (self.path / "CURRENT").is_file():
            raise StoreNotFound(
                f"no Oxigraph store at {self.path}: make one with "
                f"`kgraph load --store oxigraph:{self.path} FILES`"
            )
        try:
            # Readers open read-only so that several commands can query at once.
            self.store = ox.Store(str(self.path)) if create else ox.Store.read_only(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the Oxigraph store at {self.path}: {exc}") from None

    def close(self) -> None:
        self.store = None  # type: ignore[assignment] # RocksDB closes when dropped


# --------------------------------------------------------------------------- remote

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
        answer = self._json(bind(text, bindings or {}))
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
        text = _with_prefixes(bind(text, initBindings or {}), prefixes)
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


__all__ = [
    "Backend", "EndpointError", "EndpointTimeout", "EndpointUnreachable", "LoadReport",
    "MalformedResults", "MemoryBackend", "OxigraphBackend", "SparqlBackend", "StoreError",
    "StoreNotFound", "StoreSpec", "bind", "graph_iri", "open_backend", "parse_spec",
    "values_block",
]
