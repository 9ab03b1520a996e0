"""Authoring and exchange: a spreadsheet template, import, export and a semantic diff.

    from kgraph.exchange import write_template, import_workbook, export, diff_graphs
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgraph._lazy import lazy_exports

_EXPORTS = {
    "write_template": "kgraph.exchange.template",
    "import_workbook": "kgraph.exchange.importer",
    "export": "kgraph.exchange.export",
    "export_tables": "kgraph.exchange.export",
    "diff_graphs": "kgraph.exchange.diff",
    "WorkbookProblems": "kgraph.exchange.model",
}

if TYPE_CHECKING:
    from kgraph.exchange.diff import diff_graphs
    from kgraph.exchange.export import export, export_tables
    from kgraph.exchange.importer import import_workbook
    from kgraph.exchange.model import WorkbookProblems
    from kgraph.exchange.template import write_template


__getattr__ = lazy_exports(__name__, _EXPORTS)


__all__ = ["WorkbookProblems", "diff_graphs", "export", "export_tables", "import_workbook",
           "write_template"]
