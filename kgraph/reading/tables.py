"""Any other reader's table: a block per row when too wide; two plans compared as lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgraph.reading.words import records, terminal_width, words_of

if TYPE_CHECKING:
    import pandas as pd

# the column that names a row, where a table has one
_HEADS = ("strategy", "activity", "indicator", "entity", "label", "name", "board", "a")


def blocks_view(frame: pd.DataFrame, width: int | None = None) -> str:
    """A table too wide for the terminal as one block per row: the row's name (its strategy,
    activity, indicator… column), then each other cell on its own line as "heading: value",
    wrapped, nothing cut. Empty cells are left out."""
    import textwrap

    width = width or terminal_width()
    columns = [str(c) for c in frame.columns]
    head = next((c for c in columns if c in _HEADS), columns[0])
    out: list[str] = []
    for r in records(frame):
        out += textwrap.wrap(words_of(r[head]) or "(no name)", width=width,
                             subsequent_indent="  ", break_on_hyphens=False)
        for c in columns:
            text = words_of(r[c])
            if c != head and text:
                out += textwrap.wrap(f"{c}: {text}", width=width, initial_indent="  ",
                                     subsequent_indent="    ", break_on_hyphens=False)
        out.append("")
    return "\n".join(out).rstrip()


def trace_links(frame: pd.DataFrame) -> pd.DataFrame:
    """A trace table (``kgraph trace --format table``) as a reader reads each step: the link
    from the walk's side ("KSCB has member Kent Children's Fund Network"), the link as the
    source states it ("… member of KSCB"), and the source; the ids, depth and direction are
    for scripts (csv, json)."""
    import pandas as pd

    rows = records(frame)
    return pd.DataFrame({
        "link": [f"{r['parent_label']} {r['phrase']} {r['node_label']}" for r in rows],
        "as_stated": [f"{r['from_label']} {r['relation']} {r['to_label']}" for r in rows],
        "source": [r["source"] for r in rows]}, columns=["link", "as_stated", "source"])


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
