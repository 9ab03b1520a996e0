"""The only place Python spells IRIs."""

from __future__ import annotations

import re

from rdflib import Literal, Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, QB, RDF, RDFS, SKOS, XSD
from rdflib.namespace import Namespace as _NS

KG = Namespace("https://w3id.org/kgraph/ontology#")
ID = Namespace("https://w3id.org/kgraph/id/")
ORG = _NS("http://www.w3.org/ns/org#")
SH = _NS("http://www.w3.org/ns/shacl#")

PREFIXES = {
    "kg": KG,
    "id": ID,
    "skos": SKOS,
    "org": ORG,
    "prov": PROV,
    "dcterms": DCTERMS,
    "qb": QB,
    "foaf": FOAF,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
}


def bind_prefixes(graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)


def slug_of(iri: object) -> str | None:
    """The slug of an entity IRI (``.../id/kscb`` → ``kscb``), as text or a URIRef; None for
    anything else: an IRI outside the id namespace or below it (``.../id/doc/000``), a
    literal, None or "". (``short`` gives the id-namespace part of any IRI, for display.)"""
    if not isinstance(iri, str) or isinstance(iri, Literal):
        return None
    base = str(ID)
    if iri.startswith(base) and "/" not in iri[len(base):]:
        return iri[len(base):]
    return None


def slugify(text: str, limit: int | None = None, drop: str = "") -> str:
    """Text as an id: case-folded, each run of characters other than a-z and 0-9 one "-",
    cut at ``limit`` characters, no "-" at either end (may be ""); the characters in
    ``drop`` are removed first (``drop="'’"``: "Children's" → "childrens")."""
    folded = text.casefold()
    for ch in drop:
        folded = folded.replace(ch, "")
    return re.sub(r"[^a-z0-9]+", "-", folded)[:limit].strip("-")


def short(iri: str | None) -> str:
    """An IRI as users write it: the slug for kgraph ids (also ``doc/000``), else the IRI;
    "" for None."""
    if not iri:
        return ""
    base = str(ID)
    return iri[len(base):] if iri.startswith(base) else iri
