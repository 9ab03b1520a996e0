"""The strategy x priority matrix of a plan, with row and column totals.

``PlanCoverage.matrix`` holds data rows only (one per strategy), so ``matrix.sum()`` is
right in a notebook; column totals are ``PlanCoverage.totals`` and, grouped by outcome,
``PlanCoverage.subtotals``; ``PlanCoverage.table()`` is the matrix with those rows added,
for reading. Over every plan, ``coverage`` asks the store one query whatever the number of
plans and splits the rows by plan in pandas; a named PLAN asks the per-plan query.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from kgraph import queries
from kgraph.analysis.plans import PlanRef, select_plans
from kgraph.namespaces import short
from kgraph.queries import Source

if TYPE_CHECKING:
    import pandas as pd

TOTAL = "TOTAL"
CROSS_CUTTING = "Cross-cutting"  # Every Day Matters App. 2 heads its first group CROSS-CUTTING (000:497)
NO_OUTCOMES = "(no outcome groups)"
LINK_COLUMNS = ["strategy", "strategy_label", "name", "outcome", "priority", "flag"]
PRIORITY_COLUMNS = ["priority", "label", "notation", "column", "strategies"]


@dataclass
class PlanCoverage:
    """One plan's coverage: its priorities, the cited strategy → priority links, the strategy ×
    priority ``matrix`` (data rows only), column ``totals`` and, by outcome, ``subtotals``.

    The matrix, totals, subtotals, ``priorities`` and ``links`` are pandas objects made on
    first use from the plain columns and records kept here: the CSV of every plan is written
    from those without pandas (over 390 plans at 10^6 triples, importing pandas and making
    the frames cost 0.5 s of kgraph coverage's 2.3 s)."""

    plan: PlanRef
    priority_rows: list[dict[str, Any]]  # priority, label, notation, column (the heading), strategies
    link_rows: list[dict[str, Any]]  # strategy, strategy_label, name, outcome, priority, flag
    data: dict[str, Any]  # the matrix by column: strategy, preferred_name, slug, [outcome], headings…, total
    total_counts: dict[str, int] = field(default_factory=dict)  # heading → total, and "total"
    subtotal_rows: list[dict[str, Any]] | None = None  # --by outcome: outcome, strategies, headings…, total

    @cached_property
    def matrix(self) -> pd.DataFrame:
        """Data rows only: strategy, preferred_name, slug, [outcome], headings…, total."""
        import numpy as np  # loaded by pandas anyway
        import pandas as pd

        # the counts as int64 arrays, also with no rows (an empty list would not be int64);
        # one block made at once, not DataFrame.astype: that cost overlaps 0.6 s
        counts = [*self.columns, "total"]
        block = np.array([self.data[c] for c in counts], dtype=np.int64)
        arrays = dict(zip(counts, block, strict=True))
        return pd.DataFrame({c: arrays.get(c, v) for c, v in self.data.items()})

    @cached_property
    def totals(self) -> pd.Series:
        """Each heading's total, and "total"."""
        import pandas as pd

        return pd.Series(self.total_counts, dtype="int64")

    @cached_property
    def subtotals(self) -> pd.DataFrame | None:
        """--by outcome: outcome, strategies, headings…, total (None without)."""
        if self.subtotal_rows is None:
            return None
        import pandas as pd

        return pd.DataFrame(self.subtotal_rows, columns=["outcome", "strategies", *self.columns,
                                                         "total"])

    @property
    def rows(self) -> int:
        """How many strategies the matrix has (without making it)."""
        return len(self.data["strategy"])

    @cached_property
    def priorities(self) -> pd.DataFrame:
        """priority, label, notation, column (the heading), strategies: in the plan's order."""
        import pandas as pd

        return pd.DataFrame(self.priority_rows, columns=PRIORITY_COLUMNS)

    @cached_property
    def links(self) -> pd.DataFrame:
        """strategy, strategy_label, name, outcome, priority, flag: one row per cited link."""
        import pandas as pd

        return pd.DataFrame(self.link_rows, columns=LINK_COLUMNS)

    @property
    def columns(self) -> list[str]:
        """The priority headings, in the plan's order."""
        return [p["column"] for p in self.priority_rows]

    def table(self) -> pd.DataFrame:
        """The matrix for reading: data rows, then (by outcome) a subtotal row after each
        group, then the TOTAL row. Not for arithmetic: use ``matrix`` and ``totals``."""
        import pandas as pd

        columns = [*self.columns, "total"]
        total_row = {"strategy": TOTAL, "preferred_name": "", "slug": "",
                     **{c: int(self.totals.get(c, 0)) for c in columns}}
        if self.subtotals is None:
            return pd.concat([self.matrix, pd.DataFrame([total_row])], ignore_index=True)
        parts = []
        for sub in self.subtotals.to_dict(orient="records"):
            parts.append(self.matrix[self.matrix["outcome"] == sub["outcome"]])
            parts.append(pd.DataFrame([{"strategy": f"Subtotal: {sub['outcome']}", "preferred_name": "",
                                        "slug": "", "outcome": sub["outcome"],
                                        **{c: int(sub[c]) for c in columns}}]))
        parts.append(pd.DataFrame([{**total_row, "outcome": ""}]))
        out = pd.concat(parts, ignore_index=True)
        for c in columns:
            out[c] = out[c].astype(int)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (README): plan, priorities, rows, totals, subtotals."""
        out: dict[str, Any] = {
            "plan": {"slug": self.plan.slug, "label": self.plan.label},
            "priorities": [{"slug": p["priority"], "heading": p["column"], "notation": p["notation"],
                            "label": p["label"], "strategies": int(p["strategies"])}
                           for p in self.priority_rows],
            "rows": self.matrix.to_dict(orient="records"),
            "totals": {k: int(v) for k, v in self.totals.items()},
        }
        if self.subtotals is not None:
            out["subtotals"] = self.subtotals.to_dict(orient="records")
        return out


def _order(notation: str | None, label: str) -> tuple[int, str]:
    m = re.search(r"\d+", notation or "")
    return (int(m.group(0)) if m else 10_000, label)


def heading(notation: str | None, label: str) -> str:
    """A priority's column heading: its notation and its name ("Priority 1: Safeguarding
    and protection"); the name alone when it has no notation or already starts with it."""
    if not notation or label.casefold().startswith(notation.casefold()):
        return label
    if notation[-1] in ").":  # "1)" as the KSCB plan numbers its priorities
        return f"{notation} {label}"
    return f"{notation}: {label}"


def _row_name(names: list[tuple[int, str]], preferred: str) -> str:
    """The name a plan's table uses for a strategy: the one on most of its cited lines
    (the first line's on a tie); the preferred name when no mention is on those lines."""
    if not names:
        return preferred
    count = Counter(n for _, n in names)
    return min(names, key=lambda ln: (-count[ln[1]], ln[0], ln[1]))[1]


def _name_at_line(used: list[str], quote: str | None) -> str | None:
    """Of the names mentioned on one cited line, the one the link's quote gives."""
    if not used:
        return None
    for test in (lambda u: u == quote, lambda u: bool(quote) and u in (quote or "")):
        hit = sorted(u for u in used if test(u))
        if hit:
            return hit[0]
    return sorted(used)[0]


def _build(plan: PlanRef, rows: list[dict[str, Any]], name_rows: list[dict[str, Any]],
           by: str | None) -> PlanCoverage:
    prio: dict[str, dict[str, Any]] = {}
    links: dict[tuple[str, str], dict[str, Any]] = {}
    outcome_order: dict[str, tuple[int, str]] = {}
    for r in rows:
        p = short(r["priority"])
        if p not in prio:
            prio[p] = {"priority": p, "label": r["priorityLabel"], "notation": r["notation"]}
        if not r["strategy"]:
            continue
        s = short(r["strategy"])
        link = links.get((s, p))
        if link is None:
            link = links[(s, p)] = {"strategy": s, "strategy_label": r["strategyLabel"], "name": None,
                                    "outcome": None, "priority": p, "flag": None}
        outcome = r.get("outcomeLabel")
        if outcome and (link["outcome"] is None or outcome < link["outcome"]):
            link["outcome"] = outcome
            outcome_order[outcome] = _order(r.get("outcomeNotation"), outcome)
        flag = short(r["flag"]).split("#")[-1] if r.get("flag") else None
        if flag and (link["flag"] is None or flag < link["flag"]):
            link["flag"] = flag
    at_line: dict[tuple[str, str, int], tuple[list[str], str | None]] = {}
    for r in name_rows:
        s, p = short(r["strategy"]), short(r["priority"])
        if (s, p) in links and r["used"] and r["line"] is not None:
            used, _ = at_line.setdefault((s, p, int(r["line"])), ([], r["quote"]))
            if r["used"] not in used:
                used.append(r["used"])
    names: dict[str, list[tuple[int, str]]] = {}
    for (s, _p, line), (used, quote) in sorted(at_line.items()):
        name = _name_at_line(used, quote)
        if name:
            names.setdefault(s, []).append((line, name))
    ordered = sorted(prio.values(), key=lambda d: _order(d["notation"], d["label"]))
    seen: dict[str, int] = {}
    for d in ordered:
        column = heading(d["notation"], d["label"])
        seen[column] = seen.get(column, 0) + 1
        # two priorities with one heading (no notation, same label) stay two columns
        d["column"] = column if seen[column] == 1 else f"{column} ({d['priority']})"
    columns = [d["column"] for d in ordered]
    link_list = sorted(links.values(), key=lambda d: (d["strategy"], d["priority"]))
    col_index = {d["priority"]: j for j, d in enumerate(ordered)}
    rows_of: dict[str, int] = {}
    info: list[list[Any]] = []  # strategy (name in the plan), preferred_name, slug, outcome
    ticks: list[tuple[int, int]] = []
    for link in link_list:
        s = link["strategy"]
        link["name"] = _row_name(names.get(s, []), link["strategy_label"])
        i = rows_of.get(s)
        if i is None:
            i = rows_of[s] = len(info)
            info.append([link["name"], link["strategy_label"], s, None])
        ticks.append((i, col_index[link["priority"]]))
        if link["outcome"] and (info[i][3] is None or link["outcome"] < info[i][3]):
            info[i][3] = link["outcome"]
    cells = [[0] * len(columns) for _ in info]  # lists, not numpy: importing it cost 0.2 s
    for i, j in ticks:
        cells[i][j] = 1
    group = [0] * len(info)
    if by == "outcome":
        fill = CROSS_CUTTING if any(r[3] for r in info) else NO_OUTCOMES
        # the document's order: the ungrouped (cross-cutting) rows come first, as in
        # Every Day Matters App. 2, then the outcomes by their notation
        rank = {name: k for k, name in enumerate(
            sorted(outcome_order, key=lambda o: outcome_order[o]), start=1)}
        for row_info in info:
            row_info[3] = row_info[3] or fill
        group = [rank.get(row_info[3], 0) for row_info in info]
    order = sorted(range(len(info)), key=lambda i: (group[i], info[i][0], info[i][2]))
    cells = [cells[i] for i in order]
    row_totals = [sum(row) for row in cells]
    data: dict[str, Any] = {"strategy": [info[i][0] for i in order],
                            "preferred_name": [info[i][1] for i in order],
                            "slug": [info[i][2] for i in order]}
    if by == "outcome":
        data["outcome"] = [info[i][3] for i in order]
    data.update({c: [row[j] for row in cells] for j, c in enumerate(columns)})
    data["total"] = row_totals
    subs: list[dict[str, Any]] | None = None
    if by == "outcome":
        subs = []
        groups = [group[i] for i in order]
        for g in sorted(set(groups)):
            members = [k for k, x in enumerate(groups) if x == g]
            part = [cells[k] for k in members]
            subs.append({"outcome": data["outcome"][members[0]], "strategies": len(members),
                         **{c: sum(row[j] for row in part) for j, c in enumerate(columns)},
                         "total": sum(row_totals[k] for k in members)})
    col_totals = [sum(row[j] for row in cells) for j in range(len(columns))]
    totals = {**dict(zip(columns, col_totals, strict=True)), "total": sum(row_totals)}
    for d, v in zip(ordered, col_totals, strict=True):  # one column per priority
        d["strategies"] = v
    priorities = [{c: d[c] for c in PRIORITY_COLUMNS} for d in ordered]
    return PlanCoverage(plan, priorities, [{c: d[c] for c in LINK_COLUMNS} for d in link_list],
                        data, totals, subs)


def plan_coverage(graph: Source, plan: PlanRef, by: str | None = None) -> PlanCoverage:
    """The coverage of one plan (the per-plan queries)."""
    iri = URIRef(plan.iri)
    return _build(plan, queries.select(graph, "coverage", plan=iri),
                  queries.select(graph, "coverage_names", plan=iri), by)


def _all_rows(graph: Source, ticks_only: bool = False
              ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    """The rows of coverage.rq for every plan, by plan IRI, and every link's names, from
    four queries whatever the number of plans (outcomes and flags joined here; two queries
    without them when ``ticks_only``)."""
    outcomes: dict[tuple[str, str], list[dict[str, Any]]] = {}
    flags: dict[tuple[str, str], list[str]] = {}
    if not ticks_only:
        for r in queries.select(graph, "coverage_outcomes_all"):
            outcomes.setdefault((r["plan"], r["strategy"]), []).append(r)
        for r in queries.select(graph, "coverage_flags_all"):
            flags.setdefault((r["strategy"], r["priority"]), []).append(r["flag"])
    none: list[Any] = [None]
    by_plan: dict[str, list[dict[str, Any]]] = {}
    for r in queries.select(graph, "coverage_all"):
        rows = by_plan.setdefault(r["plan"], [])
        if not r["strategy"]:
            rows.append({**r, "outcomeLabel": None, "outcomeNotation": None, "flag": None})
            continue
        for o in outcomes.get((r["plan"], r["strategy"]), none):
            for f in flags.get((r["strategy"], r["priority"]), none):
                rows.append({**r, "outcomeLabel": o and o["outcomeLabel"],
                             "outcomeNotation": o and o["outcomeNotation"], "flag": f})
    plan_of = {r["priority"]: plan for plan, rows in by_plan.items() for r in rows}
    names: dict[str, list[dict[str, Any]]] = {}
    for r in queries.select(graph, "coverage_names_all"):
        if r["priority"] in plan_of:
            names.setdefault(plan_of[r["priority"]], []).append(r)
    return by_plan, names


def coverage(graph: Source, plan: str | None = None, by: str | None = None,
             ticks_only: bool = False) -> list[PlanCoverage]:
    """Coverage matrices: of PLAN (slug or title fragment), or of every plan with priorities
    that has a matrix (at least one strategy contributes) — then in a fixed number of
    queries, whatever the number of plans.

    ``ticks_only`` (every plan, without ``by``): the matrices alone, the links without their
    outcome and flag — two queries fewer, for callers that read only the ticks (overlaps)."""
    if plan is not None:
        return [plan_coverage(graph, p, by) for p in select_plans(graph, plan) if p.priorities]
    by_plan, names = _all_rows(graph, ticks_only=ticks_only and by is None)
    covs = [_build(p, by_plan[p.iri], names.get(p.iri, []), by) for p in select_plans(graph, None)
            if p.priorities and p.iri in by_plan]
    return [c for c in covs if c.rows]
