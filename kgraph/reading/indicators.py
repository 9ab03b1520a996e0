"""Key indicators (``kgraph indicators``) for reading: by plan and priority, values by area."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kgraph.reading.words import ReaderWords, doubt_name, records, terminal_width

if TYPE_CHECKING:
    import pandas as pd


def _values_line(obs: list[dict[str, Any]]) -> list[str]:
    """An indicator's values, one line per area (Kent first): "Kent: 2006/07 30?, 2007/08 31"."""
    from kgraph.vocabulary import AREA_ORDER, area_name, period_date

    by_area: dict[tuple[str, bool], list[dict[str, Any]]] = {}
    for o in obs:
        by_area.setdefault((str(o["area"]), o["measure"] != "actual"), []).append(o)
    out = []
    for (area, target), values in sorted(by_area.items(),
                                         key=lambda kv: (AREA_ORDER.get(kv[0][0], 9), kv[0])):
        values.sort(key=lambda o: (period_date(str(o["period"])) or (9999, 99), str(o["period"])))
        cells = ", ".join(f"{o['period']} {o['value_text']}{'?' if o['flag'] else ''}"
                          for o in values)
        out.append(f"{area_name(area)}{' (targets)' if target else ''}: {cells}")
    return out


def indicators_view(frame: pd.DataFrame, obs: pd.DataFrame, fmt: str, words: ReaderWords,
                    plan: str | None = None, width: int | None = None) -> str:
    """Key indicators (``kgraph indicators``) for reading: by plan (its title) and priority,
    each indicator by name with its values one area to a line ("Kent: 2006/07 30, 2007/08
    31"), a ? after a doubtful value and what each doubt means below; indicators no priority
    is linked to come last. csv and json keep one row per indicator and priority."""
    import textwrap

    md = fmt == "markdown"
    width = width or terminal_width()
    about = words.plans.get(plan, plan) if plan else None
    head = f"Key indicators: {about}" if about else "Key indicators: every plan"
    values: dict[str, list[dict[str, Any]]] = {}
    for o in records(obs):
        values.setdefault(str(o["indicator"]), []).append(o)
    rows = records(frame)
    shown = {str(r["indicator"]) for r in rows}
    with_values = sum(1 for i in shown if values.get(i))
    doubtful = {str(o["flag"]) for i in shown for o in values.get(i, []) if o["flag"]}
    tally = (f"{len(shown)} indicator{'s' if len(shown) != 1 else ''}, {with_values} with "
             f"values from the sources.")
    if doubtful:
        tally += " A ? marks a doubtful value; what each doubt means is at the end."
    out = [f"# {head}", ""] if md else [*textwrap.wrap(head, width=width), ""]
    if not rows:
        return "\n".join([*out, "No indicators."]) + "\n"

    def wrap(text: str, indent: str, more: str = "") -> list[str]:
        return textwrap.wrap(text, width=width, initial_indent=indent,
                             subsequent_indent=indent + more, break_on_hyphens=False)

    out += [*(wrap(tally, "") if not md else [tally]), ""]
    plan_of = {str(r["plan"]): words.plans.get(str(r["plan"]), str(r["plan"])) for r in rows
               if r["plan"]}
    order = sorted(plan_of, key=lambda p: plan_of[p].casefold()) + [""]
    for p in order:
        mine = [r for r in rows if (str(r["plan"]) if r["plan"] else "") == p]
        if not mine:
            continue
        title = plan_of.get(p) or "Not linked to any plan's priority"
        if not (about and title == about):
            out += [f"## {title}", ""] if md else [*wrap(title, ""), ""]
        priority = None
        for r in mine:
            if p and r["priority_label"] != priority:
                priority = r["priority_label"]
                if md:
                    out += [*([""] if out[-1] else []), f"### {priority}", ""]
                else:
                    out += wrap(str(priority), "  ")
            name = str(r["label"])
            if r["code"] and str(r["code"]).casefold() not in name.casefold():
                name = f"{name} ({r['code']})"
            lines = _values_line(values.get(str(r["indicator"]), []))
            none = "" if lines else " — no values recorded"
            flags = sorted({str(o["flag"]) for o in values.get(str(r["indicator"]), [])
                            if o["flag"]})
            if flags:
                lines.append("? " + "; ".join(doubt_name(f) for f in flags))
            if md:
                out.append(f"- **{name}**{none}" + (": " + "; ".join(lines) if lines else ""))
            else:
                out += textwrap.wrap(name + none, width=width, initial_indent="    • ",
                                     subsequent_indent="      ", break_on_hyphens=False)
                for line in lines:
                    out += wrap(line, "        ", "  ")
        out.append("")
    if doubtful:
        from kgraph.vocabulary import FLAG_WORDS

        out += ["## What the doubts mean", ""] if md else ["What the doubts mean:"]
        for f in sorted(doubtful):
            text = FLAG_WORDS.get(f, f)
            out += [f"- {text}"] if md else wrap(text, "  ", "  ")
        tip = ('The note and the source line behind each value: kgraph show "<indicator name>".')
        out += ["", tip] if md else wrap(tip, "")
    return "\n".join(out).rstrip() + "\n"
