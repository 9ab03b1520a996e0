"""Ad hoc SPARQL (kgraph query): text → DataFrame; syntax errors carry line and column."""

from __future__ import annotations

import pandas as pd
from rdflib import Graph

from kgraph.errors import QueryError
from kgraph.namespaces import PREFIXES
from kgraph.queries import rows


def parse_query(text: str, source: str = "<query>"):  # type: ignore[no-untyped-def]
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


def run_query(graph: Graph, text: str, source: str = "<query>") -> pd.DataFrame:
    """Run SELECT / ASK / CONSTRUCT / DESCRIBE text against ``graph``."""
    query = parse_query(text, source)
    try:
        result = graph.query(query)
    except Exception as exc:  # noqa: BLE001 - evaluation errors are the user's query
        raise QueryError(f"{source}: query failed: {exc}") from None
    if result.type == "ASK":
        return pd.DataFrame([{"ask": bool(result.askAnswer)}])
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return pd.DataFrame([(str(s), str(p), str(o)) for s, p, o in result.graph],
                            columns=["subject", "predicate", "object"])
    return pd.DataFrame(rows(result), columns=[str(v) for v in result.vars or []])
