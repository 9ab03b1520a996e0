"""Records / DataFrames → table | csv | json | markdown text. No rdflib here."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

from kgraph.reading import (
    TABLE_CELL_MAX,
    ReaderWords,
    blocks_view,
    coverage_view,
    for_reading,
    terminal_width,
)

if TYPE_CHECKING:  # pandas is imported lazily: the CLI's start-up must stay fast
    import pandas as pd

FORMATS = ("table", "csv", "json", "markdown")


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):  # NaN
        return ""
    return str(value)


def _markdown(frame: pd.DataFrame) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    header = "| " + " | ".join(esc(str(c)) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(esc(_cell(v)) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *body])




def _table(frame: pd.DataFrame) -> str:
    """A plain terminal table: text left-aligned, numbers right-aligned, long cells cut."""
    def cut(text: str) -> str:
        return text if len(text) <= TABLE_CELL_MAX else text[: TABLE_CELL_MAX - 1] + "\u2026"

    columns = [cut(str(c)) for c in frame.columns]
    cells = [[cut(_cell(v)) for v in row] for row in frame.itertuples(index=False)]
    numeric = [frame[c].dtype.kind in "iuf" for c in frame.columns]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w)
                         for v, w, num in zip(values, widths, numeric, strict=True)).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths]), *map(line, cells)])


def render(frame: pd.DataFrame, fmt: str, words: ReaderWords | None = None) -> str:
    """Render a DataFrame; json is a list of row objects keyed by column name. With
    ``words``, table and markdown are for reading (``for_reading``)."""
    if words is not None and fmt in ("table", "markdown"):
        frame = for_reading(frame, words)
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        return json.dumps(records, indent=2, ensure_ascii=False)
    if fmt == "csv":
        buf = io.StringIO()
        frame.to_csv(buf, index=False, lineterminator="\n")
        return buf.getvalue().rstrip("\n")
    if "slug" in frame.columns:  # identifiers are for scripts (csv, json), not for readers
        frame = frame.drop(columns=["slug"])
    if fmt == "markdown":
        return _markdown(frame)
    if frame.empty:
        return "(no rows)"
    text = _table(frame)
    if words is not None and max(map(len, text.splitlines())) > terminal_width():
        return blocks_view(frame)  # a reader's table that would not fit: a block per row
    return text


def render_description(desc: Any, fmt: str, words: ReaderWords | None = None) -> str:
    """Render an entity description (kgraph.entity.Description). With ``words`` (the
    reader's formats), documents are named by title, areas and doubts in words and the
    other entities by name only; without, the file names, slugs and flag names stay."""
    if fmt == "json":
        return json.dumps(desc.to_dict(), indent=2, ensure_ascii=False, default=str)
    if fmt == "csv":
        return render(description_rows(desc), "csv")
    from kgraph.reading.words import doubt_name
    from kgraph.vocabulary import area_name

    e = desc.entity
    md = fmt == "markdown"
    docs = words.documents if words else {}

    cited: list[str] = []  # the reader's view: each document once, as a numbered note

    def where(doc: str, line: Any) -> str:
        if doc not in docs:
            return f"{doc}:{line}"
        if doc not in cited:
            cited.append(doc)
        return f"[{cited.index(doc) + 1}] line {line}"

    def doubt(flag: str, note: Any) -> str:
        if not words:
            return f" [{flag}: {note}]"
        name = doubt_name(flag)
        return f" [{name}: {note}]" if note else f" [{name}]"

    out = [f"# {e.label}" if md else e.label,
           f"{e.type} · {e.iri}" if words else f"{e.type} · {e.slug} · {e.iri}"]
    if desc.alt_labels:
        out.append("also named: " + "; ".join(desc.alt_labels))
    identity = getattr(desc, "identity", [])
    if identity:  # how its identity was decided: shown first, before anything else
        out.append("")
        out.append("## Identity" if md else "Identity (how this entity was told apart or merged):")
        for f in identity:
            out.append(f"  - {f.value}")
            for c in f.citations:
                out.append(f"      {where(c.doc, c.line)} \"{c.quote}\"")
    values = getattr(desc, "values", [])
    if values:
        out.append("")
        out.append("## Values" if md else "Values:")
        for v in values:
            target = "" if v["measure"] == "actual" else f" ({v['measure']})"
            shown = v["valueText"] if v["valueText"] is not None else v["value"]
            area = area_name(v["area"]) if words else v["area"]
            if not words:
                flag = f"  [{v['flag']}]" if v["flag"] else ""
                src = f"   {v['doc']}:{v['line']}" if v.get("doc") else ""
            else:
                flag = f" (doubtful: {doubt(v['flag'], None)[2:-1]})" if v["flag"] else ""
                src = f" — {where(v['doc'], v['line'])}" if v.get("doc") else ""
            out.append(f"  - {area} {v['period']}{target}: {shown}{flag}{src}")
            if v["flag"]:  # a flagged value: why, and the line as printed
                if v.get("note"):
                    out.append(f"      note: {v['note']}")
                if v.get("quote"):
                    out.append(f"      quote: \"{v['quote']}\"")
    out.append("")
    out.append("## Named in" if md else "Named in:")
    for m in desc.mentions:
        flag = ("" if not m.get("flag") else doubt(m["flag"], m["note"]) if words
                else f" [{m.get('flag_label') or m['flag']}: {m['note']}]")
        place = (f"{where(m['doc'], m['line'])}" if words
                 else f"{m['doc']}:{m['line']} ({m['title']})")
        out.append(f"  - {place}: \"{m['quote']}\"{flag}")
    for title, facts in (("Facts", desc.facts), ("Linked from", desc.incoming)):
        if not facts:
            continue
        out.append("")
        out.append(f"## {title}" if md else f"{title}:")
        for f in facts:
            target = f" ({f.target})" if f.target and not words else ""
            out.append(f"  - {f.predicate}: {f.value}{target}")
            for c in f.citations:
                flag = doubt(c.flag, c.note) if c.flag else (f" ({c.note})" if c.note else "")
                out.append(f"      {where(c.doc, c.line)} \"{c.quote}\"{flag}")
    if cited:
        out += ["", "## Sources" if md else "Sources:"]
        out += [f"  [{i}] {docs[d]}" for i, d in enumerate(cited, start=1)]
    return "\n".join(out)


DESCRIPTION_COLUMNS = ["entity", "part", "about", "value", "target", "doc", "line", "quote",
                       "flag", "note"]


def description_rows(desc: Any) -> pd.DataFrame:
    """An entity description as one table (``kgraph show --format csv``): a row per cited
    statement — part (identity, value, mention, fact, linked from), what it is about (the
    predicate; for a value its area, period and measure), the value, the other entity's
    slug, and the citation (doc, line, quote, flag, note); a statement no line cites has
    its citation cells empty."""
    import pandas as pd

    slug = desc.entity.slug
    rows: list[list[Any]] = []

    def add(part: str, about: str, value: Any, target: Any, cites: list[Any]) -> None:
        for c in cites or [None]:
            rows.append([slug, part, about, value, target or "",
                         *((c.doc, c.line, c.quote, c.flag or "", c.note or "") if c else
                           ("", None, "", "", ""))])

    for f in getattr(desc, "identity", []):
        add("identity", f.predicate, f.value, f.target, f.citations)
    for v in getattr(desc, "values", []):
        rows.append([slug, "value", f"{v['area']} {v['period']} {v['measure']}",
                     v["valueText"] if v["valueText"] is not None else v["value"], "",
                     v.get("doc") or "", v.get("line"), v.get("quote") or "",
                     v.get("flag") or "", v.get("note") or ""])
    for m in desc.mentions:
        rows.append([slug, "mention", "named as", m["quote"], "", m["doc"], m["line"], m["quote"],
                     m.get("flag_label") or m.get("flag") or "", m.get("note") or ""])
    for part, facts in (("fact", desc.facts), ("linked from", desc.incoming)):
        for f in facts:
            add(part, f.predicate, f.value, f.target, f.citations)
    frame = pd.DataFrame(rows, columns=DESCRIPTION_COLUMNS)
    frame["line"] = frame["line"].astype("Int64")
    return frame


def stack(sections: dict[str, pd.DataFrame] | list[tuple[str, pd.DataFrame]],
          key: str = "table") -> pd.DataFrame:
    """Several tables as one: a leading ``key`` column names each row's table (or plan);
    the columns are the union of the tables' columns, in order of first appearance, and a
    cell is empty where its table has no such column. ``sections`` is a mapping or a list
    of (title, table) pairs (two tables may share a title: two plans of one name).

    Built column by column (one array per column, NA where a table lacks it): one concat
    of 390 plans' matrices with different columns took 1.2 s in pandas, this 0.1 s."""
    import numpy as np
    import pandas as pd

    pairs = list(sections.items()) if isinstance(sections, dict) else list(sections)
    columns: list[str] = [key]
    for _, frame in pairs:
        columns += [c for c in frame.columns if c not in columns]
    parts = [(title, frame) for title, frame in pairs if len(frame)]
    if not parts:
        return pd.DataFrame(columns=columns)
    total = sum(len(f) for _, f in parts)
    data: dict[str, Any] = {key: np.concatenate([np.full(len(f), t, dtype=object) for t, f in parts])}
    # each table once as an object array (a column lookup per table and column cost 0.24 s)
    blocks = [(f.to_numpy(dtype=object), {c: j for j, c in enumerate(f.columns)},
               dict(zip(f.columns, f.dtypes, strict=True))) for _, f in parts]
    for c in columns[1:]:
        dtypes = {str(d[c]) for _, _, d in blocks if c in d}
        kinds = {d[c].kind for _, _, d in blocks if c in d}
        everywhere = all(c in d for _, _, d in blocks)
        whole = kinds <= {"i", "u"} and not everywhere  # counts with gaps: Int64, not float
        cells = np.full(total, pd.NA if whole else np.nan, dtype=object)
        at = 0
        for arr, pos, _ in blocks:
            if c in pos:
                cells[at:at + len(arr)] = arr[:, pos[c]]
            at += len(arr)
        if everywhere and len(dtypes) == 1 and kinds <= {"i", "u", "f", "b"}:
            data[c] = cells.astype(dtypes.pop())
        else:
            data[c] = pd.Series(cells, dtype="Int64" if whole else object)
    return pd.DataFrame(data, columns=columns)


def render_sections(sections: dict[str, pd.DataFrame], fmt: str, key: str = "table",
                    words: ReaderWords | None = None) -> str:
    """Several titled tables. json: one object {title: [rows]}; csv: one RFC 4180 table with
    a leading ``key`` column naming each row's table (see ``stack``); table and markdown:
    titled blocks."""
    if fmt == "json":
        return json.dumps({t: json.loads(render(f, "json")) for t, f in sections.items()},
                          indent=2, ensure_ascii=False)
    if fmt == "csv":
        return render(stack(sections, key), "csv")
    blocks = []
    for title, frame in sections.items():
        head = f"## {title}\n" if fmt == "markdown" else f"{title}\n"
        blocks.append(f"{head}\n{render(frame, fmt, words)}")
    return "\n\n".join(blocks)


def records_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """Records as the CSV ``render`` writes for the DataFrame of them (pandas' to_csv: a
    header, nothing for None, LF line ends), by the csv module: for commands whose every-
    plan rows need no frame (importing pandas is 0.2-0.4 s of them)."""
    import csv

    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(columns)
    out.writerows([_csv_value(r.get(c)) for c in columns] for r in rows)
    return buf.getvalue().rstrip("\n")


def _coverage_csv(covs: list[Any]) -> str:
    """Every plan's matrix as one CSV table, ``plan`` first and ``total`` last, the other
    columns in order of first appearance, a cell empty where its plan has no such column:
    the table ``stack`` would make, written from each matrix's columns by the csv module
    (no pandas: 0.5 s of 2.3 s over 390 plans at 10^6 triples). Two plans may share a title."""
    import csv

    columns = ["plan"]
    for c in covs:
        columns += [k for k in c.data if k not in columns]
    if "total" in columns:
        columns.remove("total")
        columns.append("total")
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(columns)
    for c in covs:
        cells = [c.data.get(k) for k in columns[1:]]
        for i in range(c.rows):
            out.writerow([c.plan.label, *("" if col is None else _csv_value(col[i])
                                          for col in cells)])
    return buf.getvalue().rstrip("\n")


def _csv_value(value: Any) -> Any:
    """A matrix cell as pandas' to_csv writes it: nothing for None, a count as an int."""
    if value is None:
        return ""
    if hasattr(value, "item"):  # a numpy number
        return value.item()
    return value


def render_coverage(covs: list[Any], fmt: str, untabled: set[str] | None = None) -> str:
    """Coverage matrices (kgraph.analysis.coverage.PlanCoverage).

    json: {plan title: {"plan", "priorities", "rows", "totals"[, "subtotals"]}};
    csv: one table of data rows only, ``plan`` first (a spreadsheet sums the columns);
    markdown: each plan's matrix with its subtotal and TOTAL rows, in plain words (no slugs;
    the preferred name shown only where the plan's table names a strategy differently);
    table: for a terminal, a ✓ per contribution under short column keys (the priorities'
    numbers), the totals, the key of full headings and the names that differ below.
    ``untabled``: the plans whose source has no strategy table (said so above their ticks)."""
    untabled = untabled or set()
    if fmt == "json":
        return json.dumps({c.plan.label: c.to_dict() for c in covs}, indent=2, ensure_ascii=False)
    if fmt == "csv":
        return _coverage_csv(covs)
    if not covs:
        return "(no rows)"
    if fmt == "table":  # for reading: ticks under short column keys, the key below
        return "\n\n\n".join(coverage_view(c, untabled=c.plan.slug in untabled) for c in covs)
    sections = {}
    notes = {}
    for c in covs:
        if c.plan.slug in untabled:
            notes[c.plan.label] = ("The source has no table of strategies against these "
                                   "priorities: a 1 is a strategy its text names under a "
                                   "priority, and an empty column says nothing either way (not "
                                   "a gap).")
        view = c.table()
        named_alike = (view["preferred_name"].eq("") | view["preferred_name"].eq(view["strategy"])).all()
        view = view.drop(columns=["slug", *(["preferred_name"] if named_alike else [])])
        sections[c.plan.label] = view.rename(columns={"preferred_name": "preferred name"})
    text = render_sections(sections, fmt)
    for title, note in notes.items():  # markdown: the note under the plan's heading
        text = text.replace(f"## {title}\n", f"## {title}\n\n{note}\n", 1)
    return text
