"""The words a reader's view names things by (``ReaderWords``: plan and document titles,
finding kinds, severities), citations in words, the terminal's width and text folded to it,
and a table with its ids given way to names (``for_reading``). No rdflib here: the caller
fills the words from the graph."""

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


def terminal_width() -> int:
    """The terminal's width in columns, between 60 and 120 (100 when unknown)."""
    import shutil

    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 120))


def fold(text: str, width: int) -> str:
    """``text`` with each line longer than ``width`` folded at spaces, the rest of a line
    indented under the start of its words (after a "- " bullet), so a quote or a fact reads
    as one block in a terminal. Words longer than a line (an address) are not split."""
    import textwrap

    out = []
    for line in text.splitlines():
        if len(line) <= width:
            out.append(line)
            continue
        words = line.lstrip(" ")
        indent = " " * (len(line) - len(words))
        hang = indent + ("  " if words.startswith("- ") else "    ")
        out += textwrap.wrap(words, width=width, initial_indent=indent, subsequent_indent=hang,
                             break_long_words=False, break_on_hyphens=False)
    return "\n".join(out)


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


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as dicts keyed by column name."""
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict(orient="records")]


def doubt_name(flag: str) -> str:
    """A flag's short name: "shifted-column" (or its IRI, or its label "shifted column") →
    "Possibly shifted column"."""
    from kgraph.vocabulary import FLAG_WORDS

    key = flag.rsplit("#", 1)[-1].replace(" ", "-")
    return FLAG_WORDS.get(key, flag.replace("-", " ").capitalize()).split(":")[0]


def words_of(value: Any) -> str:
    """A cell as a reader reads it: whole numbers without a decimal point, with thousands
    separators; nothing for a missing value."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return str(value)


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
        elif c == "doubt":  # quality flags ("truncated") in words ("Cut off")
            out[c] = out[c].map(lambda v: "; ".join(doubt_name(f.strip()) for f in v.split(","))
                                if isinstance(v, str) and v else v)
        elif c == "named_in":  # "<title>, <date> (000_x.txt:525); …": the title is there already
            out[c] = out[c].map(lambda v: re.sub(r"\(([^\s:();]+):(\d+)\)", r"(line \2)", v)
                                if isinstance(v, str) else v)
    said = {"value_gbp": "value in pounds"}
    return out.rename(columns={c: said.get(c, c.replace("_", " ")) for c in out.columns})
