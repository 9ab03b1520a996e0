"""The report as CommonMark/GitHub Markdown. Every text taken from the graph goes through
``esc``: HTML and Markdown syntax in a label stay text when a Markdown renderer shows
the file (an ``<svg onload=…>`` label must not become markup)."""

from __future__ import annotations

import re

from kgraph.report.model import Report, Source

# ASCII punctuation CommonMark lets a backslash escape and that can start markup
_SPECIAL = re.compile(r"([\\`*\[\]<>#|~&])")
# "_" only makes emphasis at a word's edge (CommonMark): file names keep theirs
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_BLOCK_START = re.compile(r"^([-+=])|^(\d+)([.)])")


def esc(text: object) -> str:
    """User text as inert Markdown: one line, every markup character backslash-escaped,
    and no list, heading or rule marker at its start."""
    s = " ".join(str(text if text is not None else "").split())
    s = _UNDERSCORE.sub(r"\\_", _SPECIAL.sub(r"\\\1", s))
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", s)


SIMILARITY = ("Similarity: the number of priorities both strategies cover, divided by the "
              "number either covers (1 would mean the same priorities). Pairs at {:g} or more "
              "that do not cover exactly the same priorities are listed.")


def cite(s: Source | None) -> str:
    """Source ``s`` in words ('Title (date), line N') with its quote, escaped for Markdown; '' for
    None."""
    if s is None:
        return ""
    quote = f": “{esc(s.quote)}”" if s.quote else ""
    return f"{esc(s.words())}{quote}"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A GitHub table; cells are already escaped."""
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out + [""]


def render(r: Report) -> str:
    """The report as Markdown: summary, coverage, gaps, overlaps, accountability, continuity,
    indicators, caveats and sources; every user text escaped."""
    out = [f"# {esc(r.title)}", "",
           f"Prepared {r.generated} by kgraph from the plan documents listed under Sources. "
           "Every figure is computed from the knowledge graph; each finding names the "
           "document and line that states it.", "", "## Summary", ""]
    out += [f"- {esc(s)}" for s in r.summary] + [""]

    out += ["## Coverage: which strategies serve which priorities", "",
            "✓ marks a strategy the plan's table lists as contributing to a priority; "
            "✓? marks a tick the conversion may have damaged (see Data caveats).", ""]
    for c in r.coverage:
        out += [f"### {esc(c['plan'])}", ""]
        if not c["rows"]:
            out += ["The source document has no table of strategies against these priorities, "
                    "so no coverage can be shown. Its priorities:", ""]
            out += [f"- {esc(col['notation'] + ' ' if col['notation'] else '')}"
                    f"{esc(col['label'])}" for col in c["columns"]] + [""]
            continue
        if c["untabled"]:
            out += ["The source document has no table of strategies against these priorities: "
                    "a ✓ below is a strategy its text names under a priority, and an empty "
                    "column says nothing either way (not a gap).", ""]
        out += ["Priorities:", ""]
        for i, col in enumerate(c["columns"]):
            mark = f", the {col['mark']}" if col["mark"] else ""
            out.append(f"- **{esc(col['notation'] or str(i + 1))}**: {esc(col['label'])} "
                       f"({col['strategies']} strategies{mark})")
        out.append("")
        header = ["Strategy"] + [esc(col["notation"] or str(i + 1))
                                 for i, col in enumerate(c["columns"])] + ["Total"]
        rows = [[esc(row["strategy"])] + row["cells"] + [str(row["total"])] for row in c["rows"]]
        rows.append(["**Total**"] + [str(t) for t in c["totals"]] + [str(c["grand_total"])])
        out += table(header, rows)

    out += ["## Gaps", ""]
    if not r.gaps:
        out += ["No gaps were found.", ""]
    for g in r.gaps:
        out += [f"### {esc(g['title'])} ({len(g['findings'])}, {g['severity'].lower()} severity)",
                "", esc(g["explanation"]), ""]
        if r.plan:  # one plan: no plan column
            out += table(["Item", "What was found", "Source"],
                         [[esc(f["item"]), esc(f["evidence"]), cite(f["source"])]
                          for f in g["findings"]])
        else:
            out += table(["Item", "Plan", "What was found", "Source"],
                         [[esc(f["item"]), esc(f["plan"]), esc(f["evidence"]), cite(f["source"])]
                          for f in g["findings"]])

    ov = r.overlaps
    out += ["## Overlaps", ""]
    if not (ov["identical"] or ov["similar"] or ov["aliases"]):
        out += ["No overlaps were found.", ""]
    if ov["identical"]:
        out += ["### Strategies that cover exactly the same priorities", ""]
        for o in ov["identical"]:
            where = "" if r.plan else f"In {esc(o['plan'])}, t"
            out += [f"- {where or 'T'}hese {o['size']} strategies cover exactly the same "
                    f"priorities ({esc('; '.join(o['priorities']))}): "
                    f"{esc('; '.join(o['strategies']))}."]
        out += [""]
    if ov["similar"]:
        out += ["### Strategies that cover nearly the same priorities", "",
                SIMILARITY.format(r.threshold), ""]
        out += table(["Plan", "Strategy", "Strategy", "Similarity", "Priorities in common"],
                     [[esc(o["plan"]), esc(o["a"]), esc(o["b"]), f"{o['jaccard']:.2f}",
                       esc("; ".join(o["shared"]))] for o in ov["similar"]])
    if ov["aliases"]:
        out += ["### One strategy under several names", ""]
        out += table(["Strategy", "Names used", "Documents"],
                     [[esc(a["label"]), esc("; ".join(a["names"])), esc("; ".join(a["documents"]))]
                      for a in ov["aliases"]])

    out += ["## Accountability: who owns, oversees and reports to whom", ""]
    if r.accountability:
        out += table(["Who", "Relation", "To whom", "Source"],
                     [[esc(a["from"]), esc(a["relation"]), esc(a["to"]), cite(a["source"])]
                      for a in r.accountability])
    else:
        out += ["The sources state no owner, overseer or reporting line here.", ""]

    out += ["## Continuity from plan to plan", ""]
    if r.continuity:
        out += table(["Earlier plan", "Priority", "What happened", "Later plan", "Priority",
                      "Source"],
                     [[esc(c["from_plan"]), esc(c["from"]), esc(c["words"]), esc(c["to_plan"]),
                       esc(c["to"]), cite(c["source"])] for c in r.continuity])
    else:
        out += ["The sources state no transition between this plan and another.", ""]

    out += ["## Key indicators", ""]
    if r.indicators:
        out += ["(?) marks a value the conversion may have damaged.", ""]
        out += table(["Code", "Indicator", "Priority", "Values"],
                     [[esc(i["code"]), esc(i["label"]), esc(i["priority"]),
                       esc("; ".join(i["values"]))] for i in r.indicators])
    else:
        out += ["The plan lists no key indicators.", ""]

    out += ["## Data caveats", "",
            "Places where the converted source text is garbled, ambiguous or incomplete, "
            "what they concern and how they were read.", ""]
    if r.caveats:
        out += table(["Concerns", "Caveat", "Note", "Source"],
                     [[esc(c["about"]), esc(c["flag"]), esc(c["note"]), cite(c["source"])]
                      for c in r.caveats])
    else:
        out += ["None.", ""]

    out += ["## Sources", ""]
    for s in r.sources:
        when = f" ({esc(s['date'])})" if s["date"] else ""
        out.append(f"- {esc(s['title'])}{when}, file {esc(s['doc'])}")
    return "\n".join(out) + "\n"
