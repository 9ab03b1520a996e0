"""Check the curated source tables: vocabularies, ids, references and quotes.

Usage: ``python -m kgraph.curation.check [SOURCES_DIR] [SEEDS_DIR]``. Prints one line per
problem (``file:row: message``) and exits 1 if there is any. Standard library only.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from functools import cache
from pathlib import Path

from kgraph.curation.sources import (
    ATTRIBUTES,
    DELIVERY_TIERS,
    FLAGS,
    MEASURES,
    PREDICATES,
    SLUG,
    CuratedCite,
    Sources,
    normalise_text,
    read_sources,
)
from kgraph.provenance import Cite
from kgraph.vocabulary import ENTITY_TYPES

QUOTE_WINDOW = 2  # a quote may sit this many lines either side of the cited line


@cache
def _seed_lines(path: Path) -> tuple[str, ...]:
    return tuple(normalise_text(t) for t in path.read_text(encoding="utf-8").splitlines())


def quote_found(seeds_dir: Path, cite: Cite) -> bool:
    """True when the cite's quote occurs at its line (or within QUOTE_WINDOW of it)."""
    lines = _seed_lines(seeds_dir / cite.document)
    quote = normalise_text(cite.quote)
    if not quote or not 1 <= cite.line <= len(lines):
        return False
    lo = max(cite.line - 1 - QUOTE_WINDOW, 0)
    hi = min(cite.line + QUOTE_WINDOW, len(lines))
    return any(quote in lines[i] for i in range(lo, hi))


def check(sources: Sources, seeds_dir: Path) -> list[str]:
    """Check the curated ``sources`` against the seed documents in ``seeds_dir``: slugs, types,
    labels, known ids, predicates and properties, flags with notes, every quote at its line;
    returns the problems as 'table:row: what' lines (empty: all good)."""
    problems = list(sources.problems)

    def where(c: CuratedCite) -> str:
        return f"{sources.root / c.folder / c.table}:{c.row + 1}"

    def cite_ok(c: CuratedCite) -> None:
        if c.flag and c.flag not in FLAGS:
            problems.append(f"{where(c)}: unknown flag {c.flag!r}")
        if c.flag and not c.note:
            problems.append(f"{where(c)}: flag {c.flag!r} without a note")
        if not quote_found(seeds_dir, c):
            problems.append(
                f"{where(c)}: quote {c.quote[:60]!r} not found at {c.document}:{c.line}"
            )

    types: dict[str, set[str]] = defaultdict(set)
    for e in sources.entities:
        if not SLUG.match(e.id):
            problems.append(f"{where(e.cite)}: id {e.id!r} is not a slug")
        if e.type not in ENTITY_TYPES:
            problems.append(f"{where(e.cite)}: unknown type {e.type!r}")
        if not e.label:
            problems.append(f"{where(e.cite)}: empty label")
        types[e.id].add(e.type)
        cite_ok(e.cite)
    for eid, ts in types.items():
        if len(ts) > 1:
            problems.append(f"id {eid!r} has several types: {sorted(ts)}")
    for link in sources.links:
        if link.predicate not in PREDICATES:
            problems.append(f"{where(link.cite)}: unknown predicate {link.predicate!r}")
        for end in (link.subject, link.object):
            if end not in types:
                problems.append(f"{where(link.cite)}: unknown id {end!r}")
        cite_ok(link.cite)
    for a in sources.attributes:
        if a.property not in ATTRIBUTES:
            problems.append(f"{where(a.cite)}: unknown property {a.property!r}")
        if a.id not in types:
            problems.append(f"{where(a.cite)}: unknown id {a.id!r}")
        if a.property == "value_gbp":
            try:
                float(a.value)
            except ValueError:
                problems.append(f"{where(a.cite)}: value_gbp {a.value!r} is not a number")
        if a.property == "delivery_tier" and a.value not in DELIVERY_TIERS:
            problems.append(
                f"{where(a.cite)}: delivery_tier {a.value!r} not in {sorted(DELIVERY_TIERS)}"
            )
        cite_ok(a.cite)
    for o in sources.observations:
        if o.indicator not in types:
            problems.append(f"{where(o.cite)}: unknown indicator {o.indicator!r}")
        if o.measure not in MEASURES:
            problems.append(f"{where(o.cite)}: measure {o.measure!r} not in {sorted(MEASURES)}")
        if not o.value and not o.cite.flag:
            problems.append(f"{where(o.cite)}: empty value without a flag")
        cite_ok(o.cite)
    return problems


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``check [SOURCES [SEEDS]]`` (defaults data/sources and ../shared/seeds,
    or ``argv``); prints each problem and returns the exit status (1 if any)."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0] if args else "data/sources")
    seeds = Path(args[1] if len(args) > 1 else "../shared/seeds")
    problems = check(read_sources(root, seeds), seeds)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
