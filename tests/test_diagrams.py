"""The accountability diagram's geometry (kgraph.explorer.diagrams): a wide layer wraps onto
rows, and every edge is routed through the gaps and gutters so no line crosses a box that
is not one of its two ends; each edge starts on its source's box and ends on its target's."""

from __future__ import annotations

from kgraph.explorer import diagrams


def _steps(subject: str, children: int) -> list[dict]:
    """``children`` bodies answering to ``subject``; the last few also answer to a sibling
    (a same-layer link) and one to a grandchild reached through the first child."""
    steps = []
    for i in range(children):
        steps.append({"node": f"c{i}", "parent": subject, "layer": 1, "from": f"c{i}",
                      "to": subject, "sentence": f"c{i} reports to S", "source": None})
    steps.append({"node": "g", "parent": "c0", "layer": 2, "from": "g", "to": "c0",
                  "sentence": "g reports to c0", "source": None})
    steps.append({"node": "top", "parent": subject, "layer": -1, "from": subject, "to": "top",
                  "sentence": "S reports to top", "source": None})
    for i in range(children - 3, children):
        steps.append({"node": "c1", "parent": f"c{i}", "layer": 1, "from": f"c{i}", "to": "c1",
                      "sentence": f"c{i} reports to c1", "source": None})
    steps.append({"node": "c3", "parent": subject, "layer": 1, "from": subject, "to": "c3",
                  "sentence": "S oversees c3 (downwards)", "source": None})
    return steps


def _crosses(seg: tuple[float, float, float, float], box: dict) -> bool:
    x1, y1, x2, y2 = seg
    left, top, right, bottom = box["x"], box["y"], box["x"] + box["w"], box["y"] + box["h"]
    if x1 == x2:  # vertical
        lo, hi = sorted((y1, y2))
        return left < x1 < right and lo < bottom and hi > top
    lo, hi = sorted((x1, x2))
    return top < y1 < bottom and lo < right and hi > left


def _on_side(x: float, y: float, box: dict) -> bool:
    return box["x"] <= x <= box["x"] + box["w"] and y in (box["y"], box["y"] + box["h"])


def test_no_edge_crosses_a_box_and_each_joins_its_two_ends() -> None:
    labels = {n: n for n in ["S", "g", "top"] + [f"c{i}" for i in range(23)]}
    d = diagrams.accountability("S", labels, _steps("S", 23))
    assert d is not None
    boxes = {n["id"]: n for n in d["nodes"]}
    assert len({n["y"] for n in d["nodes"] if n["id"].startswith("c")}) == 5  # 23 wrap to 5 rows
    steps = {s["sentence"]: s for s in _steps("S", 23)}
    assert len(d["edges"]) == len(steps)
    for e in d["edges"]:
        s = steps[e["sentence"]]
        a, b = boxes[s["from"]], boxes[s["to"]]
        first, last = e["segments"][0], e["segments"][-1]
        assert _on_side(first[0], first[1], a), e["sentence"]
        assert _on_side(last[2], last[3], b), e["sentence"]
        for seg in e["segments"]:
            assert seg[0] == seg[2] or seg[1] == seg[3], "orthogonal"
            for n, box in boxes.items():
                if n not in (s["from"], s["to"]):
                    assert not _crosses(seg, box), (e["sentence"], n, seg)
    down = next(e for e in d["edges"] if e["sentence"].endswith("(downwards)"))
    assert down["loop"]
    assert not next(e for e in d["edges"] if e["sentence"] == "c5 reports to S")["loop"]
