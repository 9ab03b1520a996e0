"""Named SPARQL queries (``*.rq`` beside this file), run with bindings, never formatting.

Each file starts with ``# title:``, ``# description:`` and ``# bindings:`` lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from kgraph.errors import QueryError

if TYPE_CHECKING:
    from kgraph.backends import Backend


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str


@lru_cache(maxsize=None)
def get(name: str) -> NamedQuery:
    try:
        text = (resources.files(__package__) / f"{name}.rq").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"no named query {name!r}") from None
    head = {}
    for line in text.splitlines():
        if line.startswith("# ") and ":" in line:
            key, _, value = line[2:].partition(":")
            head[key.strip()] = value.strip()
    return NamedQuery(name, head.get("title", name), head.get("description", ""), text)


def _python(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Literal):
        return value.toPython()
    return str(value)


def rows(result: Result) -> list[dict[str, Any]]:
    """A SELECT result as plain dicts (IRIs as strings, literals as Python values)."""
    names = [str(v) for v in result.vars or []]
    return [{n: _python(row[i]) for i, n in enumerate(names)} for row in result]


def select(
    source: Graph | Backend, name: str, **bindings: URIRef | Literal
) -> list[dict[str, Any]]:
    """Run the named query on ``source`` with ``bindings`` (variable name → RDF term).

    ``source`` is an rdflib Graph (rdflib evaluates the query) or a ``kgraph.backends``
    Backend (its store does); either way rows are dicts of IRIs as str, literals as values.
    """
    query = get(name)
    if isinstance(source, Graph):
        return rows(source.query(query.text, initBindings=bindings))
    return source.select(query.text, bindings)
