"""Term conversion: Oxigraph terms to the Python values and rdflib terms rdflib gives."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

if TYPE_CHECKING:
    from rdflib.term import Identifier

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@lru_cache(maxsize=65536)
def literal_value(lexical: str, datatype: str | None, language: str | None) -> Any:
    """A literal as the Python value rdflib gives (``Literal.toPython``), so rows look
    the same whichever backend answered."""
    if language is None and (datatype is None or datatype == XSD_STRING):
        return lexical
    from rdflib import Literal, URIRef

    if language:
        return Literal(lexical, lang=language).toPython()
    return Literal(lexical, datatype=URIRef(datatype)).toPython()  # type: ignore[arg-type]  # set: no datatype and no language returned above


def _ox_value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        return literal_value(term.value, term.datatype.value, term.language)
    return str(term.value) if isinstance(term, ox.BlankNode) else str(term)


def _ox_rdflib(term: Any) -> Identifier:
    """An Oxigraph term (never None: callers drop unbound values first) as rdflib's."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))

