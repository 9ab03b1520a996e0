"""One Markdown report a policy officer can circulate: coverage, gaps, overlaps,
accountability and continuity, with source references."""

from __future__ import annotations

import pandas as pd
from rdflib import Graph

from kgraph.analysis.coverage import coverage
from kgraph.analysis.crosswalk import crosswalk
from kgraph.analysis.gaps import gaps
from kgraph.analysis.overlaps import overlaps
from kgraph.analysis.trace import governance_graph
from kgraph.formats import render


def report_markdown(graph: Graph, plan: str | None = None, min_strategies: int = 3,
                    threshold: float = 0.8) -> str:
    covs = coverage(graph, plan)
    title = covs[0].plan.label if plan and covs else "All plans"
    out = [f"# kgraph report: {title}", "",
           "Every figure below is computed from the kgraph knowledge graph; each finding names "
           "its entity and, where the graph has one, the source document and line.", ""]
    out += ["## Coverage", ""]
    for c in covs:
        out += [f"### {c.plan.label}", "", render(c.table().drop(columns=["slug", "preferred_name"]), "markdown"), ""]
        thin = c.priorities.sort_values("strategies").head(1).to_dict(orient="records")
        if thin:
            out += [f"Thinnest priority: **{thin[0]['column']}** ({thin[0]['strategies']} "
                    "strategies).", ""]
    g = gaps(graph, plan, min_strategies)
    out += ["## Gaps", "", f"{len(g)} finding(s).", "", render(g, "markdown"), ""]
    ov = overlaps(graph, plan, threshold)
    out += ["## Overlaps", ""]
    for t, f in ov.frames().items():
        out += [f"### {t.capitalize()}", "", render(f, "markdown") if not f.empty else "None.", ""]
    gov = governance_graph(graph)
    rows = [{"body": d["label"], "type": d["type"], "oversees / owns": gov.in_degree(n),
             "reports to": "; ".join(sorted(gov.nodes[b]["label"] for _a, b, e in
                                            gov.out_edges(n, data=True)
                                            if e["relation"] in ("accountable to", "part of")))}
            for n, d in gov.nodes(data=True) if d["type"] in ("Board", "Partnership")]
    out += ["## Accountability", "",
            render(pd.DataFrame(rows).sort_values("body") if rows else pd.DataFrame(), "markdown"), ""]
    cw = crosswalk(graph)
    out += ["## Continuity across plans", "", render(cw, "markdown") if not cw.empty else "None.", ""]
    return "\n".join(out)


def report_html(markdown_text: str, title: str = "kgraph report") -> str:
    """A self-contained HTML page holding the report (escaped; no network)."""
    import html

    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title></head><body><pre style=\"white-space:pre-wrap\">"
            f"{html.escape(markdown_text)}</pre></body></html>\n")
