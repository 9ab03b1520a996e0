"""Checked workbook records → RDF, merged into a copy of the existing graph.

The RDF has the shape ``kgraph.curation.compile`` gives the curated tables: an entity has a
``kg:Mention`` per row that names it, every link and attribute a ``kg:Assertion``, every
observation is its own citation. Citation IRIs are ``mention/<id>/<ref>``,
``stmt/<s>/<p>/<o>/<ref>``, ``stmt/<s>/<property>/<ref>`` and ``obs/<ref>``, where ``ref``
is the row's (``<workbook>-<sheet>-r<row>`` unless an export filled it in).
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, QB, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kgraph.curation.compile import (
    ATTRIBUTE_IRIS,
    PREDICATE_IRIS,
    add_observation,
    add_tier_concept,
    attribute_literal,
    date_literal,
    document_iri,
)
from kgraph.exchange.model import (  # re-exported: the exporter and the diff use them
    KG_TYPES,
    BaseIndex,
    Built,
    CheckedWorkbook,
    DocumentRec,
    Origin,
    Problem,
    WorkbookCite,
    norm_label,
)
from kgraph.namespaces import ID, KG, bind_prefixes
from kgraph.skos import complete_schemes


class _Builder:
    def __init__(self, reader: CheckedWorkbook, base: Graph | None) -> None:
        self.reader = reader
        self.graph = Graph()
        bind_prefixes(self.graph)
        if base is not None:
            self.graph += base
        self.out = Built(self.graph, base)
        self.claimed: dict[URIRef, Origin] = {}

    def claim(self, node: URIRef, origin: Origin, *signature: tuple[URIRef, Node]) -> bool:
        """Make ``node`` once. False (and a problem) if another row or the graph has it."""
        if node in self.claimed:
            first = self.claimed[node]
            self.out.problems.append(Problem(origin.sheet, origin.row, origin.column or "ref",
                                             f"the same citation as {first.sheet} row "
                                             f"{first.row} (ref {str(node)[len(str(ID)):]!r})"))
            return False
        base = self.out.base
        if base is not None and (node, None, None) in base:
            if all((node, p, o) in base for p, o in signature):
                return True  # the very same citation is already in the graph
            self.out.problems.append(Problem(origin.sheet, origin.row, origin.column or "ref",
                                             f"ref {str(node)[len(str(ID)):]!r} is already used "
                                             "for something else in the existing graph"))
            return False
        self.claimed[node] = origin
        self.touch(node, origin)
        return True

    def touch(self, node: URIRef, origin: Origin) -> None:
        self.out.touched.add(node)
        self.out.origins.setdefault(str(node)[len(str(ID)):], origin)

    def cite(self, node: URIRef, cite: WorkbookCite) -> None:
        g = self.graph
        g.add((node, KG.sourceDocument, document_iri(cite.document)))
        g.add((node, KG.line, Literal(cite.line, datatype=XSD.positiveInteger)))
        g.add((node, KG.quote, Literal(cite.quote)))
        if cite.curated_at:
            g.add((node, KG.curatedAt, Literal(cite.curated_at)))
        if cite.flag:
            g.add((node, KG.qualityFlag, KG[cite.flag]))
        if cite.note:
            g.add((node, RDFS.comment, Literal(cite.note)))

    def state(self, stmt: URIRef, s: URIRef, p: URIRef, o: object, cite: WorkbookCite) -> None:
        """The fact (s p o) and the cited kg:Assertion ``stmt`` that states it."""
        g = self.graph
        g.add((s, p, o))  # type: ignore[arg-type]  # o: a URIRef or Literal
        g.add((stmt, RDF.type, KG.Assertion))
        g.add((stmt, RDF.subject, s))
        g.add((stmt, RDF.predicate, p))
        g.add((stmt, RDF.object, o))  # type: ignore[arg-type]  # o: a URIRef or Literal
        self.cite(stmt, cite)

    def documents(self) -> None:
        g, r = self.graph, self.reader
        known = r.base.docs
        docs = list(r.docs.values())
        if r.uses_workbook and r.key not in r.docs and r.key not in known:
            docs.append(DocumentRec(r.key, r.name, r.name, ""))
        for d in docs:
            if d.key in known:
                continue
            doc = document_iri(d.key)
            g.add((doc, RDF.type, KG.SourceDocument))
            if d.file:
                g.add((doc, DCTERMS.identifier, Literal(d.file)))
            if d.title:
                g.add((doc, DCTERMS.title, Literal(d.title)))
            if d.title or d.file:
                g.add((doc, RDFS.label, Literal(d.title or d.file)))
            if d.date:
                g.add((doc, DCTERMS.date, date_literal(d.date)))
        for c in r.doc_mentions:
            doc = document_iri(c.document)
            node = ID[f"mention/doc-{c.document}/{c.ref}"]
            if not self.claim(node, c.origin, (KG.mentionOf, doc)):
                continue
            g.add((node, RDF.type, KG.Mention))
            g.add((node, KG.mentionOf, doc))
            g.add((node, KG.sourceDocument, doc))
            g.add((node, KG.line, Literal(c.line, datatype=XSD.positiveInteger)))
            g.add((node, KG.quote, Literal(c.quote)))

    def entities(self) -> None:
        g, r = self.graph, self.reader
        labels: dict[str, list[str]] = {}
        for m in r.mentions:
            labels.setdefault(m.id, [])
            if m.label not in labels[m.id]:
                labels[m.id].append(m.label)
        for eid, entity in r.entities.items():
            node = ID[eid]
            origin = Origin(entity.sheet, entity.row, "id")
            if entity.in_base:  # known to SHACL reporting, but its old faults are not ours
                self.out.origins.setdefault(eid, origin)
            else:
                self.touch(node, origin)
            names = labels.get(eid, [])
            if entity.in_base:
                pref = r.base.prefs[eid]
                for name in names:
                    if name != pref and name not in r.base.alts[eid]:
                        g.add((node, SKOS.altLabel, Literal(name)))
                        self.out.new_aliases += 1
                continue
            if not names:
                continue
            g.add((node, RDF.type, KG[entity.type]))
            g.add((node, SKOS.prefLabel, Literal(names[0])))
            g.add((node, RDFS.label, Literal(names[0])))
            for name in names[1:]:
                g.add((node, SKOS.altLabel, Literal(name)))
        for m in r.mentions:
            node, mention = ID[m.id], ID[f"mention/{m.id}/{m.cite.ref}"]
            if not self.claim(mention, m.cite.origin, (KG.mentionOf, node),
                              (KG.labelUsed, Literal(m.label))):
                continue
            g.add((mention, RDF.type, KG.Mention))
            g.add((mention, KG.mentionOf, node))
            g.add((node, KG.mentionedAt, mention))
            g.add((mention, KG.labelUsed, Literal(m.label)))
            self.cite(mention, m.cite)
            g.add((node, DCTERMS.source, document_iri(m.cite.document)))

    def links(self) -> None:
        g = self.graph
        for link in self.reader.links:
            s, o = ID[link.subject], ID[link.object]
            p = PREDICATE_IRIS[link.predicate]
            stmt = ID[f"stmt/{link.subject}/{link.predicate}/{link.object}/{link.cite.ref}"]
            if not self.claim(stmt, link.cite.origin, (RDF.subject, s), (RDF.predicate, p),
                              (RDF.object, o)):
                continue
            if link.predicate == "inScheme":
                g.add((o, RDF.type, SKOS.ConceptScheme))
            self.state(stmt, s, p, o, link.cite)
            key = f"{link.subject} {g.namespace_manager.normalizeUri(p)} {link.object}"
            self.out.origins.setdefault(key, link.cite.origin)

    def attributes(self) -> None:
        g = self.graph
        for a in self.reader.attributes:
            s, p = ID[a.id], ATTRIBUTE_IRIS[a.property]
            value = attribute_literal(a.property, a.value)
            stmt = ID[f"stmt/{a.id}/{a.property}/{a.cite.ref}"]
            if not self.claim(stmt, a.cite.origin, (RDF.subject, s), (RDF.predicate, p)):
                continue
            self.state(stmt, s, p, value, a.cite)
            add_tier_concept(g, a.property, value)  # the tier concept's name, as compile does
            key = f"{a.id} {g.namespace_manager.normalizeUri(p)}"
            self.out.origins.setdefault(key, a.cite.origin)

    def observations(self) -> None:
        g, r = self.graph, self.reader
        for o in r.observations:
            dataset = ID[f"dataset/{o.dataset}"]
            if (dataset, RDF.type, QB.DataSet) not in g:
                file = r.docs[o.cite.document].file if o.cite.document in r.docs else \
                    r.base.docs.get(o.cite.document, r.name if o.cite.document == r.key else o.cite.document)
                g.add((dataset, RDF.type, QB.DataSet))
                g.add((dataset, QB.structure, KG.IndicatorValues))
                g.add((dataset, RDFS.label, Literal(f"Indicator values from {file}")))
                g.add((dataset, DCTERMS.source, document_iri(o.cite.document)))
                self.touch(dataset, o.cite.origin)
            obs = ID[f"obs/{o.cite.ref}"]
            if not self.claim(obs, o.cite.origin, (KG.indicator, ID[o.indicator]),
                              (KG.refPeriod, Literal(o.period))):
                continue
            add_observation(g, obs, dataset, o.indicator, o.area, o.period, o.measure, o.value)
            self.cite(obs, o.cite)


def build(reader: CheckedWorkbook, base: Graph | None) -> Built:
    """The checked workbook's facts as RDF, added to a copy of ``base``."""
    builder = _Builder(reader, base)
    builder.documents()
    builder.entities()
    builder.links()
    builder.attributes()
    builder.observations()
    complete_schemes(builder.graph)  # valid SKOS, as kgraph compile makes it
    return builder.out


__all__ = ["KG_TYPES", "BaseIndex", "Built", "build", "norm_label"]
