"""A plan's coverage matrix for a terminal: ticks under the priorities' numbers, the key below."""

from __future__ import annotations

import re
from typing import Any

from kgraph.reading.words import TABLE_CELL_MAX, terminal_width


def _column_keys(priorities: list[dict[str, Any]]) -> list[str]:
    """Short keys for a plan's priority columns: the priorities' own numbers where each has a
    distinct one ("Priority 3" → "3"), else letters A, B, C…"""
    numbers = [re.search(r"\d+", str(p.get("notation") or "")) for p in priorities]
    keys = [m.group(0) for m in numbers if m]
    if len(keys) == len(priorities) and len(set(keys)) == len(keys):
        return keys
    letters = [chr(ord("A") + i % 26) + ("" if i < 26 else str(i // 26)) for i in range(len(priorities))]
    return letters


def coverage_view(cov: Any, width: int | None = None, untabled: bool = False) -> str:
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

    wide = width or terminal_width()
    about = (f"{n_rows} strateg{'y' if n_rows == 1 else 'ies'} against {len(prios)} "
             f"priorit{'y' if len(prios) == 1 else 'ies'}: a ✓ where the plan's table says the "
             "strategy contributes to the priority.")
    if untabled:  # the text names them: an empty column is no gap
        about = (f"The source has no table of strategies against these priorities: a ✓ is one "
                 f"of {n_rows} strateg{'y' if n_rows == 1 else 'ies'} its text names under one of "
                 f"its {len(prios)} priorities, and an empty column says nothing either way (not "
                 "a gap).")
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
