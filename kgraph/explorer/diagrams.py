"""SVG geometry drawn at build time, so pages need no script to show a picture: the
accountability diagram of a board or strategy and the chart of an indicator's values.

Both return plain dicts of numbers and words; ``_macros.html`` turns them into SVG.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

# accountability diagram -----------------------------------------------------------------

BOX_W, BOX_H = 190, 48  # a node's box, in pixels
GAP_X, ROW_GAP, LAYER_GAP = 28, 26, 56
PORT_STEP, TRACK_STEP = 22, 5  # spacing of edge ends along a box side; of lines in a gap
PER_ROW = 5  # a layer wider than this wraps onto more rows
MARGIN = 16
LINE_CHARS = 24  # characters per line in a box (two lines; the rest goes to the tooltip)


def _box_lines(label: str) -> list[str]:
    lines = textwrap.wrap(label, LINE_CHARS) or [label]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LINE_CHARS, placeholder="…")]
    return lines


def accountability(subject: str, labels: dict[str, str], steps: list[dict[str, Any]]
                   ) -> dict[str, Any] | None:
    """A layered, top-down diagram of who answers to whom around ``subject``.

    ``steps``: walked links, each with ``node`` (reached), ``parent`` (reached from),
    ``layer`` (negative above the subject, positive below), ``from``/``to`` (the stated
    link: ``from`` answers to ``to``), ``sentence`` (the link in words) and ``source``.
    Every node is drawn once, in the layer where it is first reached; a link back to a node
    already drawn is one edge (marked ``loop`` when it points downwards), never a
    repeated subtree. Arrows point from a thing to whoever it answers to.

    Boxes sit on a grid of at most ``PER_ROW`` columns (a wider layer wraps onto more
    rows), and every edge is routed orthogonally through the gaps between rows and the
    gutters between columns, so no line crosses a box: each edge has ``segments``, a list
    of ``(x1, y1, x2, y2)`` with the arrow on the last.
    """
    if not steps:
        return None
    layer_of: dict[str, int] = {subject: 0}
    parent_of: dict[str, str] = {}
    for s in steps:
        if s["node"] not in layer_of:
            layer_of[s["node"]] = s["layer"]
            parent_of[s["node"]] = s["parent"]
    layers = sorted(set(layer_of.values()))
    order: dict[str, float] = {subject: 0.0}
    rows_of: dict[int, list[list[str]]] = {}
    # order the subject's layer first, then outwards, so each node sits near its parent
    for layer in sorted(layers, key=lambda v: (abs(v), v)):
        members = [n for n, v in layer_of.items() if v == layer]
        members.sort(key=lambda n: (order.get(parent_of.get(n, ""), 0.0), labels[n].casefold(), n))
        for i, n in enumerate(members):
            order[n] = i
        rows_of[layer] = [members[i:i + PER_ROW] for i in range(0, len(members), PER_ROW)]
    cols = max(len(row) for rows in rows_of.values() for row in rows)
    width = 2 * MARGIN + cols * BOX_W + (cols - 1) * GAP_X
    pos: dict[str, tuple[float, float]] = {}
    col_of: dict[str, int] = {}
    row_no: dict[str, int] = {}  # the row's index, top to bottom, over the whole diagram
    gap_above: list[float] = []  # per row: the height of the gap above it
    y: float = MARGIN
    r = 0
    for layer in layers:
        for ri, row in enumerate(rows_of[layer]):
            gap_above.append(MARGIN if r == 0 else (ROW_GAP if ri else LAYER_GAP))
            if r:
                y += gap_above[-1]
            first = (cols - len(row)) // 2  # a short row sits on the grid, near the middle
            for i, n in enumerate(row):
                col_of[n] = first + i
                pos[n] = (MARGIN + (first + i) * (BOX_W + GAP_X), y)
                row_no[n] = r
            y += BOX_H
            r += 1
    height = y + MARGIN
    row_top = sorted({p[1] for p in pos.values()})

    def gap_y(row: int, below: bool) -> float:
        """The middle of the gap above (or below) a row."""
        if below:
            below_gap = gap_above[row + 1] if row + 1 < len(row_top) else MARGIN
            return row_top[row] + BOX_H + below_gap / 2
        return row_top[row] - gap_above[row] / 2

    def gutter(col: int) -> float:
        return MARGIN + col * (BOX_W + GAP_X) - GAP_X / 2

    nodes = [{"id": n, "label": labels[n], "lines": _box_lines(labels[n]),
              "x": round(pos[n][0]), "y": round(pos[n][1]), "w": BOX_W, "h": BOX_H,
              "subject": n == subject} for n in sorted(pos, key=lambda k: (pos[k][1], pos[k][0]))]
    wanted, seen = [], set()
    for s in steps:
        a, b = s["from"], s["to"]
        key = (a, b, s["sentence"])
        if key in seen or a not in pos or b not in pos or a == b:
            continue
        seen.add(key)
        wanted.append(s)
    # Edges into one box side share its middle (a bus: they all answer to the same box);
    # edges out of one box side to different boxes leave it at ports spread along it, and
    # each target has its own track in a gap and its own lane in a gutter, so two lines
    # that overlap always lead to the same box.
    def side(n: str, other: str) -> str:
        return "top" if row_no[other] <= row_no[n] else "bottom"

    out_targets: dict[tuple[str, str], list[str]] = {}
    for s in wanted:
        a, b = s["from"], s["to"]
        lst = out_targets.setdefault((a, side(a, b)), [])
        if b not in lst:
            lst.append(b)
    lst_sorted = {k: sorted(v, key=lambda t: pos[t][0]) for k, v in out_targets.items()}

    def port(a: str, b: str) -> float:
        ts = lst_sorted[(a, side(a, b))]
        if len(ts) == 1:
            return pos[a][0] + BOX_W / 2 + (PORT_STEP if (a, side(a, b)) in into else 0)
        span = min(BOX_W - 40, PORT_STEP * (len(ts) - 1))
        return pos[a][0] + BOX_W / 2 - span / 2 + span * ts.index(b) / (len(ts) - 1)

    into = {(s["to"], side(s["to"], s["from"])) for s in wanted}
    tracks: dict[tuple[str, int], list[str]] = {}  # (gap kind+row, targets)

    def track(gap: tuple[str, int], target: str, mid: float, room: float) -> float:
        ts = tracks.setdefault(gap, [])
        if target not in ts:
            ts.append(target)
        i = ts.index(target)
        offset = ((i + 1) // 2) * TRACK_STEP * (1 if i % 2 else -1)
        return mid + max(-room, min(room, offset))

    edges = []
    for s in wanted:
        a, b = s["from"], s["to"]
        ra, rb = row_no[a], row_no[b]
        ax, bx = port(a, b), pos[b][0] + BOX_W / 2
        if ra == rb:  # same row: over the top, through the gap above it
            gy = track(("row", ra), b, gap_y(ra, below=False), gap_above[ra] / 2 - 3)
            pts = [(ax, row_top[ra]), (ax, gy), (bx, gy), (bx, row_top[rb])]
        else:
            up = rb < ra  # b, whom a answers to, is drawn above a
            # leave a's box on the side facing b, enter b's on the side facing a
            ya = row_top[ra] if up else row_top[ra] + BOX_H
            yb = row_top[rb] + BOX_H if up else row_top[rb]
            ga_row = ra if up else ra + 1  # gaps are named by the row below them
            gb_row = rb + 1 if up else rb
            ga = track(("row", ga_row), b, gap_y(ra, below=not up), gap_above[ga_row] / 2 - 3)
            if abs(ra - rb) == 1:  # adjacent rows share one gap
                pts = [(ax, ya), (ax, ga), (bx, ga), (bx, yb)]
            else:  # along the gutter beside a's box, towards b
                col = col_of[a] + (1 if bx > ax else 0)
                gx = track(("col", col), b, gutter(col), GAP_X / 2 - 3)
                gb = track(("row", gb_row), b, gap_y(rb, below=up), gap_above[gb_row] / 2 - 3)
                pts = [(ax, ya), (ax, ga), (gx, ga), (gx, gb), (bx, gb), (bx, yb)]
        pts = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
        segments = [(round(x1, 1), round(y1, 1), round(x2, 1), round(y2, 1))
                    for (x1, y1), (x2, y2) in zip(pts, pts[1:], strict=False)
                    if (x1, y1) != (x2, y2)]
        edges.append({"segments": segments, "loop": row_no[b] > row_no[a],
                      "sentence": s["sentence"], "source": s["source"]})
    return {"width": round(width), "height": round(height), "nodes": nodes, "edges": edges}


# indicator chart ------------------------------------------------------------------------

CHART_W, CHART_H = 640, 270
PAD_L, PAD_R, PAD_T, PAD_B = 64, 160, 20, 44
SERIES_STYLES = ["solid", "dashed", "dotted", "dashdot"]


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (1, 2, 2.5 or 5 times a power of ten apart)."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / max(count - 1, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    v = start
    while v <= hi + step * 1e-9:
        ticks.append(round(v, 10))
        v += step
    if ticks[-1] < hi:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def chart(periods: list[str], series: list[dict[str, Any]], apart: list[str] | None = None,
          unit: str = "") -> dict[str, Any] | None:
    """A line chart of every series of one indicator on one shared scale.

    ``periods``: the dated x positions, in time order; ``apart``: periods with no date
    ("latest"), drawn after a divider and never joined to the line; ``series``: each with
    ``name``, ``target`` (bool) and ``points`` (``period``, ``value`` or None, ``text``,
    ``flagged``). A flagged value is drawn as a hollow mark and left out of the line.
    None when no series has a number.
    """
    apart = apart or []
    values = [p["value"] for s in series for p in s["points"] if p["value"] is not None]
    slots = periods + apart
    if not values or not slots:
        return None
    lo, hi = min(values), max(values)
    if lo >= 0 and lo <= (hi - lo):  # start the axis at 0 where that does not flatten the line
        lo = 0.0
    ticks = nice_ticks(lo, hi)
    lo, hi = ticks[0], ticks[-1]
    inner_w, inner_h = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B
    n = len(slots) + (1 if apart and periods else 0)  # one empty slot before the divider
    step = inner_w / max(n - 1, 1) if n > 1 else 0
    x_of: dict[str, float] = {}
    for i, p in enumerate(periods):
        x_of[p] = round(PAD_L + (i * step if n > 1 else inner_w / 2), 1)
    base = len(periods) + (1 if periods else 0)
    for j, p in enumerate(apart):
        x_of[p] = round(PAD_L + ((base + j) * step if n > 1 else inner_w / 2), 1)
    divider = round(PAD_L + (len(periods)) * step, 1) if apart and periods else None

    def y_of(v: float) -> float:
        return round(PAD_T + inner_h - (v - lo) / (hi - lo) * inner_h, 1)

    drawn = []
    for i, s in enumerate(series):
        pts = [{"x": x_of[p["period"]], "y": y_of(p["value"]), "period": p["period"],
                "value": p["value"], "text": p.get("text", ""), "flagged": p["flagged"],
                "apart": p["period"] in apart}
               for p in s["points"] if p["value"] is not None and p["period"] in x_of]
        line = [p for p in pts if not p["flagged"] and not p["apart"]]
        drawn.append({"name": s["name"], "target": s.get("target", False),
                      "style": SERIES_STYLES[i % len(SERIES_STYLES)], "index": i % 4,
                      "points": pts, "line": " ".join(f"{p['x']},{p['y']}" for p in line),
                      "end": line[-1] if line else (pts[-1] if pts else None)})
    return {
        "width": CHART_W, "height": CHART_H, "left": PAD_L, "right": CHART_W - PAD_R,
        "top": PAD_T, "bottom": CHART_H - PAD_B, "unit": unit, "divider": divider,
        "y_ticks": [{"y": y_of(t), "value": t} for t in ticks],
        "x_ticks": [{"x": x_of[p], "period": _short_period(p), "apart": p in apart}
                    for p in slots],
        "series": drawn,
    }


def _short_period(period: str) -> str:
    """"September 2009" → "Sep 2009" for an axis label (the table keeps the full text)."""
    head, _, rest = period.partition(" ")
    if rest and len(head) > 3 and head.isalpha():
        return f"{head[:3]} {rest}"
    return period
