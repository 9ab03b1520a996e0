"""Findings (``kgraph gaps``) for reading: grouped by kind, most severe first, in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgraph.reading.words import ReaderWords, source_words, terminal_width

if TYPE_CHECKING:
    import pandas as pd


def render_findings(frame: pd.DataFrame, fmt: str, words: ReaderWords, plan: str | None = None,
                    width: int | None = None) -> str:
    """Findings (``kgraph gaps``) for reading: grouped by kind, most severe first, each kind
    with its title, severity and what it means; each finding by name, with its plan's title,
    its evidence and its source document's title and line; wrapped to the terminal (table)
    or as Markdown. ``plan``: the plan asked about (its title heads the view, and findings
    about it do not repeat it). csv and json keep the ids: use ``render``."""
    import textwrap

    md = fmt == "markdown"
    width = width or terminal_width()
    out: list[str] = []
    about = words.plans.get(plan, plan) if plan else None
    total = len(frame)
    head = f"Findings: {about}" if about else "Findings: every plan"
    out += [f"# {head}", ""] if md else [*textwrap.wrap(head, width=width), ""]
    if not total:
        out.append("No findings.")
        return "\n".join(out)
    counts = frame["severity"].value_counts()
    tally = ", ".join(f"{int(counts[s])} {words.severities.get(s, s)}"
                      for s in ("high", "medium", "low", "info") if s in counts)
    out += [f"{total} finding{'s' if total != 1 else ''} ({tally}).", ""]

    def wrap(text: str, indent: str) -> list[str]:
        return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent,
                             break_on_hyphens=False) or [indent.rstrip()]

    for kind, group in frame.groupby("kind", sort=False):
        title, sentence = words.kinds.get(str(kind), (str(kind), ""))
        severity = words.severities.get(str(group["severity"].iloc[0]), "")
        heading = f"{title} ({len(group)}) — severity: {severity}"
        if md:
            out += [f"## {heading}", "", sentence, ""]
        else:
            out += [heading, *wrap(sentence, "  "), ""]
        for r in group.to_dict(orient="records"):
            name = str(r["label"] or r["entity"])
            where = words.plans.get(str(r["plan"]), str(r["plan"])) if r["plan"] else ""
            if where and where != about and where != name:
                name = f"{name} (in {where})"
            evidence = str(r["evidence"] or "")
            src = source_words(str(r["source"] or ""), words.documents)
            if md:
                out.append(f"- **{name}**: {evidence}" + (f" ({src})" if src else ""))
            else:
                out += textwrap.wrap(f"• {name}", width=width, initial_indent="  ",
                                     subsequent_indent="    ", break_on_hyphens=False)
                if evidence:
                    out += wrap(evidence, "      ")
                if src:
                    out += wrap(f"Source: {src}", "      ")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
