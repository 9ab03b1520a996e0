"""Make every concept scheme in a graph a valid SKOS concept scheme, as SKOS tools read it.

Run after a graph is compiled, imported or generated (``kgraph compile``, ``kgraph
import``, ``kgraph generate``). It adds, never guessing:

- ``rdf:type skos:Concept`` on every vision, outcome, priority, priority area, action and
  indicator (SKOS tools do not infer it from ``rdfs:subClassOf skos:Concept``);
- ``@en`` on every ``skos:prefLabel`` and ``skos:altLabel`` (the sources are in English);
- ``skos:broader``/``skos:narrower`` only where a stated link nests one concept under
  another of the same scheme: an action listed under a priority or priority area
  (``kg:contributesTo``), and a concept that sits under an outcome (``kg:servesOutcome``);
- an indicator scheme per source document (``<document>/indicators``) holding the
  indicators that document names, each cited by the mention that names it there;
- ``skos:topConceptOf``/``skos:hasTopConcept`` for every concept of a scheme with no
  broader concept in that scheme;
- ``skos:definition`` from the text of a vision or an action (its unflagged
  ``dcterms:description``), the only concepts whose description states what they are.

Every added link carries a ``kg:Assertion`` copied from the citation it rests on (same
document, line and quote, any flag and note), with ``prov:wasDerivedFrom`` that citation,
so every fact keeps its source line. Running it twice changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kgraph.namespaces import ID, KG, short

#: The kgraph classes that are kinds of skos:Concept (the ontology says so; a test holds it).
CONCEPT_CLASSES = (KG.Vision, KG.Outcome, KG.Priority, KG.PriorityArea, KG.Action,
                   KG.Indicator, KG.QualityFlag, KG.DeliveryTier)
#: Concept classes whose concepts and schemes are declared in the vocabulary files
#: (quality-flags.ttl, the ontology), not in the data: left to those files.
VOCABULARY_CLASSES = (KG.QualityFlag, KG.DeliveryTier)
#: Stated links that nest their subject under their object, and which subjects they nest.
NESTING = {KG.contributesTo: (KG.Action,), KG.servesOutcome: CONCEPT_CLASSES}
#: Concepts whose description is the text of the concept itself (a skos:definition).
DEFINED = (KG.Vision, KG.Action)
LANGUAGE = "en"
_CITATION = (KG.sourceDocument, KG.line, KG.quote, KG.curatedAt, KG.qualityFlag,
             RDFS.comment)
_NAMES = {SKOS.broader: "broader", SKOS.narrower: "narrower", SKOS.inScheme: "inScheme",
          SKOS.topConceptOf: "topConceptOf", SKOS.hasTopConcept: "hasTopConcept",
          SKOS.definition: "definition"}


def indicator_scheme(document: URIRef) -> URIRef:
    """The concept scheme of the indicators a source document names."""
    return URIRef(f"{document}/indicators")


class _Completer:
    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.stated: dict[tuple[Node | None, Node | None, Node | None], list[Node]] = defaultdict(list)
        for stmt in graph.subjects(RDF.type, KG.Assertion):
            key = (graph.value(stmt, RDF.subject), graph.value(stmt, RDF.predicate),
                   graph.value(stmt, RDF.object))
            self.stated[key].append(stmt)

    def derive(self, s: Node, p: URIRef, o: Node, sources: Iterable[Node]) -> None:
        """Add (s, p, o) with one kg:Assertion per citation in ``sources``."""
        g = self.g
        g.add((s, p, o))
        target = "" if isinstance(o, Literal) else f"{short(str(o))}/"
        for source in sorted(set(sources)):  # type: ignore[type-var]  # IRIs: str order (rdflib types them Node)
            iri = ID[f"stmt/{short(str(s))}/{_NAMES[p]}/{target}{str(source).rsplit('/', 1)[-1]}"]
            n = 1
            while ((iri, RDF.type, KG.Assertion) in g
                   and (iri, PROV.wasDerivedFrom, source) not in g):
                n += 1
                iri = URIRef(f"{iri.rsplit('~', 1)[0]}~{n}")
            if (iri, PROV.wasDerivedFrom, source) in g:
                continue
            g.add((iri, RDF.type, KG.Assertion))
            g.add((iri, RDF.subject, s))
            g.add((iri, RDF.predicate, p))
            g.add((iri, RDF.object, o))
            g.add((iri, PROV.wasDerivedFrom, source))
            for prop in _CITATION:
                for value in g.objects(source, prop):
                    g.add((iri, prop, value))
            self.stated[(s, p, o)].append(iri)

    def concepts(self) -> set[URIRef]:
        g = self.g
        found = set()
        for cls in CONCEPT_CLASSES:
            if cls in VOCABULARY_CLASSES:
                continue
            for node in g.subjects(RDF.type, cls):
                if isinstance(node, URIRef):
                    found.add(node)
                    g.add((node, RDF.type, SKOS.Concept))
        found.update(n for n in g.subjects(RDF.type, SKOS.Concept) if isinstance(n, URIRef))
        return found

    def labels(self) -> None:
        g = self.g
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for s, label in list(g.subject_objects(prop)):
                if (isinstance(label, Literal) and label.language is None
                        and label.datatype in (None, XSD.string)):
                    g.remove((s, prop, label))
                    g.add((s, prop, Literal(str(label), lang=LANGUAGE)))
        for s, label in list(g.subject_objects(SKOS.prefLabel)):  # S13: pref ≠ alt
            g.remove((s, SKOS.altLabel, label))

    def indicators(self) -> None:
        g = self.g
        for node in sorted(g.subjects(RDF.type, KG.Indicator)):  # type: ignore[type-var]  # IRIs: str order
            by_doc: dict[URIRef, list[URIRef]] = defaultdict(list)
            for mention in g.objects(node, KG.mentionedAt):
                doc = g.value(mention, KG.sourceDocument)
                if isinstance(doc, URIRef):
                    by_doc[doc].append(mention)  # type: ignore[arg-type]  # mentions are IRIs
            for doc, mentions in sorted(by_doc.items()):
                scheme = indicator_scheme(doc)
                if (scheme, RDF.type, SKOS.ConceptScheme) not in g:
                    title = g.value(doc, DCTERMS.title) or g.value(doc, RDFS.label) or doc
                    g.add((scheme, RDF.type, SKOS.ConceptScheme))
                    g.add((scheme, RDFS.label, Literal(f"Indicators named in {title}",
                                                       lang=LANGUAGE)))
                    g.add((scheme, DCTERMS.source, doc))
                self.derive(node, SKOS.inScheme, scheme, mentions)

    def schemes_of(self, node: URIRef) -> set:
        return set(self.g.objects(node, SKOS.inScheme))

    def hierarchy(self, concepts: set[URIRef]) -> None:
        g = self.g
        for link, subjects in NESTING.items():
            kinds = set(subjects)
            for child, parent in sorted(g.subject_objects(link)):
                if child == parent or child not in concepts or parent not in concepts:
                    continue
                if not kinds & set(g.objects(child, RDF.type)):
                    continue
                if not self.schemes_of(child) & self.schemes_of(parent):  # type: ignore[arg-type]  # concepts: IRIs
                    continue
                sources = self.stated.get((child, link, parent), [])
                if not sources:
                    continue  # an unstated link nests nothing
                self.derive(child, SKOS.broader, parent, sources)
                self.derive(parent, SKOS.narrower, child, sources)

    def top_concepts(self, concepts: set[URIRef]) -> None:
        g = self.g
        for node in sorted(concepts):
            for scheme in sorted(self.schemes_of(node)):
                if any((b, SKOS.inScheme, scheme) in g for b in g.objects(node, SKOS.broader)):
                    continue
                sources = self.stated.get((node, SKOS.inScheme, scheme), [])
                if sources:
                    self.derive(node, SKOS.topConceptOf, scheme, sources)
                    self.derive(scheme, SKOS.hasTopConcept, node, sources)
                else:  # e.g. the quality flags: declared, not cited
                    g.add((node, SKOS.topConceptOf, scheme))
                    g.add((scheme, SKOS.hasTopConcept, node))

    def definitions(self) -> None:
        g = self.g
        for cls in DEFINED:
            for node in sorted(g.subjects(RDF.type, cls)):  # type: ignore[type-var]  # IRIs: str order
                for text in sorted(g.objects(node, DCTERMS.description)):  # type: ignore[type-var]  # literals order
                    sources = [s for s in self.stated.get((node, DCTERMS.description, text), [])
                               if (s, KG.qualityFlag, None) not in g]
                    if sources:
                        definition = Literal(str(text), lang=LANGUAGE)
                        self.derive(node, SKOS.definition, definition, sources)


def complete_schemes(graph: Graph) -> Graph:
    """Make every concept scheme in ``graph`` valid SKOS, in place; returns the graph."""
    c = _Completer(graph)
    concepts = c.concepts()
    c.labels()
    c.indicators()
    c.hierarchy(concepts)
    c.top_concepts(concepts)
    c.definitions()
    return graph


__all__ = ["CONCEPT_CLASSES", "complete_schemes", "indicator_scheme"]
