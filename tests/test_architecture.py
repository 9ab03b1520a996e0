"""Layering holds: cli/ never imports rdflib, kgraph/ never imports click; SPARQL lives in
.rq files, never assembled from strings in Python."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imports(folder: str) -> dict[str, set[str]]:
    out = {}
    for path in (ROOT / folder).rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module.split(".")[0])
        out[str(path.relative_to(ROOT))] = names
    return out


def test_cli_does_not_import_rdflib() -> None:
    offenders = [p for p, names in imports("cli").items() if names & {"rdflib", "pyshacl"}]
    assert offenders == []


def test_library_does_not_import_click() -> None:
    offenders = [p for p, names in imports("kgraph").items() if "click" in names]
    assert offenders == []


def test_no_sparql_in_python_strings() -> None:
    pattern = re.compile(r"\b(SELECT|CONSTRUCT|ASK)\b[^\n]*\bWHERE\b")
    offenders = [str(p.relative_to(ROOT)) for folder in ("kgraph", "cli")
                 for p in (ROOT / folder).rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []


def test_every_query_file_has_a_header() -> None:
    for path in (ROOT / "kgraph" / "queries").glob("*.rq"):
        head = path.read_text().splitlines()[:3]
        assert [h.split(":")[0] for h in head] == ["# title", "# description", "# bindings"], path
