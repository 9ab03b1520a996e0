"""Gaps: thin or unmeasured priorities, unlinked indicators, unowned strategies, idle
boards, strategies dropped between plans, priorities with no successor — and, kept apart
from them, what the source documents simply do not state.

A gap is only reported where the documents show it: a priority is "without strategy"
only in a plan that has a table of strategies against its priorities, and "without
indicator" only in a plan where other priorities have key indicators. Where a plan's
documents hold no such table, or it was lost in the conversion, the finding is
``not-stated-in-source`` (severity ``info``) with the quality note and line, never a high gap.

Over every plan the store is asked a fixed number of queries, whatever the number of
plans; the rows are split by plan in one pass over them (no frames until ``gaps`` returns one).
A named PLAN runs the same queries bound to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import URIRef

from kgraph import queries
from kgraph.analysis.plans import PlanRef, list_plans, select_plans
from kgraph.namespaces import short
from kgraph.provenance import line_key
from kgraph.queries import Source
from kgraph.reading import ReaderWords
from kgraph.relations import local_name
from kgraph.vocabulary import PRIORITIES

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["kind", "severity", "plan", "entity", "label", "evidence", "source"]
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}

# kind -> (severity, one plain-English sentence saying what it means and its threshold)
KINDS: dict[str, tuple[str, str]] = {
    "priority-without-strategy": (
        "high", "The plan's own table of strategies against its priorities names no strategy "
        "for this priority, although it names strategies for others."),
    "priority-without-indicator": (
        "high", "No key indicator measures this priority, although the same plan gives key "
        "indicators for its other priorities."),
    "thin-priority": (
        "medium", "Fewer than {min} strategies serve this priority in the plan's own table "
        "(the minimum can be set; 3 unless set otherwise), though at least one does."),
    "priority-without-successor": (
        "medium", "The documents state how this plan's priorities carry into the next plan, "
        "and this priority is carried into none of them."),
    "strategy-not-carried-forward": (
        "low", "The strategy is named by this plan, but neither it nor a stated successor of "
        "it is named by the next plan that names strategies."),
    "indicator-without-priority": (
        "low", "The indicator is named in a document but measures no priority, priority area "
        "or outcome of any plan."),
    "strategy-without-owner": (
        "low", "The strategy serves some priority, but no document states who owns, oversees "
        "or produced it."),
    "board-overseeing-nothing": (
        "low", "The board or partnership is named, but no document gives it anything to own "
        "or oversee, and no body is stated to report to it."),
    "not-stated-in-source": (
        "info", "The plan's documents hold no such table (or it was lost in the conversion "
        "to text), so the documents say nothing either way: this is not a gap in the plan."),
}


# kind -> a short title for headings, tables and filters, in the order readers see them
TITLES: dict[str, str] = {
    "priority-without-strategy": "Priorities no strategy contributes to",
    "priority-without-indicator": "Priorities no key indicator measures",
    "thin-priority": "Thin priorities (few contributing strategies)",
    "priority-without-successor": "Priorities the next plan does not carry",
    "strategy-not-carried-forward": "Strategies the next plan does not name",
    "strategy-without-owner": "Strategies with no stated owner, overseer or producer",
    "indicator-without-priority": "Indicators that measure no priority",
    "board-overseeing-nothing": "Boards and partnerships that oversee nothing",
    "not-stated-in-source": "Not stated in the source (not a gap)",
}
SEVERITY_WORDS = {"high": "high", "medium": "medium", "low": "low", "info": "for information"}


def describe_kind(kind: str, min_strategies: int = 3) -> str:
    """The plain-English sentence for a finding kind (its threshold filled in)."""
    return KINDS[kind][1].format(min=min_strategies)


def explain_kind(kind: str, min_strategies: int = 3) -> str:
    """The kind's sentence followed by its severity in words, for readers."""
    return f"{describe_kind(kind, min_strategies)} Severity: {SEVERITY_WORDS[KINDS[kind][0]]}."


def _finding(kind: str, plan: str, entity: str, label: str, evidence: str,
             source: str | None = None) -> dict:
    return {"kind": kind, "severity": KINDS[kind][0], "plan": plan, "entity": entity,
            "label": label, "evidence": evidence, "source": source or ""}


Rows = dict[str, list[dict]]  # a part of the rows (priorities, strategies, ...) by plan slug


def _by_plan(rows: list[dict], shorten: tuple[str, ...] = ("plan", "priority", "about")
             ) -> Rows:
    """Query rows as records by plan, the ids in ``shorten`` as slugs (one pass; per-plan
    frames cost 1.7 s over 390 plans at 10^6 triples)."""
    out: Rows = {}
    for r in rows:
        for col in shorten:
            if col in r:
                r[col] = short(r[col])
        out.setdefault(r["plan"], []).append(r)
    return out


def _rows(graph: Source, plan: PlanRef | None) -> dict[str, Rows]:
    """The rows every plan's findings are made from (one query each), by plan."""
    bind = {"plan": URIRef(plan.iri)} if plan else {}

    def ask(name: str) -> Rows:
        rows = queries.select(graph, name, **bind)
        if plan:  # a store may leave a bound variable out of the rows
            rows = [{**r, "plan": plan.iri} for r in rows]
        if name == "missing_in_source":
            for r in rows:
                r["source"] = f"{r['doc']}:{r['line']}"
        return _by_plan(rows)

    return {"priorities": ask("plan_priorities"), "strategies": ask("priority_strategies"),
            "listed": ask("plan_listed_strategies"), "indicators": ask("priority_indicators"),
            "missing": ask("missing_in_source")}


def _heading(row: dict) -> str:
    """How a priority is named in a finding: "Priority 3: Learning and Achievement"."""
    notation, label = row.get("notation"), row["label"]
    if isinstance(notation, str) and notation and notation.casefold() not in label.casefold():
        return f"{notation}: {label}"
    return label


def _notes(missing: list[dict]) -> tuple[str, str]:
    """The quality notes and their lines, each once, in line order."""
    first: dict[str, dict] = {}
    for r in missing:
        first.setdefault(r["source"], r)
    rows = sorted(first.values(), key=lambda r: line_key(r["source"]))
    notes = list(dict.fromkeys(str(r["note"]) for r in rows if isinstance(r["note"], str)))
    return "; ".join(notes), "; ".join(r["source"] for r in rows)


NO_TABLE = "strategies per priority"  # how a "not stated in the source" finding about a
# missing strategy table begins (its evidence), and how it is told from the others
THIN_KINDS = ("thin-priority", "priority-without-strategy")  # a priority too few serve


def untabled_in(findings: pd.DataFrame) -> set[str]:
    """The plans (slugs) whose source has no table of strategies against their priorities,
    from ``gaps``' findings (the site and the report have them already)."""
    said = findings[(findings["kind"] == "not-stated-in-source")
                    & findings["evidence"].str.startswith(NO_TABLE)]
    return set(said["plan"])


def _has_table(listed: int, served_listed: int) -> bool:
    """Whether a plan's source has a table of strategies against its priorities: the plan
    lists strategies and some listed strategy serves one of its priorities."""
    return listed > 0 and served_listed > 0


def plans_without_table(graph: Source) -> set[str]:
    """The plans (slugs) whose source has no table of strategies against their priorities:
    their coverage is what the text names, and an empty column is no gap (two queries)."""
    listed: dict[str, int] = {}
    for r in queries.select(graph, "plan_listed_strategies"):
        listed[short(r["plan"])] = listed.get(short(r["plan"]), 0) + int(r["listed"])
    served: dict[str, int] = {}
    for r in queries.select(graph, "priority_strategies"):
        served[short(r["plan"])] = served.get(short(r["plan"]), 0) + int(r["listedStrategies"])
    return {p.slug for p in list_plans(graph)
            if not _has_table(listed.get(p.slug, 0), served.get(p.slug, 0))}


def _plan_findings(plan: PlanRef, share: dict[str, list[dict]], min_strategies: int
                   ) -> list[dict]:
    """Findings about one plan's priorities, from that plan's share of the rows."""
    out: list[dict] = []
    prios = sorted(share["priorities"], key=lambda r: r["priority"])
    if not prios:
        return out
    first_source = min((r["source"] for r in prios if isinstance(r["source"], str)),
                       key=line_key, default="")
    n_prios = len(prios)
    served = {r["priority"]: int(r["strategies"]) for r in share["strategies"]}
    served_listed = sum(int(r["listedStrategies"]) for r in share["strategies"])
    listed_rows = share["listed"]
    listed = sum(int(r["listed"]) for r in listed_rows)
    missing = share["missing"]

    has_table = _has_table(listed, served_listed)
    if not has_table:
        named = len(served)
        if listed:
            why = (f"the source lists {listed} strateg{'y' if listed == 1 else 'ies'} for this "
                   "plan but has no table saying which of its priorities each serves")
            where = min((r["source"] for r in listed_rows if isinstance(r["source"], str)),
                        key=line_key, default=first_source)
        else:
            why = "the source has no table of strategies against this plan's priorities"
            where = first_source
        if named:
            why += (f" ({named} of its {n_prios} priorities have a strategy named in the text, "
                    "which is not a table)")
        out.append(_finding("not-stated-in-source", plan.slug, plan.slug, plan.label,
                            f"{NO_TABLE}: {why}", where))
    else:
        for p in prios:
            n = served.get(p["priority"], 0)
            if n == 0:
                out.append(_finding("priority-without-strategy", plan.slug, p["priority"],
                                    _heading(p), "no strategy in the plan's table serves it",
                                    p["source"]))
            elif n < min_strategies:
                out.append(_finding(
                    "thin-priority", plan.slug, p["priority"], _heading(p),
                    f"only {n} strateg{'y serves' if n == 1 else 'ies serve'} it "
                    f"(fewer than {min_strategies})", p["source"]))

    # indicators: a list exists when some priority of the plan has a key indicator
    counts = {r["priority"]: int(r["indicators"]) for r in share["indicators"]}
    measured = sum(1 for n in counts.values() if n > 0)
    if measured == 0:
        note, where = _notes([r for r in missing if r["part"] == "indicators"])
        why = "the source gives no key indicators for this plan's priorities"
        if note:
            why = f"the source's indicator tables are lost or empty: {note}"
        out.append(_finding("not-stated-in-source", plan.slug, plan.slug, plan.label,
                            f"key indicators: {why}", where or first_source))
    else:
        for p in prios:
            if counts.get(p["priority"], 0) == 0:
                note, where = _notes([r for r in missing if r["part"] == "priority"
                                      and r["about"] == p["priority"]])
                evidence = (f"no key indicator measures it, though {measured} of the plan's "
                            f"{n_prios} priorities have one")
                if note:
                    evidence += f"; the source: {note}"
                source = "; ".join(s for s in (p["source"], where) if isinstance(s, str) and s)
                out.append(_finding("priority-without-indicator", plan.slug, p["priority"],
                                    _heading(p), evidence, source))
    return out


def _successions(graph: Source) -> list[tuple[str, str, str, str, str]]:
    """Every stated succession once, whichever end states it: (from, to, from type, to type,
    from plan), the types as local names; where an end has several types (or schemes), the
    first by name, as ``crosswalk.lineage`` keeps them."""
    first: dict[tuple[str, str], tuple[str, str, str]] = {}
    for r in queries.select(graph, "successions"):
        key = (short(r["from"]), short(r["to"]))
        kept = (local_name(r["fromType"]), local_name(r["toType"]), short(r["fromPlan"]))
        if key not in first or kept < first[key]:
            first[key] = kept
    return [(*key, *kept) for key, kept in first.items()]


def _descendants(edges: dict[str, set[str]], start: str) -> set[str]:
    """Everything reachable from ``start`` along ``edges`` (its stated successors, theirs,
    ...): a walk of a few hundred links, where importing networkx would cost 0.2 s of the
    command."""
    seen: set[str] = set()
    todo = list(edges.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(edges.get(node, ()))
    return seen


def _plan_succession(graph: Source, plans: list[PlanRef], chain: list[PlanRef],
                     priorities: Rows, batched: bool) -> list[dict]:
    """Strategies named by one plan but not by the next (nor any stated successor of
    theirs); priorities with no successor where the plan's transition is stated.
    ``chain``: every plan with priorities, oldest first."""
    out = []
    wanted = {p.slug for p in plans}
    if batched:
        rows = queries.select(graph, "plan_strategies_all")
        named_by: dict[str, dict[str, str]] = {}
        for r in rows:
            named_by.setdefault(short(r["plan"]), {})[short(r["strategy"])] = r["label"]

        def named(p: PlanRef) -> dict[str, str]:
            return named_by.get(p.slug, {})
    else:
        cache: dict[str, dict[str, str]] = {}

        def named(p: PlanRef) -> dict[str, str]:  # the plan asked about and its successors
            if p.slug not in cache:
                cache[p.slug] = {short(r["strategy"]): r["label"] for r in queries.select(
                    graph, "plan_strategies", plan=URIRef(p.iri))}
            return cache[p.slug]

    links = _successions(graph)
    successors: dict[str, set[str]] = {}
    for source, target, *_ in links:
        successors.setdefault(source, set()).add(target)
    for i, earlier in enumerate(chain):
        if earlier.slug not in wanted or not named(earlier):
            continue
        later = next((p for p in chain[i + 1:] if named(p)), None)
        if later is None:
            continue
        for slug, label in sorted(named(earlier).items()):
            if slug in named(later):
                continue
            if _descendants(successors, slug) & named(later).keys():
                continue  # carried forward under its stated successor
            out.append(_finding(
                "strategy-not-carried-forward", earlier.slug, slug, label,
                f"named by {earlier.label} but not by the next plan, {later.label}"))

    moves = [(f, plan) for f, _, f_type, t_type, plan in links
             if f_type in PRIORITIES and t_type in PRIORITIES]
    has_successor = {f for f, _ in moves}
    successor_plans = {plan for _, plan in moves} - {""}
    for plan in plans:
        if plan.slug not in successor_plans:
            continue  # no transition is stated for this plan at all: nothing to compare
        for rec in sorted(priorities.get(plan.slug, []), key=lambda r: r["priority"]):
            if rec["priority"] not in has_successor:
                out.append(_finding(
                    "priority-without-successor", plan.slug, rec["priority"], rec["label"],
                    "the stated transition to the next plan carries it into nothing",
                    rec["source"]))
    return out


def finding_rows(graph: Source, plan: str | None = None, min_strategies: int = 3) -> list[dict]:
    """``gaps`` as records (kind, severity, plan, entity, label, evidence, source), most
    severe first, without building a DataFrame (the csv of every plan is written from these).
    """
    chain = [p for p in list_plans(graph) if p.priorities]
    plans = chain if plan is None else [p for p in select_plans(graph, plan) if p.priorities]
    if plan is not None and not plans:
        return []
    parts = _rows(graph, plans[0] if plan is not None else None)
    out: list[dict] = []
    for p in plans:
        share = {name: split.get(p.slug, []) for name, split in parts.items()}
        out += _plan_findings(p, share, min_strategies)
    out += _plan_succession(graph, plans, chain, parts["priorities"], batched=plan is None)
    if plan is None:
        for r in queries.select(graph, "unlinked_indicators"):
            out.append(_finding("indicator-without-priority", "", short(r["indicator"]),
                                r["label"], "measures no priority, area or outcome",
                                r["source"]))
        for r in queries.select(graph, "unowned_strategies"):
            out.append(_finding("strategy-without-owner", "", short(r["strategy"]),
                                r["label"], "no owner, overseer or producer is stated",
                                r["source"]))
        for r in queries.select(graph, "idle_boards"):
            out.append(_finding("board-overseeing-nothing", "", short(r["board"]),
                                r["label"], "owns or oversees nothing and nobody reports "
                                "to it", r["source"]))
    return sorted(out, key=lambda f: (SEVERITY_ORDER[f["severity"]], f["kind"], f["plan"],
                                      f["entity"]))


def gaps(graph: Source, plan: str | None = None, min_strategies: int = 3) -> pd.DataFrame:
    """Every finding, most severe first: kind, severity, plan, entity, label, evidence, source.

    ``KINDS`` says what each kind means; ``not-stated-in-source`` findings say where the
    documents hold no table to judge by.
    """
    import pandas as pd

    return pd.DataFrame(finding_rows(graph, plan, min_strategies), columns=COLUMNS)


def reader_words(graph: Source, min_strategies: int = 3) -> ReaderWords:
    """What the reader's view of findings (``kgraph.reading.render_findings``) names things
    by: each plan's title, each source document's title, each kind's title and sentence,
    each severity in words."""
    return ReaderWords(
        plans={p.slug: p.label for p in list_plans(graph)},
        documents={str(r["doc"]): str(r["title"]) for r in queries.select(graph, "documents")},
        kinds={k: (TITLES[k], describe_kind(k, min_strategies)) for k in KINDS},
        severities=dict(SEVERITY_WORDS))
