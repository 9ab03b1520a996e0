"""The exchange package's imports run one way (issue 12.1): no module imports one that
imports it back, and the import flows read_workbook → CheckedWorkbook → build → Built."""

from __future__ import annotations

import ast
from pathlib import Path

import kgraph

PACKAGE = Path(kgraph.__file__).resolve().parent


def imports_of(path: Path) -> set[str]:
    """The kgraph modules a file imports, at any depth (also inside functions and
    TYPE_CHECKING blocks: a cycle for the type checker is a cycle for the reader)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kgraph"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("kgraph"))
    return found


def module_graph() -> dict[str, set[str]]:
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(("kgraph", *parts)).removesuffix(".__init__")
        graph[name] = imports_of(path)
    return {m: {d for d in deps if d in graph and d != m} for m, deps in graph.items()}


def test_the_library_has_no_import_cycle() -> None:
    graph = module_graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for dep in sorted(graph[module]):
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep):] + [dep] if dep in path else [module, dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    exchange = [c for c in cycles if any(m.startswith("kgraph.exchange") for m in c)]
    assert exchange == []


def test_the_import_flows_through_the_checked_workbook() -> None:
    graph = module_graph()
    assert "kgraph.exchange.importer" not in graph["kgraph.exchange.build"]
    assert "kgraph.exchange.build" not in graph["kgraph.exchange.violations"]
    for part in ("rows", "ids", "facts"):  # the reader's three parts know no builder
        assert "kgraph.exchange.build" not in graph[f"kgraph.exchange.{part}"]
        assert "kgraph.exchange.importer" not in graph[f"kgraph.exchange.{part}"]
    assert not (PACKAGE / "exchange" / "shacl.py").exists()


def test_read_workbook_returns_a_frozen_record() -> None:
    import dataclasses

    from kgraph.exchange.importer import read_workbook
    from kgraph.exchange.model import CheckedWorkbook
    from kgraph.exchange.tables import read_tables

    checked = read_workbook(read_tables(Path(__file__).parent / "fixtures" / "exchange" / "plan",
                                        set()), None)
    assert isinstance(checked, CheckedWorkbook)
    try:
        checked.name = "other"  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("CheckedWorkbook is not frozen")
    assert checked.links and all(link.cite.origin.row >= 2 for link in checked.links)
