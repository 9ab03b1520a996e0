"""Strategy × priority tick tables.

A matrix starts at a tab-separated header row with two or more "Priority N" cells and
runs while rows stay tab-separated (blank lines between page breaks are allowed). The
conversions of the seeds show what else a matrix holds:

- repeated page headers (the header row again): skipped, not read as a strategy;
- group rows — a bold first cell and nothing else ("CROSS-CUTTING", "OUTCOME 2: …"): the
  strategies below sit in that group until the next one;
- a "What is it?" column: the strategy's description;
- tick cells: ✓ ✔ x Y yes 1 (a tick), empty / ✗ / no (none); anything else is not guessed
  but flagged ``garbled`` with the cell as written;
- a row with a different number of cells than its header: its ticks may sit under the
  wrong column, so it is flagged ``shifted-column``; a row repeating the one above it is
  flagged ``repeated-row``.
"""

from __future__ import annotations

import re

from kgraph.exchange.layout import tick
from kgraph.extract.model import Extracted, Finding, Matrix
from kgraph.extract.text import Document, Line, clean, split_at
from kgraph.provenance import Cite

_PRIORITY_CELL = re.compile(r"^priority\s+\d{1,2}\b", re.IGNORECASE)
_NO_TICK = {"✗", "✘", "×"}
_DESCRIPTION = re.compile(r"what is it|description|purpose|summary", re.IGNORECASE)


def _priority_columns(line: Line) -> list[int]:
    return [i for i, c in enumerate(line.cells) if _PRIORITY_CELL.match(c)]


def _starts(header: Line) -> list[int]:
    """A PDF header row's column starts (character offsets in its laid-out line)."""
    if not header.layout:
        return []
    return [m.start() for m in re.finditer(r"\S+(?: {1,2}\S+)*", header.layout)]


def find_matrices(doc: Document, found: Extracted) -> None:
    """Add to ``found`` the tick matrices of ``doc``: tables whose header names two or more
    priorities."""
    lines = doc.lines
    i = 0
    while i < len(lines):
        line = lines[i]
        cols = _priority_columns(line) if line.is_table_row else []
        if len(cols) < 2:
            i += 1
            continue
        i = _read_matrix(doc, i, cols, found)


def _read_matrix(doc: Document, start: int, cols: list[int], found: Extracted) -> int:
    header = doc.lines[start]
    cells = header.cells
    matrix = Matrix(header.no, [cells[c] for c in cols])
    desc_col = next((i for i, c in enumerate(cells[:cols[0]]) if _DESCRIPTION.search(c)), None)
    width = len(cells)
    starts = _starts(header)
    group = ""
    previous: tuple[str, tuple[str, ...]] | None = None
    i = start + 1
    blank_run = 0
    while i < len(doc.lines):
        line = doc.lines[i]
        if not line.text:
            blank_run += 1
            if blank_run > 3:
                break
            i += 1
            continue
        if not line.is_table_row:
            break
        blank_run = 0
        row = split_at(line.layout, starts) if starts and line.layout else line.cells
        if starts and line.layout:
            row = [clean(c) for c in row]
        if _priority_columns(line) == cols:  # the header again, on a new page
            i += 1
            continue
        label = row[0]
        rest = [c for c in row[1:] if c]
        if label and not rest and (line.raw.lstrip().startswith(("<b>", "**"))
                                   or (line.layout and label.isupper())):
            group = label
            matrix.rows.append(Finding("group", label, Cite(line.no, label), "high",
                                       "a group row of the table (bold, no ticks)"))
            i += 1
            continue
        if not label:
            matrix.problems.append(Finding("problem", "", Cite(line.no, line.text[:80]), "high",
                                           "a table row without a name", flag="garbled",
                                           note="a row of the tick table has no strategy name; "
                                                "not drafted"))
            i += 1
            continue
        ticks: dict[str, bool] = {}
        flags: list[tuple[str, str]] = []
        for c, heading in zip(cols, matrix.priorities, strict=True):
            cell = row[c] if c < len(row) else ""
            value = False if cell in _NO_TICK else tick(cell)
            if value is None:
                flags.append(("garbled", f"the cell under '{heading}' reads {cell!r}, which is "
                                         "not a tick or a blank: no tick drafted"))
                value = False
            ticks[heading] = value
        if len(row) != width and not starts:
            flags.append(("shifted-column", f"this row has {len(row)} cells where the header "
                                            f"(line {header.no}) has {width}: ticks may sit "
                                            "under the wrong priority"))
        key = (label, tuple(row[1:]))
        if previous == key:
            flags.append(("repeated-row", f"this row repeats line {line.no - 1} word for word"))
        previous = key
        finding = Finding("Strategy", label, Cite(line.no, label),
                          "medium" if flags else "high",
                          "a row of a tick table" + (" that needs checking" if flags else ""),
                          group=group,
                          description=row[desc_col] if desc_col is not None and desc_col < len(row)
                          else "",
                          flag=flags[0][0] if flags else "",
                          note="; ".join(n for _, n in flags))
        finding.extra["ticks"] = ticks  # type: ignore[assignment]  # a row's extra holds its ticks
        matrix.rows.append(finding)
        i += 1
    found.matrices.append(matrix)
    return i
