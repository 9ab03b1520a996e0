"""Compile the curated source tables into the bundled graph (``data/strategies.ttl``).

Every row becomes RDF with its citation: entities get a ``kg:Mention`` per row, links and
attributes a direct triple plus a ``kg:Assertion`` (a reified, cited statement), and
observations a ``qb:Observation`` that is its own citation. IRIs are readable slugs, no
blank nodes, so diffs and remote stores behave.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, QB, RDF, RDFS, SKOS, XSD

from kgraph.curation.check import check
from kgraph.curation.sources import (
    CuratedCite,
    Sources,
    normalise_text,
    read_sources,
)
from kgraph.errors import CurationError, InputError
from kgraph.namespaces import ID, KG, ORG, bind_prefixes, slugify
from kgraph.skos import complete_schemes

PREDICATE_IRIS: dict[str, URIRef] = {
    "inScheme": SKOS.inScheme,
    "contributesTo": KG.contributesTo,
    "servesOutcome": KG.servesOutcome,
    "measures": KG.measures,
    "ownedBy": KG.ownedBy,
    "overseenBy": KG.overseenBy,
    "producedBy": KG.producedBy,
    "accountableTo": KG.accountableTo,
    "subOrganizationOf": ORG.subOrganizationOf,
    "memberOf": ORG.memberOf,
    "partOf": DCTERMS.isPartOf,
    "supports": KG.supports,
    "evolvesInto": KG.evolvesInto,
    "listedIn": KG.listedIn,
    "leadService": KG.leadService,
    "exactMatch": SKOS.exactMatch,
    "closeMatch": SKOS.closeMatch,
    "replaces": DCTERMS.replaces,
    "chairedBy": KG.chairedBy,
}

ATTRIBUTE_IRIS: dict[str, URIRef] = {
    "notation": SKOS.notation,
    "code": KG.nationalCode,
    "description": DCTERMS.description,
    "period": KG.period,
    "status": KG.status,
    "value_text": KG.valueText,
    "value_gbp": KG.valueGBP,
    "date": DCTERMS.date,
    "identity_note": KG.identityNote,
    "delivery_tier": KG.deliveryTier,
}

_NUMBER = re.compile(r"^[-+]?\d[\d,]*(\.\d+)?%?$|^[-+]?\.\d+%?$")


def document_iri(number: str) -> URIRef:
    """The IRI of source document ``number`` (its three-digit seed number, e.g. "001"):
    ``id:doc/001``."""
    return ID[f"doc/{number}"]


def date_literal(text: str) -> Literal:
    """A date as written (2013, 2013-04, 2011-11-17) typed gYear, gYearMonth or date."""
    if re.fullmatch(r"\d{4}", text):
        return Literal(text, datatype=XSD.gYear)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return Literal(text, datatype=XSD.gYearMonth)
    return Literal(text, datatype=XSD.date)


def parse_number(text: str) -> Decimal | None:
    """A source cell as a number (``-11.6%`` → -11.6, ``1,244`` → 1244), else None."""
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    try:
        return Decimal(text.replace(",", "").rstrip("%"))
    except InvalidOperation:
        return None


def decimal_literal(number: Decimal) -> Literal:
    """An xsd:decimal literal in the lexical form Turtle writes back (46 → "46.0")."""
    text = format(number, "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


# Readable names of the delivery-tier concepts (the same literals as ontology/kgraph.ttl), so a
# tier shows as words wherever the data graph is read without the ontology (show, explorer).
TIER_LABELS = {
    "key-strategy": "Key Strategies",
    "kcc-led": "Supporting Partnership Strategies that are lead by KCC",
    "partner-led": "Supporting Partnership Strategies that are lead by KCC's Partners",
}


def add_tier_concept(graph: Graph, prop: str, value: object) -> None:
    """A delivery-tier value's type and name, so the graph reads without the ontology."""
    if prop == "delivery_tier" and isinstance(value, URIRef):
        graph.add((value, RDF.type, KG.DeliveryTier))
        graph.add((value, SKOS.prefLabel,
                   Literal(TIER_LABELS[str(value).removeprefix(str(KG))], lang="en")))


def attribute_literal(prop: str, value: str) -> Literal | URIRef:
    """The value of a curated attribute: pounds as decimal, dates typed, a delivery tier as
    its concept (kg:key-strategy), else text."""
    if prop == "delivery_tier":  # a tier name, or its IRI as an export writes it back
        return KG[value.removeprefix(str(KG))]
    if prop == "value_gbp":
        return decimal_literal(Decimal(value))
    if prop == "date":
        return date_literal(value)
    return Literal(value)


def add_observation(graph: Graph, obs: URIRef, dataset: URIRef, indicator: str, area: str,
                    period: str, measure: str, value: str) -> None:
    """The Data Cube triples of one indicator value (its citation is added separately)."""
    graph.add((obs, RDF.type, QB.Observation))
    graph.add((obs, RDF.type, KG.Citation))
    graph.add((obs, QB.dataSet, dataset))
    graph.add((obs, KG.indicator, ID[indicator]))
    graph.add((obs, KG.refArea, Literal(area)))
    graph.add((obs, KG.refPeriod, Literal(period)))
    graph.add((obs, KG.measureType, Literal(measure)))
    graph.add((obs, KG.valueText, Literal(value)))
    number = parse_number(value)
    if number is not None:
        graph.add((obs, KG.value, decimal_literal(number)))


class _Compiler:
    def __init__(self, sources: Sources, documents: list[dict[str, str]],
                 canonical: dict[str, str] | None = None) -> None:
        self.sources = sources
        self.canonical = canonical or {}
        self.graph = Graph()
        bind_prefixes(self.graph)
        self.doc_of_seed = {d["file"]: d["number"] for d in documents}
        self.documents = documents
        self.used: set[URIRef] = set()

    def _unique(self, iri: URIRef) -> URIRef:
        n, candidate = 1, iri
        while candidate in self.used:
            n += 1
            candidate = URIRef(f"{iri}-{n}")
        self.used.add(candidate)
        return candidate

    def _cite(self, node: URIRef, cite: CuratedCite) -> None:
        g = self.graph
        g.add((node, KG.sourceDocument, document_iri(self.doc_of_seed[cite.document])))
        g.add((node, KG.line, Literal(cite.line, datatype=XSD.positiveInteger)))
        g.add((node, KG.quote, Literal(normalise_text(cite.quote))))
        g.add((node, KG.curatedAt, Literal(f"data/sources/{cite.folder}/{cite.table}:{cite.row + 1}")))
        if cite.flag:
            g.add((node, KG.qualityFlag, KG[cite.flag]))
        if cite.note:
            g.add((node, RDFS.comment, Literal(cite.note)))

    def _assert(self, key: str, triple: tuple, cite: CuratedCite) -> None:
        """A kg:Assertion (a cited rdf:Statement) of ``triple``, IRI stmt/<key>/<where>."""
        g = self.graph
        stmt = self._unique(ID[f"stmt/{key}/{self._where(cite)}"])
        g.add((stmt, RDF.type, KG.Assertion))
        g.add((stmt, RDF.subject, triple[0]))
        g.add((stmt, RDF.predicate, triple[1]))
        g.add((stmt, RDF.object, triple[2]))
        self._cite(stmt, cite)

    def _where(self, cite: CuratedCite) -> str:
        return f"{cite.folder}-L{cite.line}"

    def documents_(self) -> None:
        g = self.graph
        for d in self.documents:
            doc = document_iri(d["number"])
            g.add((doc, RDF.type, KG.SourceDocument))
            g.add((doc, DCTERMS.title, Literal(d["title"])))
            g.add((doc, RDFS.label, Literal(d["title"])))
            g.add((doc, DCTERMS.identifier, Literal(d["file"])))
            g.add((doc, DCTERMS.date, date_literal(d["date"])))
            mention = self._unique(ID[f"mention/doc-{d['number']}/{d['number']}-L{d['line']}"])
            g.add((mention, RDF.type, KG.Mention))
            g.add((mention, KG.mentionOf, doc))
            g.add((mention, KG.sourceDocument, doc))
            g.add((mention, KG.line, Literal(int(d["line"]), datatype=XSD.positiveInteger)))
            g.add((mention, KG.quote, Literal(normalise_text(d["quote"]))))

    def entities(self) -> None:
        g = self.graph
        rows = defaultdict(list)
        for e in self.sources.entities:
            rows[e.id].append(e)
        for eid, group in rows.items():
            node = ID[eid]
            g.add((node, RDF.type, KG[group[0].type]))
            counts = Counter(e.label for e in group)
            first_seen: dict[str, int] = {}
            for i, e in enumerate(group):
                first_seen.setdefault(e.label, i)
            # ids.csv may name the preferred label, if a document uses it; else the most used
            pref = self.canonical.get(eid)
            if pref not in counts:
                pref = min(counts, key=lambda lab: (-counts[lab], first_seen[lab]))
            g.add((node, SKOS.prefLabel, Literal(pref)))
            g.add((node, RDFS.label, Literal(pref)))
            for label in counts:
                if label != pref:
                    g.add((node, SKOS.altLabel, Literal(label)))
            for e in group:
                mention = self._unique(ID[f"mention/{eid}/{self._where(e.cite)}"])
                g.add((mention, RDF.type, KG.Mention))
                g.add((mention, KG.mentionOf, node))
                g.add((node, KG.mentionedAt, mention))
                g.add((mention, KG.labelUsed, Literal(e.label)))
                self._cite(mention, e.cite)
                g.add((node, DCTERMS.source, document_iri(self.doc_of_seed[e.cite.document])))

    def links(self) -> None:
        g = self.graph
        for link in self.sources.links:
            s, o = ID[link.subject], ID[link.object]
            p = PREDICATE_IRIS[link.predicate]
            g.add((s, p, o))
            if link.predicate == "inScheme":
                g.add((o, RDF.type, SKOS.ConceptScheme))
            self._assert(f"{link.subject}/{link.predicate}/{link.object}", (s, p, o), link.cite)

    def attributes(self) -> None:
        g = self.graph
        for a in self.sources.attributes:
            s, p = ID[a.id], ATTRIBUTE_IRIS[a.property]
            value = attribute_literal(a.property, a.value)
            g.add((s, p, value))
            add_tier_concept(g, a.property, value)
            self._assert(f"{a.id}/{a.property}", (s, p, value), a.cite)

    def observations(self) -> None:
        g = self.graph
        for o in self.sources.observations:
            dataset = ID[f"dataset/{o.cite.folder}"]
            if (dataset, RDF.type, QB.DataSet) not in g:
                g.add((dataset, RDF.type, QB.DataSet))
                g.add((dataset, QB.structure, KG.IndicatorValues))
                g.add((dataset, RDFS.label, Literal(f"Indicator values from {o.cite.document}")))
                g.add((dataset, DCTERMS.source, document_iri(self.doc_of_seed[o.cite.document])))
            obs = self._unique(
                ID[f"obs/{o.indicator}/{o.area}/{slugify(o.period) or 'x'}/{o.measure}"]
            )
            add_observation(g, obs, dataset, o.indicator, o.area, o.period, o.measure, o.value)
            self._cite(obs, o.cite)


def read_documents(path: Path) -> list[dict[str, str]]:
    """The rows of a curated documents.csv at ``path``, as dicts keyed by its header."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def compile_sources(sources_dir: Path, seeds_dir: Path) -> Graph:
    """Check the tables and build the graph; raise CurationError listing every problem."""
    sources = read_sources(sources_dir, seeds_dir)
    problems = check(sources, seeds_dir)
    if problems:
        raise CurationError(problems)
    ids = sources_dir / "ids.csv"
    canonical = {r["id"]: r["label"] for r in read_documents(ids)} if ids.exists() else {}
    compiler = _Compiler(sources, read_documents(sources_dir / "documents.csv"), canonical)
    compiler.documents_()
    compiler.entities()
    compiler.links()
    compiler.attributes()
    compiler.observations()
    return complete_schemes(compiler.graph)  # valid SKOS: see kgraph.skos


def build(
    sources_dir: Path | None = None, seeds_dir: Path | None = None, output: Path | None = None
) -> tuple[Path, int]:
    """Compile the tables and write the Turtle atomically; returns (path, triple count).

    Writing the bundled graph also regenerates data/QUALITY.md and data/IDENTITY.md beside it.
    """
    from kgraph.curation.reports import identity_report, quality_report
    from kgraph.fileio import write_text_atomic
    from kgraph.resources import project_root, seeds

    root = project_root()
    sources_dir = sources_dir or root / "data" / "sources"
    seeds_dir = seeds_dir or seeds()
    output = output or root / "data" / "strategies.ttl"
    for folder, what in ((sources_dir, "curated tables"), (seeds_dir, "seed documents")):
        if not Path(folder).is_dir():  # e.g. an installed wheel: it ships the graph, not these
            raise InputError(f"{folder}: no {what} here; kgraph compile runs in a source "
                             "checkout (give --sources and --seeds to compile elsewhere)")
    graph = compile_sources(sources_dir, seeds_dir)
    header = (
        "# Generated by `kgraph compile` from data/sources/*/*.csv - do not edit by hand.\n"
        "# Every entity, link, attribute and observation cites its seed file line and quote.\n"
    )
    write_text_atomic(output, header + graph.serialize(format="turtle"))
    if output == root / "data" / "strategies.ttl":
        write_text_atomic(root / "data" / "QUALITY.md", quality_report(sources_dir, seeds_dir))
        write_text_atomic(root / "data" / "IDENTITY.md",
                          identity_report(sources_dir, seeds_dir, graph))
    return output, len(graph)
