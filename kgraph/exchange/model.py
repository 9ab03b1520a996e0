"""Records shared by the importer, the builder and the exporter, and the import error.

A filled workbook is another set of curated tables: every row states facts (a name, a
link, an attribute, an observation) and cites where they come from. These records are the
workbook's rows after checking, the counterpart of ``kgraph.curation.sources``' rows.

The import flows one way through them: ``read_workbook`` (importer) → ``CheckedWorkbook``
(here) → ``build`` → ``Built`` (here) → SHACL violations mapped to rows (``violations``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node

from kgraph.curation.compile import document_iri
from kgraph.errors import CurationError, KgraphError
from kgraph.namespaces import ID, KG, slug_of
from kgraph.provenance import Cite
from kgraph.vocabulary import ENTITY_TYPES


@dataclass(frozen=True)
class Origin:
    """Where in the workbook a fact was read: sheet, 1-based row (header = 1), column."""

    sheet: str
    row: int
    column: str = ""


@dataclass(frozen=True)
class Problem:
    """One bad cell or row: where it is and what is wrong, in words for the officer."""

    sheet: str
    row: int
    column: str
    message: str

    def render(self) -> str:
        """The problem in words: 'sheet row N, column: message' (row and column left out when not
        known)."""
        where = f"{self.sheet} row {self.row}" if self.row else self.sheet
        if self.column:
            return f"{where}, {self.column}: {self.message}"
        return f"{where}: {self.message}"


class WorkbookProblems(CurationError):
    """A workbook has bad rows; ``rows`` lists every one (sheet, row, column, message)."""

    def __init__(self, source: str, rows: list[Problem]) -> None:
        self.source, self.rows = source, rows
        self.problems = [p.render() for p in rows]
        KgraphError.__init__(
            self,
            f"{source}: {len(rows)} problem(s), nothing was written:\n"
            + "\n".join(f"  {line}" for line in self.problems),
        )


@dataclass(frozen=True, kw_only=True)
class WorkbookCite(Cite):
    """The citation of a fact a row states (``document`` is the source key: the IRI is
    id:doc/<key>), with where it was curated, the ref of its node and the row's cell.

    ``ref`` names the citation node(s): ``mention/<id>/<ref>``, ``stmt/.../<ref>``,
    ``obs/<ref>``, ``mention/doc-<key>/<ref>``.
    """

    curated_at: str  # empty: none (document mentions carry none)
    ref: str
    origin: Origin


@dataclass(frozen=True)
class MentionRec:
    """A name used for entity ``id`` in a row, with the row's citation."""

    id: str
    label: str
    cite: WorkbookCite


@dataclass(frozen=True)
class LinkRec:
    """A link a row states (subject id, predicate name, object id), with its citation."""

    subject: str
    predicate: str  # a name of kgraph.curation.compile.PREDICATE_IRIS
    object: str
    cite: WorkbookCite


@dataclass(frozen=True)
class AttributeRec:
    """An attribute a row states (entity id, property name, value), with its citation."""

    id: str
    property: str  # a name of kgraph.curation.compile.ATTRIBUTE_IRIS
    value: str
    cite: WorkbookCite


@dataclass(frozen=True)
class ObservationRec:
    """An indicator value a row states (indicator, area, period, measure, value, dataset), with its
    citation."""

    indicator: str
    area: str
    period: str
    measure: str
    value: str
    dataset: str
    cite: WorkbookCite


@dataclass(frozen=True)
class DocumentRec:
    """A source document of the sources sheet: key, file name, title and date."""

    key: str
    file: str
    title: str
    date: str


@dataclass(frozen=True)
class EntityRec:
    """An entity a workbook row defines or names: its id, type, defining row, and whether
    the existing graph has it already."""

    id: str
    type: str
    sheet: str
    row: int
    in_base: bool


KG_TYPES: dict[Node, str] = {KG[t]: t for t in ENTITY_TYPES}
_SPACE = re.compile(r"\s+")


def norm_label(text: str) -> str:
    """Names match when they are equal but for case and runs of white space."""
    return _SPACE.sub(" ", text).strip().casefold()


class BaseIndex:
    """What the importer needs to know of the existing graph: ids, types, names, documents."""

    def __init__(self, graph: Graph | None) -> None:
        self.graph = graph
        self.types: dict[str, str] = {}
        self.prefs: dict[str, str] = {}
        self.alts: dict[str, set[str]] = {}
        self.labels: dict[str, set[str]] = {}
        self.docs: dict[str, str] = {}  # key → file name (dcterms:identifier)
        self.doc_by_file: dict[str, str] = {}
        if graph is None:
            return
        for node, kind in graph.subject_objects(RDF.type):
            slug = slug_of(node)
            if slug is not None and kind in KG_TYPES:
                self.types[slug] = KG_TYPES[kind]
        for slug in self.types:
            node = ID[slug]
            pref = graph.value(node, SKOS.prefLabel)
            self.prefs[slug] = str(pref) if pref is not None else slug
            self.alts[slug] = {str(a) for a in graph.objects(node, SKOS.altLabel)}
            for name in {self.prefs[slug], *self.alts[slug]}:
                self.labels.setdefault(norm_label(name), set()).add(slug)
        prefix = str(ID) + "doc/"
        for doc in graph.subjects(RDF.type, KG.SourceDocument):
            if str(doc).startswith(prefix):
                key = str(doc)[len(prefix):]
                file = graph.value(doc, DCTERMS.identifier)
                self.docs[key] = str(file) if file is not None else key
                self.doc_by_file[self.docs[key]] = key

    def has_node(self, local: str) -> bool:
        """True if the existing graph has a node ``id:<local>`` as a subject."""
        return self.graph is not None and (ID[local], None, None) in self.graph

    def has_citations_from(self, key: str) -> bool:
        """True if the existing graph already cites the document of workbook ``key`` (an earlier
        import of it)."""
        return self.graph is not None and (None, KG.sourceDocument, document_iri(key)) in self.graph


@dataclass
class Built:
    """The graph built from a checked workbook (merged with ``base``), the problems building found,
    each node's or fact's row (``origins``), the nodes the workbook made and the aliases it
    added."""

    graph: Graph
    base: Graph | None
    problems: list[Problem] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=dict)  # node or fact key → its row
    touched: set[URIRef] = field(default_factory=set)  # nodes the workbook made
    new_aliases: int = 0


@dataclass(frozen=True)
class CheckedWorkbook:
    """A workbook after checking: its records, and the problems and warnings found.

    Only a workbook without problems is built (``kgraph.exchange.build.build``)."""

    name: str  # the file or folder name
    key: str  # its document key, when rows cite the workbook itself
    base: BaseIndex  # what the existing graph holds
    entities: Mapping[str, EntityRec]
    docs: Mapping[str, DocumentRec]
    doc_mentions: tuple[WorkbookCite, ...]
    mentions: tuple[MentionRec, ...]
    links: tuple[LinkRec, ...]
    attributes: tuple[AttributeRec, ...]
    observations: tuple[ObservationRec, ...]
    uses_workbook: bool  # some row cites the workbook itself
    problems: tuple[Problem, ...]
    warnings: tuple[str, ...]
