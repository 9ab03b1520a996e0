"""The report as HTML: one page, real tables, print-friendly CSS, every text escaped by
Jinja's autoescape; nothing is loaded from anywhere."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from kgraph.report.model import Report

HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def _template() -> Template:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    return env.get_template("report.html")


def render(report: Report) -> str:
    """The HTML report page for ``report`` (autoescaped, print-friendly)."""
    return _template().render(r=report)
