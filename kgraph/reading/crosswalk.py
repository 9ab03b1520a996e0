"""The crosswalk (``kgraph crosswalk``) for reading: what each priority became, plan to plan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kgraph.reading.words import ReaderWords, records, source_words, terminal_width

if TYPE_CHECKING:
    import pandas as pd


_LEVELS = {"priority": "Priorities", "action": "Actions", "plan": "Plans",
           "strategic plan": "Strategic plans", "strategy": "Strategies", "board": "Boards",
           "partnership": "Partnerships"}


def crosswalk_view(frame: pd.DataFrame, fmt: str, words: ReaderWords,
                   width: int | None = None) -> str:
    """The crosswalk (``kgraph crosswalk``) for reading: one section per pair of plans
    ("From <plan> to <next plan>"), then what no plan holds (boards, partnerships, plans
    themselves); within each, priorities, actions… by name, each with what became of it
    ("carried into Family Poverty", "split into …", "not carried into the next plan") and the
    line of the source that says so. csv and json keep one row per link with the ids."""
    import textwrap

    from kgraph.vocabulary import STATUS_WORDS

    md = fmt == "markdown"
    width = width or terminal_width()
    head = "What carried over from plan to plan"
    out = [f"# {head}", ""] if md else [*textwrap.wrap(head, width=width), ""]
    rows = records(frame)
    if not rows:
        return "\n".join([*out, "No stated successions."]) + "\n"
    counts: dict[str, int] = {}
    for r in rows:
        counts[str(r["status"])] = counts.get(str(r["status"]), 0) + 1
    short = {"carried": "carried over", "merged": "merged", "split": "split",
             "dropped": "not carried over", "new": "new"}
    tally = ", ".join(f"{n} {short.get(s, s)}"
                      for s, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    about = f"{len(rows)} stated successions ({tally}), each with the line that states it."

    def wrap(text: str, indent: str, more: str = "  ") -> list[str]:
        return textwrap.wrap(text, width=width, initial_indent=indent,
                             subsequent_indent=indent + more, break_on_hyphens=False)

    out += [about, ""] if md else [*wrap(about, "", ""), ""]

    def plan(slug: Any) -> str:
        return words.plans.get(str(slug), str(slug)) if isinstance(slug, str) and slug else ""

    sections: dict[str, list[dict[str, Any]]] = {}
    for r in rows:  # one section per plan a priority comes from; the rest together
        sections.setdefault(plan(r["from_plan"]), []).append(r)
    for a, mine in sorted(sections.items(), key=lambda kv: (not kv[0], kv[0])):
        nexts = list(dict.fromkeys(plan(r["to_plan"]) for r in mine if r["to_plan"]))
        b = "; ".join(nexts)
        if a:
            title = f"From {a} to {b}" if b else f"From {a}"
        else:
            title = "Not tied to one plan's priorities (bodies, plans and strategies)"
        out += [f"## {title}", ""] if md else [*wrap(title, "", ""), ""]
        levels: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for r in mine:
            name = str(r["from_label"] or r["to_label"] or "")
            levels.setdefault(str(r["level"]), {}).setdefault(name, []).append(r)
        for level, items in levels.items():
            label = _LEVELS.get(level, level.capitalize())
            out += [f"### {label}", ""] if md else wrap(label, "  ")
            for name, links in items.items():
                said = []
                for r in links:
                    status = STATUS_WORDS.get(str(r["status"]), str(r["status"]))
                    target = str(r["to_label"] or "")
                    if r["status"] == "new":
                        target = plan(r["to_plan"]) or target
                    there = plan(r["to_plan"]) if r["to_plan"] and not b else ""
                    said.append((f"{status} {target}".strip()
                                 + (f" ({there})" if there and r["status"] != "new" else ""),
                                 source_words(str(r["source"] or ""), words.documents)))
                if md:
                    out.append(f"- **{name}**: " + "; ".join(
                        s + (f" (source: {src})" if src else "") for s, src in said))
                    continue
                out += textwrap.wrap(f"• {name}", width=width, initial_indent="    ",
                                     subsequent_indent="      ", break_on_hyphens=False)
                for s, src in said:
                    out += wrap(s, "        ")
                    if src:
                        out += wrap(f"Source: {src}", "          ")
            out.append("")
    return "\n".join(out).rstrip() + "\n"
