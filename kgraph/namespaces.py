"""The only place Python spells IRIs."""

from __future__ import annotations

from rdflib import Namespace
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


def bind_prefixes(graph) -> None:  # type: ignore[no-untyped-def]
    """Bind kgraph's prefixes (kg, id, skos, org, prov, dcterms, qb...) on ``graph``, replacing any
    others for them."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)


def slug_of(iri: str) -> str | None:
    """The slug of an entity IRI (``.../id/kscb`` → ``kscb``), else None."""
    base = str(ID)
    if iri.startswith(base) and "/" not in iri[len(base):]:
        return iri[len(base):]
    return None


def short(iri: str | None) -> str:
    """An IRI as users write it: the slug for kgraph ids (also ``doc/000``), else the IRI;
    "" for None."""
    if not iri:
        return ""
    base = str(ID)
    return iri[len(base):] if iri.startswith(base) else iri
