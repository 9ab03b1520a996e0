"""Any other reader's table: a block per row when too wide; two plans compared as lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgraph.reading.words import _HEADS, records, terminal_width, words_of

if TYPE_CHECKING:
    import pandas as pd


def blocks_view(frame: pd.DataFrame, width: int | None = None) -> str:
    """A table too wide for the terminal as one block per row: the row's name (its strategy,
    activity, indicator… column), then each other cell on its own line as "heading: value",
    wrapped, nothing cut. Empty cells are left out."""
    import textwrap

    width = width or terminal_width()
    columns = [str(c) for c in frame.columns]
    head = next((c for c in columns if c in _HEADS), columns[0])
    out: list[str] = []
    walk = {"parent", "phrase", "node", "from", "relation", "to"} <= set(columns)  # trace
    for r in records(frame):
        name = (f"{r['parent']} {r['phrase']} {r['node']}" if walk
                else words_of(r[head]) or "(no name)")
        out += textwrap.wrap(name, width=width, subsequent_indent="  ", break_on_hyphens=False)
        if walk:  # the link as the source states it, then the rest
            r = {"as stated": f"{r['from']} {r['relation']} {r['to']}",
                 **{c: v for c, v in r.items() if c not in
                    ("depth", "parent", "phrase", "node", "direction", "from", "relation", "to")}}
        for c in r:
            text = words_of(r[c])
            if (walk or c != head) and text:
                out += textwrap.wrap(f"{c}: {text}", width=width, initial_indent="  ",
                                     subsequent_indent="    ", break_on_hyphens=False)
        out.append("")
    return "\n".join(out).rstrip()


def compare_view(frame: pd.DataFrame, fmt: str, width: int | None = None) -> str:
    """Two plans compared (``kgraph compare``) for reading: the strategies both name, then
    those only the first names, then those only the second, each list headed by the plans'
    titles and its count."""
    import textwrap

    md = fmt == "markdown"
    width = width or terminal_width()
    rows = records(frame)
    if not rows:
        return "No strategies named by either plan."
    a, b = str(rows[0]["plan a"]), str(rows[0]["plan b"])
    head = f"Strategies named by {a} and by {b}"
    out = [f"# {head}", ""] if md else [*textwrap.wrap(head, width=width), ""]
    for key, title in (("both", "Named by both"), (f"only {a}", f"Only in {a}"),
                       (f"only {b}", f"Only in {b}")):
        mine = [str(r["strategy"]) for r in rows if r["in"] == key]
        if not mine:
            continue
        line = f"{title} ({len(mine)})"
        out += [f"## {line}", ""] if md else textwrap.wrap(line + ":", width=width)
        for name in mine:
            out += [f"- {name}"] if md else textwrap.wrap(
                f"• {name}", width=width, initial_indent="  ", subsequent_indent="    ",
                break_on_hyphens=False)
        out.append("")
    return "\n".join(out).rstrip()
