"""The network view's time to first render in headless Chromium, at the bundled graph's
size and on a generated view of N nodes (5,000 by default), with the Python time before
it: for the bundled graph the whole `kgraph site build`, for the generated view its layout
(pyvis + network.spread; the generated view has no RDF, so no site is built around it).

    python benchmarks/site_render.py                 # bundled graph + 5,000 generated
    python benchmarks/site_render.py --nodes 2000 --runs 5
    python benchmarks/site_render.py --data my.ttl   # any graph instead of the bundled

Time to first render = from navigation start to vis-network's first `afterDrawing` event
(`window.kgraphRenderedAt`, set by static/network.js), median of --runs page loads, each
in a fresh page; the page is opened from file:// as a reader would. Needs Debian's
chromium (/usr/bin/chromium) and the playwright package; no browser download.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STRATEGY_TYPES = ["Strategy", "Plan", "Policy", "Framework", "Programme", "Report"]
BODY_TYPES = ["Board", "Partnership", "Organisation", "OrganisationalUnit", "Post"]


def generated_view(n: int, seed: int = 1) -> dict:
    """A network view of ``n`` nodes shaped like the bundled graph's: plans with a vision,
    outcomes and priorities; strategies ticking 1-4 priorities and owned by a body; bodies
    reporting to bodies; indicators measuring priorities. Built by the explorer's own
    network.network_model (so laid out by network.spread, through pyvis)."""
    from kgraph.explorer.network import network_model, network_node

    rnd = random.Random(seed)
    nodes: list[dict] = []
    edges: list[dict] = []

    def add(slug: str, kind: str, label: str, plans: list[str]) -> str:
        nodes.append(network_node(slug, label, kind, plans, f"x/{slug}.html"))
        return slug

    def link(a: str, b: str, title: str) -> None:
        edges.append({"from": a, "to": b, "title": title})

    plans, priorities = [], []
    for p in range(max(2, n // 500)):
        plan = add(f"plan-{p}", "StrategicPlan", f"Generated plan {p}", [f"plan-{p}"])
        plans.append(plan)
        link(add(f"{plan}-vision", "Vision", f"Vision of plan {p}", [plan]), plan, "in scheme")
        outcomes = [add(f"{plan}-outcome-{o}", "Outcome", f"Outcome {o} of plan {p}", [plan])
                    for o in range(1, 5)]
        for o in outcomes:
            link(o, plan, "in scheme")
        for k in range(1, 9):
            prio = add(f"{plan}-priority-{k}", "Priority", f"Priority {k} of plan {p}", [plan])
            link(prio, plan, "in scheme")
            link(prio, outcomes[k % 4], "serves outcome")
            priorities.append((prio, plan))
    rest = n - len(nodes)
    bodies = [add(f"body-{b}", rnd.choice(BODY_TYPES), f"Generated board {b}", [])
              for b in range(rest * 15 // 100)]
    for b, body in enumerate(bodies[1:], start=1):
        link(body, bodies[rnd.randrange(b)], "accountable to")
    for i in range(rest * 20 // 100):
        prio, plan = rnd.choice(priorities)
        link(add(f"indicator-{i}", "Indicator", f"Generated indicator {i}", [plan]), prio,
             "measures")
    s = 0
    while len(nodes) < n:
        ticks = rnd.sample(priorities, rnd.randint(1, 4))
        node = add(f"strategy-{s}", rnd.choice(STRATEGY_TYPES), f"Generated strategy {s}",
                   sorted({plan for _, plan in ticks}))
        for prio, _plan in ticks:
            link(node, prio, "contributes to")
        link(node, rnd.choice(bodies), "owned by")
        s += 1
    plan_refs = [{"slug": p, "label": f"Generated plan {p}", "type": "StrategicPlan"}
                 for p in plans]
    return network_model(nodes, edges, plan_refs, "network.html")



def render_times(site: Path, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto((site / "network.html").as_uri())
            page.wait_for_function("window.kgraphRenderedAt !== undefined", timeout=120_000)
            out.append(page.evaluate("window.kgraphRenderedAt"))
            page.close()
        browser.close()
    return out


def measure_bundled(ttl: Path, runs: int) -> dict:
    """kgraph site build on a real graph (the time the command reports), then the
    network page's first render."""
    from kgraph.explorer.build import build_site

    with tempfile.TemporaryDirectory() as tmp:
        result = build_site([ttl], Path(tmp) / "site")
        net = json.loads((result.path / "network.json").read_text(encoding="utf-8"))
        times = render_times(result.path, runs)
    return {"graph": ttl.name, "nodes": len(net["nodes"]), "edges": len(net["edges"]),
            "python_s": round(result.seconds, 1), "what": "whole site build",
            "render_ms": round(statistics.median(times)),
            "runs": ", ".join(str(round(t)) for t in times)}


def measure_generated(n: int, runs: int) -> dict:
    """Layout (pyvis + network.spread) of a generated view of n nodes, then its render."""
    from kgraph.explorer.build import write_network_view

    start = time.perf_counter()
    model = generated_view(n)
    layout = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        write_network_view(model, Path(tmp))
        times = render_times(Path(tmp), runs)
    return {"graph": f"generated ({n})", "nodes": len(model["nodes"]),
            "edges": len(model["edges"]), "python_s": round(layout, 1),
            "what": "network view only (layout + pyvis)",
            "render_ms": round(statistics.median(times)),
            "runs": ", ".join(str(round(t)) for t in times)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--data", type=Path, default=ROOT / "data" / "strategies.ttl")
    args = ap.parse_args(argv)
    rows = []
    if args.data.is_file():
        rows.append(measure_bundled(args.data, args.runs))
    else:
        print(f"({args.data} not found: skipping the real graph)", file=sys.stderr)
    rows.append(measure_generated(args.nodes, args.runs))
    print("| graph | nodes | edges | Python (s) | of what | first render (ms, median) "
          "| runs (ms) |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['graph']} | {r['nodes']} | {r['edges']} | {r['python_s']} | {r['what']} "
              f"| {r['render_ms']} | {r['runs']} |")


if __name__ == "__main__":
    main()
