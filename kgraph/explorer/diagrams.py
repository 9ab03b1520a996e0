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
GAP_X, ROW_GAP, LAYER_GAP = 24, 18, 56
PER_ROW = 5  # a layer wider than this wraps onto more rows
MARGIN = 12
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
    pos: dict[str, tuple[float, float]] = {}
    y = MARGIN
    width = 0
    rows_of: dict[int, list[list[str]]] = {}
    # place the subject's layer first, then outwards, so each node sits near its parent
    for layer in sorted(layers, key=lambda v: (abs(v), v)):
        members = [n for n, v in layer_of.items() if v == layer]
        members.sort(key=lambda n: (order.get(parent_of.get(n, ""), 0.0), labels[n].casefold(), n))
        for i, n in enumerate(members):
            order[n] = i
        rows_of[layer] = [members[i:i + PER_ROW] for i in range(0, len(members), PER_ROW)]
    for layer in layers:
        for row in rows_of[layer]:
            row_w = len(row) * BOX_W + (len(row) - 1) * GAP_X
            width = max(width, row_w)
    width += 2 * MARGIN
    for layer in layers:
        for row in rows_of[layer]:
            row_w = len(row) * BOX_W + (len(row) - 1) * GAP_X
            x = (width - row_w) / 2
            for n in row:
                pos[n] = (x, y)
                x += BOX_W + GAP_X
            y += BOX_H + ROW_GAP
        y += LAYER_GAP - ROW_GAP
    height = y - LAYER_GAP + MARGIN
    nodes = [{"id": n, "label": labels[n], "lines": _box_lines(labels[n]),
              "x": round(pos[n][0]), "y": round(pos[n][1]), "w": BOX_W, "h": BOX_H,
              "subject": n == subject} for n in sorted(pos, key=lambda k: (pos[k][1], pos[k][0]))]
    edges, seen = [], set()
    for s in steps:
        a, b = s["from"], s["to"]
        key = (a, b, s["sentence"])
        if key in seen or a not in pos or b not in pos or a == b:
            continue
        seen.add(key)
        (ax, ay), (bx, by) = pos[a], pos[b]
        upward = by < ay
        # from the side of ``a`` facing ``b`` to the side of ``b`` facing ``a``
        x1, x2 = ax + BOX_W / 2, bx + BOX_W / 2
        y1 = ay if upward else ay + BOX_H
        y2 = by + BOX_H if upward else by
        if ay == by:  # same row: side to side
            y1 = y2 = ay + BOX_H / 2
            x1, x2 = (ax, bx + BOX_W) if bx < ax else (ax + BOX_W, bx)
        edges.append({"x1": round(x1), "y1": round(y1), "x2": round(x2), "y2": round(y2),
                      "loop": not upward and ay != by, "sentence": s["sentence"],
                      "source": s["source"]})
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
