"""Views for readers (the ``table`` and ``markdown`` formats): names instead of ids, plans
and source documents by their titles, citations as "title, line N", findings grouped by
kind with what each means, coverage as ticks under short column keys. No rdflib here:
the words come in a ``ReaderWords`` the caller fills from the graph."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

TABLE_CELL_MAX = 60  # table format only: longer cells are cut with an ellipsis


@dataclass(frozen=True)
class ReaderWords:
    """What a reader's view of findings names things by: plan titles by slug, document titles
    by file name, each finding kind's (title, sentence) and each severity in words."""

    plans: dict[str, str]
    documents: dict[str, str]
    kinds: dict[str, tuple[str, str]]
    severities: dict[str, str]


def _width() -> int:
    import shutil

    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 120))


_CITE = re.compile(r'(?P<doc>[^\s:;"]+):(?P<line>\d+)')


def source_words(source: str, documents: dict[str, str]) -> str:
    """"000_x.txt:496; 000_x.txt:540" → "Every Day Matters …, lines 496 and 540": each
    document by its title, its lines after it. A source with quotes ('000_x.txt:510 "…"')
    keeps them, each citation's file read as its title."""
    parts = [p.strip() for p in str(source or "").split(";") if p.strip()]
    if not parts:
        return ""
    if not all(_CITE.fullmatch(p) for p in parts):
        def title(m: re.Match[str]) -> str:
            doc = m.group("doc")
            return f"{documents[doc]}, line {m.group('line')}" if doc in documents else m.group(0)
        return _CITE.sub(title, str(source))
    lines: dict[str, list[str]] = {}
    for part in parts:
        doc, _, line = part.rpartition(":")
        lines.setdefault(doc, [])
        if line not in lines[doc]:
            lines[doc].append(line)
    out = []
    for doc, numbers in lines.items():
        name = documents.get(doc, doc)
        if len(numbers) == 1:
            out.append(f"{name}, line {numbers[0]}")
        else:
            out.append(f"{name}, lines {', '.join(numbers[:-1])} and {numbers[-1]}")
    return "; ".join(out)


def render_findings(frame: pd.DataFrame, fmt: str, words: ReaderWords, plan: str | None = None,
                    width: int | None = None) -> str:
    """Findings (``kgraph gaps``) for reading: grouped by kind, most severe first, each kind
    with its title, severity and what it means; each finding by name, with its plan's title,
    its evidence and its source document's title and line; wrapped to the terminal (table)
    or as Markdown. ``plan``: the plan asked about (its title heads the view, and findings
    about it do not repeat it). csv and json keep the ids: use ``render``."""
    import textwrap

    md = fmt == "markdown"
    width = width or _width()
    out: list[str] = []
    about = words.plans.get(plan, plan) if plan else None
    total = len(frame)
    head = f"Findings: {about}" if about else "Findings: every plan"
    out += [f"# {head}" if md else head, ""]
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


def _column_keys(priorities: list[dict[str, Any]]) -> list[str]:
    """Short keys for a plan's priority columns: the priorities' own numbers where each has a
    distinct one ("Priority 3" → "3"), else letters A, B, C…"""
    numbers = [re.search(r"\d+", str(p.get("notation") or "")) for p in priorities]
    keys = [m.group(0) for m in numbers if m]
    if len(keys) == len(priorities) and len(set(keys)) == len(keys):
        return keys
    letters = [chr(ord("A") + i % 26) + ("" if i < 26 else str(i // 26)) for i in range(len(priorities))]
    return letters


def coverage_view(cov: Any, width: int | None = None) -> str:
    """One plan's matrix for a terminal, headed by the plan's title: a ✓ per contribution
    under short column keys, the totals, then the key (each column's full heading) and the
    names the plan uses that differ from the strategy's preferred name; fitted to ``width``
    (the terminal's)."""
    view = cov.table()
    prios = list(cov.priority_rows)
    keys = _column_keys(prios)
    columns = [p["column"] for p in prios]
    n_rows = len(cov.matrix)
    import textwrap

    wide = width or _width()
    about = (f"{n_rows} strateg{'y' if n_rows == 1 else 'ies'} against {len(prios)} "
             f"priorit{'y' if len(prios) == 1 else 'ies'}: a ✓ where the plan's table says the "
             "strategy contributes to the priority.")
    lines = [*textwrap.wrap(str(cov.plan.label), width=wide), "", *textwrap.wrap(about, width=wide), ""]
    key_w = [max(len(k), 2, *(len(str(int(v))) for v in view[c])) for k, c in zip(keys, columns, strict=True)]
    room = wide - sum(w + 2 for w in key_w) - len("  Total")  # fit the terminal
    label_w = min(TABLE_CELL_MAX, max(20, room),
                  max([len("Strategy")] + [len(str(s)) for s in view["strategy"]]))

    def cut(text: str) -> str:
        return text if len(text) <= label_w else text[: label_w - 1] + "\u2026"

    head = ["Strategy".ljust(label_w), *(k.rjust(w) for k, w in zip(keys, key_w, strict=True)), "Total"]
    lines += ["  ".join(head), "  ".join("-" * len(h) for h in head)]
    group = None
    for r in view.to_dict(orient="records"):
        name = str(r["strategy"])
        summary = name == "TOTAL" or name.startswith("Subtotal: ")
        if r.get("outcome") and r["outcome"] != group and not summary:  # --by outcome
            group = r["outcome"]
            lines.append(f"{group}:")
        cells = [(str(int(r[c])) if summary else ("✓" if int(r[c]) else "")).rjust(w)
                 for c, w in zip(columns, key_w, strict=True)]
        lines.append("  ".join([cut("Total" if name == "TOTAL" else name).ljust(label_w), *cells,
                                str(int(r["total"])).rjust(5)]).rstrip())
    lines += ["", "Columns:"]
    pad = max(map(len, keys), default=0)
    for k, c in zip(keys, columns, strict=True):
        lines += textwrap.wrap(f"{k.rjust(pad)}  {c}", width=wide, initial_indent="  ",
                               subsequent_indent=" " * (pad + 4))
    renamed = [(r["strategy"], r["preferred_name"]) for r in cov.matrix.to_dict(orient="records")
               if r["preferred_name"] and r["preferred_name"] != r["strategy"]]
    if renamed:
        lines += ["", *textwrap.wrap("Named differently in this plan's table (its name here — the "
                                     "strategy's main name):", width=wide)]
        for a, b in renamed:
            lines += textwrap.wrap(f"{a} — {b}", width=wide, initial_indent="  ",
                                   subsequent_indent="    ")
    return "\n".join(lines)


def for_reading(frame: pd.DataFrame, words: ReaderWords) -> pd.DataFrame:
    """A table as a reader reads it: an id column beside its name column gives way to the
    name ("priority" + "priority_label" → "priority", the name; "indicator"/"entity" +
    "label" → the label), plans and documents by their titles, sources as "title, line N",
    headings with spaces. Scripts read csv and json, which keep the ids."""
    out = frame.drop(columns=[c for c in ("slug",) if c in frame.columns])
    for c in list(out.columns):
        if f"{c}_label" in out.columns:
            out = out.drop(columns=[c]).rename(columns={f"{c}_label": c})
    for c in ("indicator", "entity"):
        if c in out.columns and "label" in out.columns:
            out = out.drop(columns=[c]).rename(columns={"label": c})
    for c in out.columns:
        if c == "plan" or c.endswith("_plan"):
            out[c] = out[c].map(lambda v: words.plans.get(v, v) if isinstance(v, str) else v)
        elif c == "documents":
            out[c] = out[c].map(lambda v: "; ".join(words.documents.get(d, d) for d in v.split())
                                if isinstance(v, str) else v)
        elif c == "source":
            out[c] = out[c].map(lambda v: source_words(v, words.documents) if isinstance(v, str) else v)
    return out.rename(columns={c: c.replace("_", " ") for c in out.columns})
