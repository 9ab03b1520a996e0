"""The network view in headless Chromium at the bundled graph's size and on generated
views of 5,000 and 20,000 nodes, side by side in one run: the Python time before it, the
first render, the pan/zoom frame time, and the same for the largest view the page draws and
for every linked node on one canvas (what the page did before it was split into views).

    python benchmarks/site_render.py                      # bundled + 5,000 + 20,000
    python benchmarks/site_render.py --nodes 2000 --runs 5
    python benchmarks/site_render.py --data my.ttl        # any graph instead of the bundled

Columns:
- Python: for the bundled graph the whole `kgraph site build` and, apart, the network
  model (network.network_model, which does no layout); for a generated view the model.
- first render: navigation start to the first view (the core) laid out and drawn
  (`window.kgraphRenderedAt`, set by static/network.js), median of --runs page loads, each
  in a fresh page opened from file:// as a reader would.
- pan/zoom: 60 animation frames, the first 30 panning (`network.moveTo` a few pixels a
  frame), the last 30 zooming 2% a frame; "frame" is the median (and 95th percentile) of
  the requestAnimationFrame intervals while scripting them (16.7 ms = 60 frames a second),
  "draw" the renderer's own time between its beforeDrawing and afterDrawing events.
- widest view: the core widened (the page's "Widen" button) until it holds the most
  nodes one view draws (`network.VIEW_CAP`) or every linked node: its layout time in the
  browser and its pan/zoom frame time.
- everything: every linked node and link on one canvas, placed without a layout (a layout
  of 20,000 nodes is what the page avoids): the time to draw it and its pan/zoom frame time.

Needs Debian's chromium (/usr/bin/chromium) and the playwright package; no browser
download. The generated views are shaped like the bundled graph (see ``generated_view``).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STRATEGY_TYPES = ["Strategy", "Plan", "Policy", "Framework", "Programme", "Report"]
BODY_TYPES = ["Board", "Partnership", "Organisation", "OrganisationalUnit", "Post"]
KG = "https://w3id.org/kgraph/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def generated_view(n: int, seed: int = 1) -> dict[str, Any]:
    """A network model of ``n`` nodes shaped like the bundled graph's: plans with a vision,
    outcomes and priorities; strategies ticking 1-4 priorities and owned by a body; bodies
    reporting to bodies; indicators measuring priorities; a tenth of the nodes linked to
    nothing (the bundled graph has a third). Built by the explorer's own
    network.network_model."""
    from kgraph.explorer.network import network_model, network_node

    rnd = random.Random(seed)
    nodes: list[dict[str, Any]] = []
    links: list[tuple[str, str, str]] = []

    def add(slug: str, kind: str, label: str, plans: list[str]) -> str:
        nodes.append(network_node(slug, label, kind, plans, f"x/{slug}.html"))
        return slug

    def link(a: str, pred: str, b: str) -> None:
        links.append((a, pred, b))

    plans, priorities = [], []
    for p in range(max(2, n // 500)):
        plan = add(f"plan-{p}", "StrategicPlan", f"Generated plan {p}", [f"plan-{p}"])
        plans.append(plan)
        link(add(f"{plan}-vision", "Vision", f"Vision of plan {p}", [plan]), SKOS + "inScheme",
             plan)
        outcomes = [add(f"{plan}-outcome-{o}", "Outcome", f"Outcome {o} of plan {p}", [plan])
                    for o in range(1, 5)]
        for o in outcomes:
            link(o, SKOS + "inScheme", plan)
        for k in range(1, 9):
            prio = add(f"{plan}-priority-{k}", "Priority", f"Priority {k} of plan {p}", [plan])
            link(prio, SKOS + "topConceptOf", plan)
            link(prio, KG + "servesOutcome", outcomes[k % 4])
            priorities.append((prio, plan))
    rest = n - len(nodes)
    bodies = [add(f"body-{b}", rnd.choice(BODY_TYPES), f"Generated board {b}", [])
              for b in range(rest * 15 // 100)]
    for b, body in enumerate(bodies[1:], start=1):
        link(body, KG + "accountableTo", bodies[rnd.randrange(b)])
    for i in range(rest * 20 // 100):
        prio, plan = rnd.choice(priorities)
        link(add(f"indicator-{i}", "Indicator", f"Generated indicator {i}", [plan]),
             KG + "measures", prio)
    for i in range(rest * 10 // 100):
        add(f"alone-{i}", rnd.choice(STRATEGY_TYPES), f"Generated unlinked strategy {i}", [])
    s = 0
    while len(nodes) < n:
        ticks = rnd.sample(priorities, rnd.randint(1, 4))
        node = add(f"strategy-{s}", rnd.choice(STRATEGY_TYPES), f"Generated strategy {s}",
                   sorted({plan for _, plan in ticks}))
        for prio, _plan in ticks:
            link(node, KG + "contributesTo", prio)
        link(node, KG + "ownedBy", rnd.choice(bodies))
        s += 1
    plan_refs = [{"slug": p, "label": f"Generated plan {p.split('-')[1]}"} for p in plans]
    return network_model(nodes, links, plan_refs, "network.html")


PANZOOM = """async (frames) => {
  const net = window.kgraphNetwork.network;
  const draws = []; let t0 = 0;
  const before = () => { t0 = performance.now(); };
  const after = () => { draws.push(performance.now() - t0); };
  net.on('beforeDrawing', before); net.on('afterDrawing', after);
  const stamps = [];
  const start = net.getViewPosition(); const s0 = net.getScale();
  await new Promise(done => {
    let i = 0;
    function step(ts) {
      stamps.push(ts);
      if (i >= frames) { done(); return; }
      if (i < frames / 2) {
        net.moveTo({position: {x: start.x + 6 * i / s0, y: start.y + 3 * i / s0}, scale: s0});
      } else {
        net.moveTo({position: start, scale: s0 * Math.pow(1.02, i - frames / 2)});
      }
      i++;
      requestAnimationFrame(step);
    }
    requestAnimationFrame(step);
  });
  net.off('beforeDrawing', before); net.off('afterDrawing', after);
  net.moveTo({position: start, scale: s0});
  const gaps = stamps.slice(1).map((t, k) => t - stamps[k]).slice(1);
  return {frames: gaps, draws: draws};
}"""


def _stats(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    if not ordered:
        return (float("nan"), float("nan"))
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (statistics.median(ordered), p95)


def pan_zoom(page: Any, frames: int = 60) -> dict[str, float]:
    out = page.evaluate(PANZOOM, frames)
    frame, frame95 = _stats(out["frames"])
    draw, draw95 = _stats(out["draws"])
    return {"frame": frame, "frame95": frame95, "draw": draw, "draw95": draw95}


def _wait_laid_out(page: Any, since: float) -> float:
    page.wait_for_function(f"(window.kgraphLaidOutAt || 0) > {since}", timeout=600_000)
    return float(page.evaluate("window.kgraphLaidOutAt")) - since


def browser_figures(site: Path, runs: int) -> dict[str, Any]:
    """First render (median of ``runs`` fresh pages), then in the last page: pan/zoom in
    the first view, the widest view, and every linked node on one canvas."""
    from playwright.sync_api import sync_playwright

    firsts = []
    out: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = None
        for i in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto((site / "network.html").as_uri())
            page.wait_for_function("window.kgraphRenderedAt !== undefined", timeout=600_000)
            firsts.append(float(page.evaluate("window.kgraphRenderedAt")))
            if i < runs - 1:
                page.close()
        assert page is not None
        out["first_nodes"] = page.evaluate("window.kgraphNetwork.state.drawn.length")
        out["first"] = statistics.median(firsts)
        out["first_runs"] = firsts
        out["first_pz"] = pan_zoom(page)
        # widen to the cap (or to every linked node)
        widen_ms = 0.0
        for _ in range(50):
            before = page.evaluate("window.kgraphNetwork.state.view.length")
            since = float(page.evaluate("performance.now()"))
            page.evaluate("window.kgraphNetwork.widen()")
            if page.evaluate("window.kgraphNetwork.state.view.length") == before:
                break
            widen_ms = _wait_laid_out(page, since)
        out["wide_nodes"] = page.evaluate("window.kgraphNetwork.state.drawn.length")
        out["wide_layout"] = widen_ms
        out["wide_pz"] = pan_zoom(page)
        # everything linked on one canvas, no layout
        since = float(page.evaluate("performance.now()"))
        page.evaluate("""(() => { const k = window.kgraphNetwork;
            k.show(k.data.nodes.filter(n => n.degree).map(n => n.id), 'all', false); })()""")
        out["all_draw"] = _wait_laid_out(page, since)
        out["all_nodes"] = page.evaluate("window.kgraphNetwork.state.drawn.length")
        out["all_edges"] = page.evaluate("window.kgraphNetwork.edges.length")
        out["all_pz"] = pan_zoom(page, frames=20)
        page.close()
        browser.close()
    return out


def measure_bundled(ttl: Path, runs: int) -> dict[str, Any]:
    """kgraph site build on a real graph (the time the command reports) and the network
    model alone, then the network page in the browser."""
    from kgraph.backends import open_backend
    from kgraph.explorer import network as net
    from kgraph.explorer.build import build_site
    from kgraph.explorer.pages import collect

    with tempfile.TemporaryDirectory() as tmp:
        result = build_site([ttl], Path(tmp) / "site")
        data = collect(open_backend("memory", [str(ttl)]))
        start = time.perf_counter()
        model = net.network(data)
        model_s = time.perf_counter() - start
        figures = browser_figures(result.path, runs)
    return {"graph": f"bundled ({ttl.name})", "nodes": len(model["nodes"]),
            "linked": model["linked"], "edges": len(model["edges"]),
            "python": f"{result.seconds:.1f} s site build; {model_s:.2f} s network model",
            **figures}


def measure_generated(n: int, runs: int) -> dict[str, Any]:
    from kgraph.explorer.build import write_network_view

    start = time.perf_counter()
    model = generated_view(n)
    model_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        write_network_view(model, Path(tmp))
        figures = browser_figures(Path(tmp), runs)
    return {"graph": f"generated ({n:,})", "nodes": len(model["nodes"]),
            "linked": model["linked"], "edges": len(model["edges"]),
            "python": f"{model_s:.2f} s network model", **figures}


def _pz(f: dict[str, float]) -> str:
    return (f"frame {f['frame']:.0f} ms (p95 {f['frame95']:.0f}), "
            f"draw {f['draw']:.0f} ms (p95 {f['draw95']:.0f})")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, nargs="+", default=[5000, 20000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--data", type=Path, default=ROOT / "data" / "strategies.ttl")
    args = ap.parse_args(argv)
    rows = []
    if args.data.is_file():
        rows.append(measure_bundled(args.data, args.runs))
    else:
        print(f"({args.data} not found: skipping the real graph)", file=sys.stderr)
    for n in args.nodes:
        rows.append(measure_generated(n, args.runs))
    print("| graph | nodes (linked) / links | Python | first view: nodes, first render "
          "(median; runs) | first view pan/zoom | widest view: nodes, layout | widest view "
          "pan/zoom | everything on one canvas: nodes / links, draw | everything pan/zoom |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        runs = ", ".join(f"{t:.0f}" for t in r["first_runs"])
        print(f"| {r['graph']} | {r['nodes']:,} ({r['linked']:,}) / {r['edges']:,} "
              f"| {r['python']} | {r['first_nodes']}, {r['first']:.0f} ms ({runs}) "
              f"| {_pz(r['first_pz'])} | {r['wide_nodes']:,}, {r['wide_layout']:.0f} ms "
              f"| {_pz(r['wide_pz'])} | {r['all_nodes']:,} / {r['all_edges']:,}, "
              f"{r['all_draw']:.0f} ms | {_pz(r['all_pz'])} |")


if __name__ == "__main__":
    main()
