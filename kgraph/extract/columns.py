"""Column tables: one column per priority area, cells listing the strategies that serve it.

The shape seen in the EIP strategy's Appendix II (002:1353-1375): a tab-separated header
row of bold area names, rows of dashes between rows, bold section lines between the rows
("**Key Strategies**", "**Supporting Partnership Strategies that are lead by KCC**"), and
cells that hold either one bold name or an HTML list of names.

What a conversion loses is said, not guessed:
- a row whose only filled cell is the first, with the others empty, most likely spanned
  several columns in the original: the strategy is drafted as listed in the plan, with no
  column link, flagged ``ambiguous``;
- a row naming the same strategy in two cells (one with "(developing)") is flagged too.
"""

from __future__ import annotations

import re

from kgraph.extract.model import Cite, Extracted, Finding
from kgraph.extract.text import Document, Line, clean

_DASHES = re.compile(r"^[\s\t-]+$")
_ITEM = re.compile(r"<li>\s*(?:[•·▪-]\s*)?(.*?)</li>", re.IGNORECASE | re.DOTALL)


def _header(line: Line) -> list[str] | None:
    raw = [c.strip() for c in line.raw.split("\t")]
    if len(raw) < 3 or not all(c.startswith(("<b>", "**")) for c in raw if c):
        return None
    if sum(1 for c in raw if c) < 3 or re.search(r"priority\s+\d", line.text, re.I):
        return None
    return [clean(c) for c in raw]


def _items(cell: str) -> list[str]:
    found = [clean(m) for m in _ITEM.findall(cell)]
    if found:
        return [f for f in found if f]
    text = clean(cell)
    return [text] if text else []


def _core(name: str) -> str:
    return re.sub(r"\s*\((developing|draft)\)\s*$", "", name, flags=re.I).casefold()


def find_column_tables(doc: Document, found: Extracted) -> None:
    i = 0
    lines = doc.lines
    while i < len(lines):
        header = _header(lines[i]) if lines[i].is_table_row else None
        nxt = next((ln for ln in lines[i + 1:i + 3] if ln.text), None)
        if header is None or nxt is None or not _DASHES.match(nxt.raw):
            i += 1
            continue
        i = _read(doc, i, header, found)


def _read(doc: Document, start: int, header: list[str], found: Extracted) -> int:
    head = doc.lines[start]
    for j, area in enumerate(header):
        found.findings.append(Finding("PriorityArea", area, Cite(head.no, area), "high",
                                      "a column heading of a table of linked strategies",
                                      number=str(j + 1)))
    section = ""
    i = start + 1
    blank = 0
    while i < len(doc.lines):
        line = doc.lines[i]
        i += 1
        if not line.text:
            blank += 1
            if blank > 3:
                break
            continue
        blank = 0
        if _DASHES.match(line.raw):
            continue
        if not line.is_table_row:
            if line.bold and len(line.text) < 160:
                section = line.text
                continue
            break
        cells = line.raw.split("\t")
        filled = [(j, _items(c)) for j, c in enumerate(cells) if clean(c)]
        spanned = len(filled) == 1 and filled[0][0] == 0 and len(filled[0][1]) == 1 \
            and len(cells) == len(header)
        cores = [_core(n) for _, names in filled for n in names]
        twice = {c for c in cores if cores.count(c) > 1}
        for j, names in filled:
            for name in names:
                area = header[j] if j < len(header) else ""
                f = Finding("Strategy", name, Cite(line.no, name), "high",
                            "a name in a cell of a table of linked strategies",
                            group=section, extra={"area": area, "tier": section})
                if spanned:
                    f.confidence, f.flag = "medium", "ambiguous"
                    f.extra["area"] = ""
                    f.note = ("the name sits in the first cell with the other cells empty: in "
                              "the original the cell most likely spanned several columns, "
                              "which are lost; listed in the plan, no priority area drafted")
                elif _core(name) in twice:
                    f.confidence, f.flag = "medium", "ambiguous"
                    f.extra["area"] = ""
                    f.note = ("the same strategy is named in two cells of this row; the "
                              "columns look shifted, so no priority area is drafted")
                elif j >= len(header):
                    f.confidence, f.flag = "medium", "shifted-column"
                    f.extra["area"] = ""
                    f.note = f"the cell is beyond the {len(header)} columns of the header"
                found.findings.append(f)
    return i
