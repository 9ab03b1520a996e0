"""Violations → workbook rows: SHACL-validate an import and name the sheet, row and
column behind each violation the workbook caused."""

from __future__ import annotations

from collections.abc import Callable

from kgraph.exchange.model import Built, Origin, Problem
from kgraph.namespaces import ID
from kgraph.validation import validate_graph


def violations_as_problems(built: Built,
                           progress: Callable[[str], None] | None = None) -> list[Problem]:
    """Violations on what the workbook added or touched, as problems at their rows.

    Violations the existing graph had before the import are not the workbook's (nodes it
    did not make, facts it did not state): they do not stop it.
    """
    report = validate_graph(built.graph, progress=progress)
    if report.conforms:
        return []
    made = {str(n)[len(str(ID)):] for n in built.touched}
    problems = []
    for v in report.violations:
        # the workbook's if it made the node or stated the offending link or attribute
        origin = (built.origins.get(f"{v.node} {v.path} {v.value}")
                  or built.origins.get(f"{v.node} {v.path}")
                  or (built.origins.get(v.node, Origin("", 0, "")) if v.node in made else None))
        if origin is None:
            continue
        detail = f" ({v.path} {v.value})".replace(" )", ")") if v.path or v.value else ""
        problems.append(Problem(origin.sheet, origin.row, origin.column, v.rule + detail))
    return problems
