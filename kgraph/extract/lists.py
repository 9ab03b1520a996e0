"""Per-priority indicator lists: a "Priority N" heading followed by a list of measures.

Plans also follow priority headings with lists of aims ("Making sure that children …"),
so a list is read as indicators only when most of its items read like measures (a count,
a percentage, a rate, a code such as NI117). A priority heading in a run of indicator
lists whose own list names no measure ("Defined and monitored by the relevant boards") is
drafted as a note on the priority, flagged ``missing``: the document gives no indicator.

Indicator table rows with a code ("NI175 - Access to services …\t54\t54") under a group
row "Priority 1: Poverty" are drafted too, code and name (their values are left to the
reviewer: those tables' columns are often shifted in conversion).
"""

from __future__ import annotations

import re
from typing import cast

from kgraph.extract.model import Extracted, Finding
from kgraph.extract.text import Document, Line
from kgraph.provenance import Cite

_PRIORITY = re.compile(r"^priority\s+(\d{1,2})\b\s*[:.\-–]?\s*(.*)$", re.IGNORECASE)
_MEASURE = re.compile(
    r"^(number|no\.|percentage|proportion|rate|prevalence|%|total|average|conception|"
    r"free school meals|fsm|\w+ achievement gap|under 18)\b|per (1,?000|10,?000|100,?000)\b|"
    r"\(%\)|\brate\b|\bNI\s?\d{1,3}\b", re.IGNORECASE)
_CODE_ROW = re.compile(r"^(?P<code>NI\s?\d{1,3}|[A-Z]{2,5}[_ ]?\d{1,3})\s*[-–:]\s*(?P<name>.+)$")


def looks_like_measure(text: str) -> bool:
    """True if ``text`` reads like an indicator (it starts with a measure word such as number,
    percentage, rate or total, or says 'per 1,000')."""
    return bool(_MEASURE.search(text))


def _bullet(line: Line) -> str:
    """The text of a line collected as a bullet (so never None)."""
    return cast(str, line.bullet)


def find_indicator_lists(doc: Document, found: Extracted) -> None:
    """Add to ``found`` the indicator lists of ``doc``: bullet lists under a 'Priority N' heading
    whose items look like measures."""
    blocks: list[tuple[str, Line, list[Line]]] = []  # (number, heading line, bullet lines)
    lines = doc.lines
    for line in lines:
        if not line.heading_level and not line.bold:
            continue
        m = _PRIORITY.match(line.text)
        if not m:
            continue
        items: list[Line] = []
        for nxt in lines[line.no:line.no + 40]:
            if nxt.bullet is not None:
                items.append(nxt)
            elif nxt.text:
                break
        blocks.append((m.group(1), line, items))
    runs: list[list[tuple[str, Line, list[Line]]]] = []
    for block in blocks:
        if runs and block[1].no - runs[-1][-1][1].no <= 25:
            runs[-1].append(block)
        else:
            runs.append([block])
    for run in runs:
        measured = [b for b in run if b[2] and
                    sum(looks_like_measure(_bullet(i)) for i in b[2]) * 2 >= len(b[2])]
        if not measured:
            continue
        for number, head, items in run:
            if any(b[1] is head for b in measured):
                for item in items:
                    found.findings.append(Finding(
                        "Indicator", _bullet(item), Cite(item.no, _bullet(item)),
                        "high" if looks_like_measure(_bullet(item)) else "medium",
                        "an item of the indicator list under its priority's heading",
                        object=number, extra={"heading_line": str(head.no)}))
            else:
                said = "; ".join(_bullet(i) for i in items) if items else "nothing"
                found.findings.append(Finding(
                    "no-indicator", said, Cite(items[0].no if items else head.no,
                                               _bullet(items[0]) if items else head.text),
                    "medium", "a priority heading among the indicator lists with no measure",
                    object=number, flag="missing",
                    note=f"the indicator lists give no indicator for Priority {number}: the "
                         f"document says {said!r}"))


def find_coded_rows(doc: Document, found: Extracted) -> None:
    """Rows "NI175 - Name\\tvalues…" of indicator tables, under "Priority N: …" group rows."""
    current = ""
    seen: set[tuple[str, str]] = set()
    for line in doc.lines:
        if not line.is_table_row:
            continue
        first = line.cells[0] if line.cells else ""
        m = _PRIORITY.match(first)
        if m and not any(line.cells[1:]):
            current = m.group(1)
            continue
        c = _CODE_ROW.match(first)
        if not c:
            continue
        code = re.sub(r"\s", "", c.group("code"))
        name = c.group("name").strip()
        if (code, name) in seen:
            continue
        seen.add((code, name))
        found.findings.append(Finding("Indicator", first, Cite(line.no, first),
                                      "high" if current else "medium",
                                      "a coded row of an indicator table",
                                      object=current, extra={"code": code}))
