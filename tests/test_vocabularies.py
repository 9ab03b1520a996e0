"""The ontology file describes one thing, the ontology: each SKOS vocabulary it uses (quality
flags, delivery tiers) lives in a file of its own, so a documentation tool reading kgraph.ttl
(pyLODE takes a concept scheme's label as the page title: before this, "delivery tiers of the
EIP Appendix II table") sees the ontology's title. Each vocabulary is a valid SKOS scheme as
skosify sees it, is loaded wherever the ontology is, and its names are the seed's."""

from __future__ import annotations

import importlib

import pytest
from conftest import POSC, ROOT, plain, seed_lines
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kgraph import resources
from kgraph.loader import load_ontology
from kgraph.namespaces import KG

skosify = pytest.importorskip("skosify")
_skosify = importlib.import_module("skosify.skosify")

ONTOLOGY = ROOT / "ontology" / "kgraph.ttl"
TIERS = ROOT / "ontology" / "delivery-tiers.ttl"
FLAGS = ROOT / "ontology" / "quality-flags.ttl"


def test_the_ontology_file_holds_no_concept_scheme_and_one_title() -> None:
    onto = Graph().parse(ONTOLOGY)
    assert list(onto.subjects(RDF.type, SKOS.ConceptScheme)) == []
    assert list(onto.subjects(SKOS.inScheme, None)) == []
    titled = set(onto.subjects(DCTERMS.title, None))
    assert titled == set(onto.subjects(RDF.type, OWL.Ontology))
    ontology = next(iter(titled))
    parts = set(onto.objects(ontology, DCTERMS.hasPart))
    assert {URIRef("https://w3id.org/kgraph/quality-flags"),
            URIRef("https://w3id.org/kgraph/delivery-tiers")} <= parts
    # the classes that use the vocabularies stay in the ontology
    assert (KG.DeliveryTier, RDFS.subClassOf, SKOS.Concept) in onto
    assert (KG.deliveryTier, RDFS.range, KG.DeliveryTier) in onto


@pytest.mark.parametrize("path, scheme", [(TIERS, KG.DeliveryTiers), (FLAGS, KG.QualityFlags)])
def test_each_vocabulary_is_a_valid_skos_scheme(path, scheme) -> None:  # type: ignore[no-untyped-def]
    vocab = Graph().parse(path)
    members = set(vocab.subjects(SKOS.inScheme, scheme))
    assert members
    for m in members:
        assert (m, RDF.type, SKOS.Concept) in vocab
        assert (m, SKOS.topConceptOf, scheme) in vocab
        assert (scheme, SKOS.hasTopConcept, m) in vocab
        assert vocab.value(m, SKOS.prefLabel).language == "en"
    before = len(vocab)
    g = Graph()
    g += vocab
    out = skosify.skosify(g, infer=False, mark_top_concepts=True, eliminate_redundancy=False,
                          break_cycles=False, keep_related=True)
    assert set(out.subjects(RDF.type, SKOS.Concept)) == members
    assert set(out.subjects(RDF.type, SKOS.ConceptScheme)) == {scheme}
    # skosify's own setup adds nothing: the scheme is already complete
    _skosify.setup_top_concepts(g, True)
    assert len(vocab) == before


def test_delivery_tier_names_are_the_seeds_row_groups() -> None:
    vocab = Graph().parse(TIERS)
    lines = [plain(line) for line in seed_lines(POSC)]
    # EIP draft strategy, Appendix II (committee pack lines 1356, 1364, 1369)
    assert lines[1356 - 1] == "Key Strategies"
    assert lines[1364 - 1] == "Supporting Partnership Strategies that are lead by KCC"
    assert lines[1369 - 1] == "Supporting Partnership Strategies that ae lead by KCC's Partners"
    assert str(vocab.value(KG["key-strategy"], SKOS.prefLabel)) == lines[1355]
    assert str(vocab.value(KG["kcc-led"], SKOS.prefLabel)) == lines[1363]
    # the seed's typo "ae" is not carried into the name; the comment says (sic)
    assert str(vocab.value(KG["partner-led"], SKOS.prefLabel)) == lines[1368].replace(" ae ", " are ")
    assert "(sic)" in str(vocab.value(KG["partner-led"], RDFS.comment))


def test_vocabularies_are_loaded_wherever_the_ontology_is() -> None:
    assert TIERS.resolve() in [p.resolve() for p in resources.vocabularies()]
    onto = load_ontology()
    assert (KG.DeliveryTiers, RDF.type, SKOS.ConceptScheme) in onto
    assert (KG.QualityFlags, RDF.type, SKOS.ConceptScheme) in onto
    assert (KG["kcc-led"], SKOS.inScheme, KG.DeliveryTiers) in onto

