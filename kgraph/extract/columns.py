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

from kgraph.extract.model import Extracted, Finding
from kgraph.extract.text import Document, Line, clean
from kgraph.provenance import Cite

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


_REPEAT = re.compile(r"\b((?:[\w'’-]+\s+){2,}[\w'’-]+)\s+\1\b")
_TWO = re.compile(r"^(?P<a>.+?\b(?:Plan|Strategy|Programme|Framework|Protocol)(?:\s+[\d/–-]+)?)"
                  r"\s+and\s+the\s+(?P<b>[A-Z].+)$")
_QUOTED = re.compile(r"^[\"“'‘](?P<name>[^\"”'’]{6,})[\"”'’]\s*\((?P<other>[^)]+)\)$")
_OWNER = re.compile(r"(?:underpin|deliver|support)\w*\s+(?:the\s+)?(?:delivery\s+of\s+)?"
                    r"(?:the\s+)?(?P<name>[A-Z][\w ,&'’-]*?\b(?:Strategy|Plan)"
                    r"(?:\s+\d{4}\s*[-–]\s*\d{4})?)")
_OWNER_HEAD = re.compile(r"^(?P<name>.+?\b(?:Strategy|Plan))\s+Priorities\b", re.IGNORECASE)


def _names(text: str) -> list[tuple[str, str, str]]:
    """(name, flag, note) for a cell item: a repeated run of words removed, two names joined
    by "and the" split — each said in the note."""
    flag = note = ""
    m = _REPEAT.search(text)
    if m:
        text = text[:m.start()] + m.group(1) + text[m.end():]
        flag, note = "garbled", (f"the words {m.group(1)!r} are repeated in the converted "
                                 "cell; read once")
    quoted = _QUOTED.match(text)
    if quoted:
        other = re.sub(r"\s*[–-]?\s*developing\s*$", "", quoted.group("other")).strip()
        why = f"the name is quoted and followed by another name in brackets ({other!r})"
        return [(quoted.group("name"), flag, _both(note, why) + "|alias=" + other)]
    two = _TWO.match(text)
    if two:
        why = (f"one list item names two things joined by 'and the' ({text!r}): "
               "drafted as two")
        return [(two.group("a"), "ambiguous", _both(note, why)),
                (two.group("b"), "ambiguous", _both(note, why))]
    return [(text, flag, note)]


def _both(a: str, b: str) -> str:
    return "; ".join(x for x in (a, b) if x)


def table_owner(doc: Document, first: int, last: int) -> Finding | None:
    """The strategy a table belongs to: named in its caption ("Plans and Strategies that
    underpin the delivery of the … Strategy 2011-2014", in or just after it), else in a
    heading just before it ("EIP Strategy Priorities 2011-2014")."""
    inside = list(doc.lines[first:last + 4])
    before = list(reversed(doc.lines[max(0, first - 8):first]))
    for lines, pattern in ((inside, _OWNER), (before, _OWNER), (before, _OWNER_HEAD)):
        for line in lines:
            if not (line.bold or line.heading_level):
                continue
            m = pattern.search(line.text)
            if m:
                return Finding("owner", m.group("name").strip(), Cite(line.no, line.text),
                               "medium", "the strategy named in the table's caption or heading")
    return None


def _core(name: str) -> str:
    return re.sub(r"\s*\((developing|draft)\)\s*$", "", name, flags=re.I).casefold()


def find_column_tables(doc: Document, found: Extracted) -> None:
    """Add to ``found`` the linked-strategy tables of ``doc`` (a header row, a dashed rule, then
    rows of strategies by column)."""
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
    areas = []
    for j, area in enumerate(header):
        areas.append(Finding("PriorityArea", area, Cite(head.no, area), "high",
                             "a column heading of a table of linked strategies",
                             number=str(j + 1)))
    cells: list[Finding] = []
    end = _cells(doc, start, header, cells)
    owner = table_owner(doc, start, end)
    for f in areas + cells:
        if owner is not None:
            f.extra["owner"] = owner.label
    if owner is not None:
        found.findings.append(owner)
    found.findings.extend(areas + cells)
    return end


def _cells(doc: Document, start: int, header: list[str], out: list[Finding]) -> int:
    section = ""
    last: dict[int, Finding] = {}  # the last name read in each column
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
        lists = any("<li" in c.lower() for c in cells)
        spanned = len(filled) == 1 and filled[0][0] == 0 and len(filled[0][1]) == 1 \
            and len(cells) == len(header) and not lists
        cores = [_core(n) for _, names in filled for n in names]
        twice = set() if lists else {c for c in cores if cores.count(c) > 1}
        for j, names in filled:
            raw = cells[j].strip()
            plain = not raw.startswith(("<", "*")) and not lists_in(raw)
            if plain and last.get(j) is not None and re.match(r"^[\d(a-z]", clean(raw)):
                prev = last[j]
                prev.label = f"{prev.label} {clean(raw)}"
                prev.cite = Cite(prev.cite.line, prev.cite.quote)
                prev.confidence, prev.flag = "medium", "garbled"
                prev.note = (f"the name runs on into the same column of line {line.no} "
                             f"({clean(raw)!r}): read as one name")
                continue
            items = [(item.rstrip(". "), n) for item in names for n in _names(item.rstrip(". "))]
            for quote, (name, flag, note) in items:
                note, _, alias = note.partition("|alias=")
                area = header[j] if j < len(header) else ""
                f = Finding("Strategy", name, Cite(line.no, quote),
                            "medium" if flag else "high",
                            "a name in a cell of a table of linked strategies",
                            group=section, flag=flag, note=note,
                            extra={"area": area, "tier": section, "aliases": alias,
                                   "developing": "developing" if "developing" in
                                   quote.casefold() else ""})
                doubt: tuple[str, str] | None = None
                if spanned:
                    doubt = ("ambiguous", "the name sits in the first cell with the other cells "
                             "empty: in the original the cell most likely spanned several "
                             "columns, which are lost; listed in the plan, no priority area "
                             "drafted")
                elif _core(name) in twice:
                    doubt = ("ambiguous", "the same strategy is named in two cells of this row; "
                             "the columns look shifted, so no priority area is drafted")
                elif j >= len(header):
                    doubt = ("shifted-column", f"the cell is beyond the {len(header)} columns "
                             "of the header")
                if doubt:
                    f.confidence, f.flag = "medium", doubt[0]
                    f.extra["area"] = ""
                    f.note = _both(f.note, doubt[1])
                out.append(f)
                last[j] = f
    return i


def lists_in(cell: str) -> bool:
    """True if the table ``cell`` holds an HTML list (<li>)."""
    return "<li" in cell.lower()
