"""Named SPARQL queries (``*.rq`` beside this file), run with bindings, never formatting.

Each file starts with ``# title:``, ``# description:`` and ``# bindings:`` lines. The
bindings line is ``none`` or a comma-separated list of ``?name (IRI)`` / ``?name (literal)``
(add ``optional`` inside the brackets for a binding a caller may leave out); every call is
checked against it. A bound variable is selected by the query (so that Oxigraph can
substitute it) and left out of the rows (it holds the value the caller gave).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, TypeAlias

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from kgraph.errors import QueryError

if TYPE_CHECKING:
    from kgraph.backends import Backend

#: What the analyses read: an rdflib Graph (rdflib evaluates the queries) or a kgraph
#: backend (its store does). Code that needs rdflib's own API takes a ``Graph``.
Source: TypeAlias = "Graph | Backend"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str
    bindings: tuple[Binding, ...] = ()

    def check(self, given: Mapping[str, Any]) -> None:
        """QueryError unless ``given`` matches the ``# bindings:`` header."""
        declared = {b.name: b for b in self.bindings}
        takes = ", ".join(str(b) for b in self.bindings) or "no bindings"
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise QueryError(f"query {self.name!r} takes {takes}, not "
                             f"{', '.join('?' + n for n in unknown)}")
        missing = [str(b) for b in self.bindings if not b.optional and b.name not in given]
        if missing:
            raise QueryError(f"query {self.name!r} needs {', '.join(missing)}")
        for name, value in given.items():
            if declared[name].kind == "IRI" and not isinstance(value, URIRef):
                raise QueryError(f"query {self.name!r}: ?{name} must be an IRI, "
                                 f"not {value!r}")
            if declared[name].kind == "literal" and isinstance(value, URIRef):
                raise QueryError(f"query {self.name!r}: ?{name} must be a literal, "
                                 f"not the IRI {value}")


@dataclass(frozen=True)
class Binding:
    name: str
    kind: str  # "IRI" | "literal"
    optional: bool = False

    def __str__(self) -> str:
        return f"?{self.name} ({self.kind}{', optional' if self.optional else ''})"


_BINDING = re.compile(r"^\?(\w+) \((IRI|literal)(, optional)?\)(,? optional\b.*)?$")


def _bindings(name: str, line: str) -> tuple[Binding, ...]:
    if line.strip() == "none":
        return ()
    out = []
    for part in re.split(r",\s*(?=\?)", line.strip()):
        match = _BINDING.match(part.strip())
        if match is None:
            raise QueryError(f"{name}.rq: cannot read its '# bindings:' line ({line!r}): "
                             "write none or ?name (IRI|literal[, optional]), ...")
        out.append(Binding(match.group(1), match.group(2),
                           bool(match.group(3) or match.group(4))))
    return tuple(out)


@cache
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
    if "bindings" not in head:
        raise QueryError(f"{name}.rq has no '# bindings:' line")
    return NamedQuery(name, head.get("title", name), head.get("description", ""), text,
                      _bindings(name, head["bindings"]))


def _python(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Literal):
        return value.toPython()
    return str(value)


def rows(result: Result) -> list[dict[str, Any]]:
    """A SELECT result as plain dicts (IRIs as strings, literals as Python values)."""
    names = [str(v) for v in result.vars or []]
    return [{n: _python(row[i]) for i, n in enumerate(names)} for row in result]  # type: ignore[index]  # a SELECT result's rows are ResultRows


def select(
    source: Source, name: str, **bindings: URIRef | Literal
) -> list[dict[str, Any]]:
    """Run the named query on ``source`` with ``bindings`` (variable name → RDF term).

    ``source`` is an rdflib Graph (rdflib evaluates the query) or a ``kgraph.backends``
    Backend (its store does); either way rows are dicts of IRIs as str, literals as values.
    """
    query = get(name)
    query.check(bindings)
    if isinstance(source, Graph):
        found = rows(source.query(query.text, initBindings=bindings))
    else:
        found = source.select(query.text, bindings)
    if bindings:
        found = [{k: v for k, v in row.items() if k not in bindings} for row in found]
    return found
