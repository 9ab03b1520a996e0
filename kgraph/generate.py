# Over 400 lines: one generator; most of it is the _Council writer, one method per part of a plan.
"""A synthetic graph of many councils' plans, shaped like the compiled one, for scale tests.

Each council gets plan generations (a children's plan every few years) with priorities
and outcomes, a pool of strategies with skewed coverage (most contribute to one or two
priorities, a few to nearly all; some unowned, some renamed between documents, some not
carried into the next plan), a tree of boards, and key indicators with yearly actual and
target values (a few garbled and flagged). Every entity has a slug IRI, one preferred
label and a mention; every link a cited ``kg:Assertion``; every observation cites its
line, exactly as ``kgraph compile`` writes them, so the output conforms to the shapes.
Every concept scheme is valid SKOS as ``kgraph.skos.complete_schemes`` makes the bundled
graph (explicit ``skos:Concept`` typing, ``@en`` labels, top concepts, a scheme of the
indicators each document names, each derived link cited like the link it rests on), written
directly so nothing is parsed back: ``complete_schemes`` on the output adds nothing.

The same seed and size give the same bytes. Output is Turtle (``.ttl``: N-Triples lines
with prefixed predicates) or N-Triples (``.nt``), written as it is made, so 10^7 triples
need little memory.
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.errors import InputError
from kgraph.namespaces import ID, PREFIXES, slugify

COUNCILS_MAX = 150  # England has about 150 upper-tier councils
PER_COUNCIL = 150  # triples of a council's own bodies, about
PER_GENERATION = 3_000  # triples of one plan generation (plan, strategies, indicators), about

_PLACES = [
    "Aldshire", "Brackford", "Cindermoor", "Dunmere", "Elmbridge", "Fenwick", "Greyhaven",
    "Hollowfield", "Ironvale", "Kestrel", "Larkmoor", "Marshby", "Netherwold", "Oakhurst",
    "Pendle Vale", "Quarrington", "Ravensmere", "Saltmarsh", "Thornbury", "Ulverdale",
    "Wexcombe", "Yarrowfield", "Ashgrove", "Blackwater", "Coldharbour", "Deepdale",
    "Eastmere", "Foxhollow", "Glenbrook", "Highcliffe",
]
_PARTS = ["", "North ", "South ", "East ", "West "]
_TOPICS = [
    "Early Help", "Child Poverty", "Alcohol", "Housing", "Safeguarding", "Literacy",
    "Youth Justice", "Emotional Wellbeing", "Domestic Abuse", "Skills and Employment",
    "Healthy Weight", "Special Educational Needs", "Children in Care", "Young Carers",
    "Community Safety", "Substance Misuse", "Teenage Pregnancy", "School Readiness",
    "Attendance", "Participation", "Transitions", "Physical Activity", "Oral Health",
    "Breastfeeding", "Homelessness", "Adoption", "Fostering", "Short Breaks", "Play",
    "Road Safety", "Digital Inclusion", "Workforce Development", "Commissioning",
    "Parenting", "Speech and Language", "Family Support", "Exclusions", "Sexual Health",
]
_PRIORITY_THEMES = [
    "Every child has the best start in life", "Children are safe from harm",
    "Young people achieve their potential", "Families get help early",
    "Children and young people are healthy", "Vulnerable children are supported",
    "Young people are ready for adult life", "Children have a voice",
    "Inequalities are narrowed", "Services work together",
]
_OUTCOMES = ["Be healthy", "Stay safe", "Enjoy and achieve", "Make a positive contribution",
             "Achieve economic wellbeing"]
APOSTROPHE = "'"  # dropped from names made into ids: "Children's" → "childrens"
_DOC_KINDS = [("kg:Strategy", 50), ("kg:Plan", 15), ("kg:Policy", 8), ("kg:Framework", 10),
              ("kg:Assessment", 5), ("kg:Programme", 7), ("kg:Report", 5)]
_BOARDS = ["Children's Trust Board", "Safeguarding Children Board", "Early Help Board",
           "Corporate Parenting Panel", "Youth Justice Board", "Community Safety Partnership",
           "Skills Board", "Emotional Wellbeing Partnership", "SEND Partnership Board",
           "Domestic Abuse Forum"]
_FLAGS = ["garbled", "ambiguous", "truncated", "shifted-column"]
_NS = {str(ns): prefix for prefix, ns in PREFIXES.items() if prefix != "id"}
#: The generated kinds that are skos:Concepts (a subset of kgraph.skos.CONCEPT_CLASSES).
_CONCEPTS = frozenset({"kg:Outcome", "kg:Priority", "kg:PriorityArea", "kg:Indicator"})


def _literal(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    return f'"{escaped}"'


def _typed(text: str, datatype: str) -> str:
    return f"{_literal(text)}^^xsd:{datatype}"


def _english(text: str) -> str:
    return f"{_literal(text)}@en"


def _last(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


#: A citation as written: (node, document, line, quote, curated at, flag or None).
_Cited = tuple[str, str, int, str, str, "str | None"]


@dataclass
class _Doc:
    iri: str
    next_line: int = 1

    def line(self, rng: random.Random) -> int:
        self.next_line += rng.randint(1, 12)
        return self.next_line


@dataclass
class _Writer:
    """Collects one council's triples (no duplicates) and hands them out as text lines."""

    turtle: bool
    lines: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def term(self, value: str) -> str:
        if value.startswith(("kg:", "skos:", "rdf:", "rdfs:", "dcterms:", "qb:", "org:", "xsd:",
                             "prov:")):
            if self.turtle:
                return value
            prefix, local = value.split(":", 1)
            return f"<{PREFIXES[prefix]}{local}>"
        if value.startswith('"'):
            if not self.turtle and "^^xsd:" in value:
                text, datatype = value.rsplit("^^xsd:", 1)
                return f"{text}^^<{PREFIXES['xsd']}{datatype}>"
            return value
        return f"<{ID}{value}>"

    def add(self, s: str, p: str, o: str) -> None:
        line = f"{self.term(s)} {self.term(p)} {self.term(o)} .\n"
        if line not in self.seen:
            self.seen.add(line)
            self.lines.append(line)


class _Council:
    def __init__(self, rng: random.Random, index: int, generations: int, turtle: bool) -> None:
        self.rng = rng
        place = _PARTS[(index // len(_PLACES)) % len(_PARTS)] + _PLACES[index % len(_PLACES)]
        self.name = place if index < len(_PLACES) * len(_PARTS) else f"{place} {index}"
        self.slug = slugify(self.name, drop=APOSTROPHE)
        self.generations = generations
        self.w = _Writer(turtle)
        self.docs: list[_Doc] = []
        self.titles: dict[str, str] = {}
        self.serial = 0

    # --- citations, mentions, assertions (as kgraph compile writes them)
    def _cite(self, node: str, doc: _Doc, quote: str, flag: str | None = None) -> _Cited:
        cited = (node, doc.iri, doc.line(self.rng), quote, f"generated/{self.slug}", flag)
        self._write_citation(node, cited)
        return cited

    def _write_citation(self, node: str, cited: _Cited) -> None:
        w, (_, doc, line, quote, curated, flag) = self.w, cited
        w.add(node, "kg:sourceDocument", doc)
        w.add(node, "kg:line", _typed(str(line), "positiveInteger"))
        w.add(node, "kg:quote", _literal(quote))
        w.add(node, "kg:curatedAt", _literal(f"{curated}:{line}"))
        if flag:
            w.add(node, "kg:qualityFlag", f"kg:{flag}")
            w.add(node, "rdfs:comment", _literal(f"synthetic {flag} cell"))

    def derive(self, s: str, p: str, o: str, source: _Cited) -> _Cited:
        """(s, p, o) with a kg:Assertion copied from the citation ``source`` rests on and
        ``prov:wasDerivedFrom`` it, named as kgraph.skos.complete_schemes names it."""
        self.w.add(s, p, o)
        stmt = f"stmt/{s}/{p.split(':')[1]}/{o}/{_last(source[0])}"
        w = self.w
        w.add(stmt, "rdf:type", "kg:Assertion")
        w.add(stmt, "rdf:subject", s)
        w.add(stmt, "rdf:predicate", p)
        w.add(stmt, "rdf:object", o)
        w.add(stmt, "prov:wasDerivedFrom", source[0])
        cited = (stmt, *source[1:])
        self._write_citation(stmt, cited)
        return cited

    def top_concept(self, concept: str, scheme: str, in_scheme: _Cited) -> None:
        """``concept`` is a top concept of ``scheme`` (it has no broader concept there)."""
        self.derive(concept, "skos:topConceptOf", scheme, in_scheme)
        self.derive(scheme, "skos:hasTopConcept", concept, in_scheme)

    def entity(self, eid: str, kind: str, label: str, doc: _Doc,
               aliases: tuple[tuple[str, _Doc], ...] = ()) -> str:
        self._entity(eid, kind, label, doc, aliases)
        return eid

    def _entity(self, eid: str, kind: str, label: str, doc: _Doc,
                aliases: tuple[tuple[str, _Doc], ...] = ()) -> list[_Cited]:
        w = self.w
        w.add(eid, "rdf:type", kind)
        if kind in _CONCEPTS:
            w.add(eid, "rdf:type", "skos:Concept")
        w.add(eid, "skos:prefLabel", _english(label))
        w.add(eid, "rdfs:label", _literal(label))
        mentions = []
        for used, where in ((label, doc), *aliases):
            if used != label:
                w.add(eid, "skos:altLabel", _english(used))
            self.serial += 1
            mention = f"mention/{eid}/m{self.serial}"
            w.add(mention, "rdf:type", "kg:Mention")
            w.add(mention, "kg:mentionOf", eid)
            w.add(eid, "kg:mentionedAt", mention)
            w.add(mention, "kg:labelUsed", _literal(used))
            mentions.append(self._cite(mention, where, used))
            w.add(eid, "dcterms:source", where.iri)
        return mentions

    def link(self, s: str, p: str, o: str, doc: _Doc, quote: str) -> _Cited:
        self.w.add(s, p, o)
        self.serial += 1
        target = f"{o}/" if not o.startswith('"') else ""  # attributes: no value in the IRI
        stmt = f"stmt/{s}/{p.split(':')[1]}/{target}s{self.serial}"
        self.w.add(stmt, "rdf:type", "kg:Assertion")
        self.w.add(stmt, "rdf:subject", s)
        self.w.add(stmt, "rdf:predicate", p)
        self.w.add(stmt, "rdf:object", o)
        flag = "ambiguous" if self.rng.random() < 0.02 else None
        return self._cite(stmt, doc, quote, flag)

    def attribute(self, s: str, p: str, value: str, doc: _Doc) -> None:
        self.link(s, p, _literal(value), doc, value)

    def document(self, title: str, year: int) -> _Doc:
        doc = _Doc(f"doc/{self.slug}-{len(self.docs)}")
        self.docs.append(doc)
        w = self.w
        w.add(doc.iri, "rdf:type", "kg:SourceDocument")
        w.add(doc.iri, "dcterms:title", _literal(title))
        w.add(doc.iri, "rdfs:label", _literal(title))
        w.add(doc.iri, "dcterms:identifier", _literal(f"{self.slug}-{len(self.docs) - 1}.txt"))
        w.add(doc.iri, "dcterms:date", _typed(str(year), "gYear"))
        return doc

    # --- the council's graph
    def build(self) -> list[str]:
        rng = self.rng
        council = self.entity(self.slug, "kg:Organisation", f"{self.name} Council",
                              self.document(f"{self.name} Council constitution", 2010))
        boards = self._boards(council)
        pool = self._strategy_pool()
        start = rng.randint(2005, 2012)
        previous: list[str] = []
        named_before: set[int] = set()
        for gen in range(self.generations):
            first, last = start + 3 * gen, start + 3 * gen + 3
            title = f"{self.name} Children and Young People's Plan {first}-{last}"
            doc = self.document(title, first)
            plan = self.entity(f"{self.slug}-cypp-{first}", "kg:StrategicPlan", title, doc)
            self.w.add(plan, "rdf:type", "skos:ConceptScheme")
            self.attribute(plan, "kg:period", f"{first}-{last}", doc)
            self.link(plan, "kg:producedBy", council, doc, title)
            self.titles[doc.iri] = title
            priorities = self._priorities(plan, doc, rng.randint(4, 9))
            outcomes = [self._concept(f"{plan}-outcome-{i + 1}", "kg:Outcome", name, plan, doc)
                        for i, name in enumerate(rng.sample(_OUTCOMES, rng.randint(2, 4)))]
            named = self._strategies(plan, doc, pool, priorities, outcomes, boards, named_before)
            named_before = named
            self._indicators(plan, doc, priorities, first)
            if previous:
                self._evolution(previous, priorities, doc)
            previous = priorities
        return self.w.lines

    def _boards(self, council: str) -> list[str]:
        rng = self.rng
        doc = self.document(f"{self.name} governance structure", 2012)
        top = self.entity(f"{self.slug}-health-and-wellbeing-board", "kg:Board",
                          f"{self.name} Health and Wellbeing Board", doc)
        self.link(top, "org:subOrganizationOf", council, doc, "Health and Wellbeing Board")
        boards = [top]
        for name in rng.sample(_BOARDS, rng.randint(3, 7)):
            kind = "kg:Partnership" if "Partnership" in name or "Forum" in name else "kg:Board"
            board = self.entity(f"{self.slug}-{slugify(name, drop=APOSTROPHE)}", kind,
                                f"{self.name} {name}", doc)
            parent = rng.choice(boards)
            if rng.random() < 0.85:  # a few bodies report to nobody the documents name
                self.link(board, "kg:accountableTo", parent, doc, f"{name} reports to the board")
            boards.append(board)
        unit = self.entity(f"{self.slug}-childrens-services", "kg:OrganisationalUnit",
                           f"{self.name} Children's Services", doc)
        self.link(unit, "org:subOrganizationOf", council, doc, "Children's Services")
        post = self.entity(f"{self.slug}-director-of-childrens-services", "kg:Post",
                           f"{self.name} Director of Children's Services", doc)
        self.link(post, "org:memberOf", top, doc, "Director of Children's Services")
        return [*boards, unit]

    def _strategy_pool(self) -> list[tuple[str, str, str]]:
        rng = self.rng
        kinds = [k for k, _ in _DOC_KINDS]
        weights = [w for _, w in _DOC_KINDS]
        pool = []
        for topic in rng.sample(_TOPICS, rng.randint(12, 30)):
            kind = rng.choices(kinds, weights)[0]
            noun = kind.split(":")[1].replace("Programme", "Programme").replace(
                "Assessment", "Needs Assessment")
            label = f"{self.name} {topic} {noun}"
            sid = f"{self.slug}-{slugify(topic, drop=APOSTROPHE)}-{slugify(noun, drop=APOSTROPHE)}"
            pool.append((sid, kind, label))
        return pool

    def _concept(self, eid: str, kind: str, label: str, plan: str, doc: _Doc) -> str:
        self.entity(eid, kind, label, doc)
        # no generated concept nests under another: each is a top concept of its plan
        self.top_concept(eid, plan, self.link(eid, "skos:inScheme", plan, doc, label))
        return eid

    def _indicator_scheme(self, doc: _Doc, title: str) -> str:
        """The scheme of the indicators ``doc`` names (kgraph.skos.indicator_scheme)."""
        scheme = f"{doc.iri}/indicators"
        self.w.add(scheme, "rdf:type", "skos:ConceptScheme")
        self.w.add(scheme, "rdfs:label", _english(f"Indicators named in {title}"))
        self.w.add(scheme, "dcterms:source", doc.iri)
        return scheme

    def _priorities(self, plan: str, doc: _Doc, n: int) -> list[str]:
        kind = "kg:PriorityArea" if self.rng.random() < 0.2 else "kg:Priority"
        out = []
        for i, theme in enumerate(self.rng.sample(_PRIORITY_THEMES, n)):
            label = f"Priority {i + 1}: {theme}"
            p = self._concept(f"{plan}-priority-{i + 1}", kind, label, plan, doc)
            self.attribute(p, "skos:notation", f"Priority {i + 1}", doc)
            out.append(p)
        return out

    def _strategies(self, plan: str, doc: _Doc, pool: list[tuple[str, str, str]],
                    priorities: list[str], outcomes: list[str], boards: list[str],
                    named_before: set[int]) -> set[int]:
        rng = self.rng
        named = {i for i in range(len(pool))
                 if rng.random() < (0.85 if i in named_before or not named_before else 0.3)}
        for i in sorted(named):
            sid, kind, label = pool[i]
            aliases: tuple[tuple[str, _Doc], ...] = ()
            if rng.random() < 0.15:  # named differently in the plan's appendix
                aliases = ((label.replace(f"{self.name} ", "The "), doc),)
            self.entity(sid, kind, label, doc, aliases)
            self.link(sid, "kg:listedIn", plan, doc, label)
            # skewed coverage: most strategies tick one or two columns, a few tick them all
            k = min(len(priorities), int(rng.paretovariate(1.2)))
            for p in rng.sample(priorities, k):
                self.link(sid, "kg:contributesTo", p, doc, f"{label} (tick)")
            if outcomes and rng.random() < 0.6:
                self.link(sid, "kg:servesOutcome", rng.choice(outcomes), doc, label)
            roll = rng.random()
            if roll < 0.65:
                self.link(sid, "kg:ownedBy", rng.choice(boards), doc, f"owned by: {label}")
            elif roll < 0.85:
                self.link(sid, "kg:overseenBy", rng.choice(boards), doc, f"overseen: {label}")
        return named

    def _indicators(self, plan: str, doc: _Doc, priorities: list[str], first: int) -> None:
        rng = self.rng
        dataset = f"dataset/{plan}"
        w = self.w
        w.add(dataset, "rdf:type", "qb:DataSet")
        w.add(dataset, "qb:structure", "kg:IndicatorValues")
        w.add(dataset, "rdfs:label", _literal(f"Indicator values from {doc.iri}"))
        w.add(dataset, "dcterms:source", doc.iri)
        targets = [*priorities, None]  # None: an indicator that measures no priority
        scheme = None
        for n, priority in enumerate(t for t in targets for _ in range(rng.randint(0, 3))):
            code = f"NI{rng.randint(1, 199)}" if rng.random() < 0.6 else f"KCC_{rng.randint(1, 99)}"
            ind = f"{plan}-indicator-{n + 1}"
            [mention] = self._entity(ind, "kg:Indicator",
                                     f"{rng.choice(_TOPICS)} indicator {code}", doc)
            scheme = scheme or self._indicator_scheme(doc, self.titles[doc.iri])
            self.top_concept(ind, scheme, self.derive(ind, "skos:inScheme", scheme, mention))
            self.attribute(ind, "kg:nationalCode", code, doc)
            if priority is not None:
                self.link(ind, "kg:measures", priority, doc, code)
            base = rng.uniform(5, 95)
            for year in range(first - 1, first + 3):
                period = f"{year}-{str(year + 1)[2:]}"
                for measure in ("actual", "target") if year >= first else ("actual",):
                    value = base + rng.gauss(0, 3) + (year - first)
                    obs = f"obs/{ind}/{self.slug}/{period}/{measure}"
                    w.add(obs, "rdf:type", "qb:Observation")
                    w.add(obs, "rdf:type", "kg:Citation")
                    w.add(obs, "qb:dataSet", dataset)
                    w.add(obs, "kg:indicator", ind)
                    w.add(obs, "kg:refArea", _literal(self.name))
                    w.add(obs, "kg:refPeriod", _literal(period))
                    w.add(obs, "kg:measureType", _literal(measure))
                    if rng.random() < 0.03:
                        w.add(obs, "kg:valueText", _literal(f"{value:.1f}*!"))
                        self._cite(obs, doc, f"{value:.1f}*!", rng.choice(_FLAGS))
                    else:
                        w.add(obs, "kg:valueText", _literal(f"{value:.1f}"))
                        w.add(obs, "kg:value", _typed(f"{value:.1f}", "decimal"))
                        self._cite(obs, doc, f"{value:.1f}")

    def _evolution(self, before: list[str], after: list[str], doc: _Doc) -> None:
        rng = self.rng
        for p in before:
            roll = rng.random()
            if roll < 0.1:
                continue  # dropped: no successor
            for q in rng.sample(after, 2 if roll > 0.9 else 1):  # split now and then
                self.link(p, "kg:evolvesInto", q, doc, "carried forward")


def _profile(triples: int) -> list[int]:
    """Plan generations for each council, for about ``triples`` triples: councils first
    (up to COUNCILS_MAX), then more plan generations per council."""
    councils = max(1, min(COUNCILS_MAX, round(triples / (PER_COUNCIL + 2 * PER_GENERATION))))
    total = max(councils, round((triples - councils * PER_COUNCIL) / PER_GENERATION))
    return [total // councils + (i < total % councils) for i in range(councils)]


def generate(triples: int, seed: int = 0, turtle: bool = True) -> Iterator[str]:
    """Lines of a synthetic graph of about ``triples`` triples (Turtle or N-Triples)."""
    if triples < 1:
        raise InputError("--triples must be at least 1")
    rng = random.Random(seed)
    if turtle:
        yield "# Synthetic kgraph data from `kgraph generate` (not real councils).\n"
        for ns, prefix in sorted(_NS.items(), key=lambda kv: kv[1]):
            yield f"@prefix {prefix}: <{ns}> .\n"
        yield "\n"
    for index, generations in enumerate(_profile(triples)):
        council_rng = random.Random(rng.getrandbits(64))
        yield from _Council(council_rng, index, generations, turtle).build()


def write(path: str | Path, triples: int, seed: int = 0) -> int:
    """Write a synthetic graph to ``path`` (.ttl or .nt) atomically, streaming (the text
    is too big to hold for kgraph.fileio); returns the triple count."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".ttl", ".nt"):
        raise InputError(f"{path}: write .ttl or .nt (not {suffix or 'no suffix'!r})")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            for line in generate(triples, seed, turtle=suffix == ".ttl"):
                fh.write(line)
                count += line.endswith(" .\n") and not line.startswith("@prefix")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


__all__ = ["generate", "write"]
