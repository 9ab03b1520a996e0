"""Bindings: user values as escaped RDF terms in a VALUES block, never spliced text."""

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

