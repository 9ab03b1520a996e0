"""Ad hoc SPARQL (kgraph query): text → DataFrame; syntax errors carry line and column.

The query text must be UTF-8 (a BOM is allowed). A federated query (``SERVICE``) calls
out to other servers, so it is refused unless the caller allows it; then the whole query
is bounded by the store timeout (``KGRAPH_TIMEOUT``, default 30 s).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from kgraph.errors import InputError, KgraphError, QueryError
from kgraph.namespaces import PREFIXES
from kgraph.queries import rows

T = TypeVar("T")


def decode_query(data: bytes, source: str = "<query>") -> str:
    """The text of a query file: UTF-8, else an InputError naming the line (exit 3)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"{source}:{line}:{column}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
            "save the query as UTF-8") from None


def read_query(path: str) -> tuple[str, str]:
    """The text of the query file ``path`` ("-": standard input) and the name to cite it
    by; an InputError (exit 3) naming the file if it is missing, a folder, unreadable or
    not UTF-8 (a UTF-8 byte-order mark is allowed)."""
    import sys

    if path == "-":
        return decode_query(sys.stdin.buffer.read(), "<stdin>"), "<stdin>"
    file = Path(path)
    if file.is_dir():
        raise InputError(f"{path}: is a folder, not a SPARQL query file")
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return decode_query(data, path), path


def parse_query(text: str, source: str = "<query>"):
    """Parse SPARQL with the kgraph prefixes predeclared; QueryError on a syntax error."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        return prepareQuery(text, initNs={k: str(v) for k, v in PREFIXES.items()})
    except ParseBaseException as exc:
        raise QueryError(
            f"{source}:{exc.lineno}:{exc.col}: SPARQL syntax error: {exc.msg}\n"
            f"  {exc.line}\n  {' ' * (exc.col - 1)}^"
        ) from None
    except Exception as exc:  # rdflib raises plain exceptions for e.g. unknown prefixes
        raise QueryError(f"{source}: bad SPARQL: {exc}") from None


def uses_service(text: str) -> bool:
    """Whether ``text`` has a SERVICE clause (outside comments, strings and IRIs)."""
    from kgraph.backends.binding import _code

    return re.search(r"\bSERVICE\b", _code(text), re.I) is not None


def run_query(graph: Any, text: str, source: str = "<query>", *,
              allow_service: bool = False, timeout: float | str | None = None) -> pd.DataFrame:
    """Run SELECT / ASK / CONSTRUCT / DESCRIBE text against ``graph`` (a Backend or an
    rdflib Graph). ``allow_service``: let a SERVICE clause call out, within ``timeout``
    seconds (default: KGRAPH_TIMEOUT, else 30)."""
    query = parse_query(text, source)
    if uses_service(text) and not allow_service:
        raise QueryError(
            f"{source}: the query is federated (SERVICE) and would call out to another "
            "server; kgraph works offline, so this is refused: pass --allow-service to "
            "allow it (bounded by KGRAPH_TIMEOUT)")
    seconds = _seconds(timeout) if allow_service and uses_service(text) else None
    try:
        if seconds is not None:
            result = _within(seconds, source, lambda: graph.query(query))
        else:
            result = graph.query(query)
    except KgraphError:  # the store's own errors (exit 6, 7) say what happened
        raise
    except Exception as exc:  # noqa: BLE001 - evaluation errors are the user's query
        raise QueryError(f"{source}: query failed: {exc}") from None
    if result.type == "ASK":
        return pd.DataFrame([{"ask": bool(result.askAnswer)}])
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return pd.DataFrame([(str(s), str(p), str(o)) for s, p, o in result.graph],
                            columns=["subject", "predicate", "object"])
    return pd.DataFrame(rows(result), columns=[str(v) for v in result.vars or []])


def _seconds(timeout: float | str | None) -> float:
    import os

    from kgraph.backends.remote import timeout_setting

    return timeout_setting(timeout if timeout is not None else os.environ.get("KGRAPH_TIMEOUT"))


def _within(seconds: float, source: str, work: Callable[[], T]) -> T:
    """``work()``, or EndpointTimeout after ``seconds`` (the engine's SERVICE calls have
    no timeout of their own: the work is left behind in a daemon thread)."""
    from kgraph.backends import EndpointTimeout

    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller below
            # without its frames: Oxigraph's results must be dropped on this thread
            box["error"] = exc.with_traceback(None)
            exc.__context__ = exc.__cause__ = None

    thread = threading.Thread(target=run, name="kgraph-service-query", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise EndpointTimeout(f"{source}: the federated query (SERVICE) did not finish within "
                              f"{seconds:g} s (set KGRAPH_TIMEOUT to wait longer)")
    if "error" in box:
        raise box["error"]
    return box["result"]
