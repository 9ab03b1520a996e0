"""One report a council officer can circulate: a summary first, then coverage, gaps,
overlaps, accountability, continuity, key indicators, data caveats and sources, each
fact with the document, line and quote that state it.

``build_report`` computes the content (``model.py``); ``report_markdown`` and
``report_html`` lay it out; ``write_report`` picks the format from the file name
(``.md``, ``.html``, or ``.pdf`` printed by Debian's chromium).
"""

from __future__ import annotations

from pathlib import Path

from kgraph.queries import Source
from kgraph.report.model import Report, build_report

__all__ = ["Report", "build_report", "report_html", "report_markdown", "write_report"]


def report_markdown(graph: Source, plan: str | None = None, min_strategies: int = 3,
                    threshold: float = 0.8) -> str:
    """The report as Markdown (every label escaped, so it renders as text)."""
    from kgraph.report.markdown import render

    return render(build_report(graph, plan, min_strategies, threshold))


def report_html(graph: Source, plan: str | None = None, min_strategies: int = 3,
                threshold: float = 0.8) -> str:
    """The report as one self-contained, print-friendly HTML page (no network)."""
    from kgraph.report.html import render

    return render(build_report(graph, plan, min_strategies, threshold))


def write_report(graph: Source, output: str | Path, plan: str | None = None,
                 min_strategies: int = 3, threshold: float = 0.8) -> Path:
    """Write the report to ``output``: .html/.htm, .pdf, else Markdown. Atomic: a failed
    write leaves any previous file as it was."""
    from kgraph.fileio import write_text_atomic
    from kgraph.report import html, markdown

    path = Path(output)
    report = build_report(graph, plan, min_strategies, threshold)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        write_text_atomic(path, html.render(report))
    elif suffix == ".pdf":
        from kgraph.report.pdf import print_pdf

        print_pdf(html.render(report), path)
    else:
        write_text_atomic(path, markdown.render(report))
    return path
