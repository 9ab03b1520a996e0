"""How a link reads from each of its two ends, as the ontology states it.

The ontology gives every property that links entities a forward reading (``rdfs:label``:
subject → object, "Hidden Harm Working Group *accountable to* Kent Safeguarding Children
Board") and an inverse one (``kg:inverseLabel``: object → subject, "Kent Safeguarding
Children Board *receives reports from* Hidden Harm Working Group"). This module is the one
place Python reads them; the CLI, the report and the explorer all call :func:`phrase`, so
a link is never printed from the wrong end.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import Literal
from rdflib.namespace import RDFS

from kgraph.namespaces import KG

__all__ = ["Reading", "phrase", "readings", "local_name"]

Reading = tuple[str, str]  # (forward, inverse)


def local_name(iri: str) -> str:
    """The last segment of an IRI (after ``#`` or the last ``/``)."""
    return re.split(r"[#/]", str(iri))[-1]


def _words(iri: str) -> str:
    """``reportsTo`` → ``reports to``: a reading for a predicate the ontology does not know."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local_name(iri)).replace("_", " ").lower()


def _english(values: list[Literal]) -> str | None:
    for lang in ("en", None):
        for v in values:
            if v.language == lang:
                return str(v)
    return str(values[0]) if values else None


@lru_cache(maxsize=1)
def readings() -> dict[str, Reading]:
    """Every predicate IRI the ontology labels → (forward, inverse) reading."""
    from kgraph.loader import load_ontology

    onto = load_ontology()
    out: dict[str, Reading] = {}
    for prop in set(onto.subjects(KG.inverseLabel, None)):
        forward = _english([o for o in onto.objects(prop, RDFS.label) if isinstance(o, Literal)])
        inverse = _english([o for o in onto.objects(prop, KG.inverseLabel)
                            if isinstance(o, Literal)])
        out[str(prop)] = (forward or _words(str(prop)), inverse or "")
    return out


def phrase(predicate_iri: str, forward: bool = True) -> str:
    """How the link ``predicate_iri`` reads from its subject (``forward``) or its object.

    >>> phrase("https://w3id.org/kgraph/ontology#accountableTo")
    'accountable to'
    >>> phrase("https://w3id.org/kgraph/ontology#accountableTo", forward=False)
    'receives reports from'

    A predicate the ontology does not describe reads as its spaced local name forwards and
    "<that> (from the other end)" backwards, so nothing is ever printed the wrong way round.
    """
    known = readings().get(str(predicate_iri))
    if known is None:
        words = _words(str(predicate_iri))
        return words if forward else f"{words} (from the other end)"
    return known[0] if forward else known[1]
