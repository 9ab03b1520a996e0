"""Bindings: user values reach a query as RDF terms, never as spliced text.

Two mechanisms, one per kind of engine:

- a VALUES block of escaped terms at the start of every group pattern that uses a bound
  variable (``bind_values``), refusing (``Unplaceable``) the queries where such a block
  cannot be placed: sub-SELECTs using the variable, CONSTRUCT/DESCRIBE templates, ``AS ?v``
  of a bound ?v, and a bound variable inside what reads as an IRI;
- the Oxigraph stores (``memory``, ``oxigraph:PATH``) use that block where it can be
  placed (fast: pyoxigraph's substitution evaluates the whole pattern, then filters) and
  the engine's own pre-binding, ``substitutions=`` (SEP-0007: the variable is replaced by
  its value wherever it occurs; it must be in the query's SELECT), where it cannot; a
  SPARQL endpoint has no such fallback and refuses those queries with a clear error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from kgraph.errors import QueryError

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


def move_graph(source: ox.NamedNode, target: ox.NamedNode) -> str:
    """The SPARQL update that moves graph ``source`` onto ``target`` (replacing it).
    MOVE takes graph IRIs, not variables, so no binding can carry them: they are written
    here, from RDF terms (``str`` of a NamedNode is its escaped ``<IRI>``), never from text."""
    return f"MOVE {source} TO {target}"


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


class Unplaceable(QueryError):
    """No VALUES block can carry these bindings into this query's text."""


def substitutions(bindings: Mapping[str, Any]) -> dict[ox.Variable, Any]:
    """Bindings as Oxigraph's own ``substitutions=`` (the engine replaces each variable
    by its value wherever it occurs: no query text is touched)."""
    out = {}
    for name, value in bindings.items():
        if not _VARIABLE.match(name):
            raise QueryError(f"not a SPARQL variable name: {name!r}")
        out[ox.Variable(name)] = to_oxigraph(value)
    return out


_NOT_SELECTED = re.compile(r"does not contains? variable \?(\w+) in its SELECT projection")


def substitution_error(exc: Exception) -> QueryError | None:
    """Oxigraph's refusal to substitute a variable the query does not select, in words."""
    match = _NOT_SELECTED.search(str(exc))
    if match is None:
        return None
    name = match.group(1)
    return QueryError(
        f"cannot bind ?{name}: the query does not select it (a bound variable must be in "
        f"the query's SELECT, e.g. SELECT ?{name} ...)")


def bind_values(text: str, bindings: Mapping[str, Any]) -> str:
    """``text`` with a VALUES block for ``bindings`` at the start of every group pattern
    that uses one of their variables (not only the outermost group): for SPARQL endpoints,
    which have no pre-binding of their own.

    A VALUES block only in the outermost group would leave a variable unbound inside a
    nested OPTIONAL or MINUS group (SPARQL evaluates groups bottom-up): answers would then
    differ from the Oxigraph stores' substitution, which binds it everywhere, and the
    nested group would be evaluated for every value before the join.

    Refused with a QueryError, rather than mangled, where a block cannot be placed:
    a CONSTRUCT or DESCRIBE query (the block would land in the template), a sub-SELECT
    using a bound variable (the block would change what the sub-query means), a bound
    variable the query assigns itself (``BIND(... AS ?v)``, ``(... AS ?v)``), and a bound
    variable inside what reads as an IRI (``FILTER(?v<?max&&?v>0)``: write ``?v < ?max``).
    """
    if not bindings:
        return text
    block = values_block(bindings)
    names = "|".join(re.escape(n) for n in bindings)
    mentions = re.compile(rf"[?$](?:{names})\b")
    _refuse_unplaceable(text, bindings, mentions)
    code = _code(text)
    where = [(a, b) for a, b in _groups(text) if mentions.search(code[a:b])]
    if not where:
        raise Unplaceable(f"cannot bind {', '.join(bindings)}: no group pattern uses it")
    for start, _end in sorted(where, reverse=True):
        text = f"{text[:start]} {block}\n{text[start:]}"
    return text


bind = bind_values  # the name older callers use


def _refuse_unplaceable(text: str, bindings: Mapping[str, Any], mentions: re.Pattern[str]) -> None:
    bound = ", ".join(f"?{n}" for n in bindings)
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "iri" and mentions.search(match.group()):
            raise Unplaceable(
                f"cannot bind {bound} on a SPARQL endpoint: {match.group()!r} reads as an "
                "IRI, not a comparison; put spaces around < and > (e.g. ?v < ?max)")
    code = _code(text)
    form = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", code, re.I)
    if form and form.group(1).upper() in ("CONSTRUCT", "DESCRIBE"):
        raise Unplaceable(
            f"cannot bind {bound} in a {form.group(1).upper()} query on a SPARQL endpoint: "
            "a VALUES block would land in its template; bind a SELECT query, or use an "
            "Oxigraph store (memory, oxigraph:PATH)")
    assigned = re.search(rf"\bAS\s+([?$](?:{'|'.join(re.escape(n) for n in bindings)}))\b",
                         code, re.I)
    if assigned:
        raise Unplaceable(
            f"cannot bind {assigned.group(1)} on a SPARQL endpoint: the query assigns it "
            f"itself (... AS {assigned.group(1)}); bind another variable")
    for start, end in _groups(text):
        if re.match(r"\s*SELECT\b", code[start:end], re.I) and mentions.search(code[start:end]):
            raise Unplaceable(
                f"cannot bind {bound} on a SPARQL endpoint: a sub-SELECT uses it, and a "
                "VALUES block inside it would change what the sub-query means")


def _code(text: str) -> str:
    """``text`` with comments, IRIs and strings (where a ?name is not a variable) blanked
    out, keeping every position."""
    return "".join(m.group() if m.lastgroup in ("brace", "other") else " " * len(m.group())
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

