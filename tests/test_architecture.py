"""The layout holds: the layers (no import runs upward), no import cycle, kgraph/ never
imports click, cli/ and the renderers never touch rdflib, and no SPARQL text is built in
Python outside the binding module (SPARQL lives in .rq files).

The import graph is computed from the source (``ast``), not by importing anything.
"""

from __future__ import annotations

import ast
import re
import typing
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. A module may import modules of its own layer or of a lower one, at the top of
# the file or inside a function; imports under ``if TYPE_CHECKING:`` (types only) are exempt.
LAYERS: list[list[str]] = [
    ["kgraph.errors", "kgraph.namespaces", "kgraph.resources", "kgraph.cache", "kgraph.formats",
     "kgraph._lazy", "kgraph.fileio", "kgraph.vocabulary", "kgraph.reading",
     "kgraph.provenance"],
    ["kgraph.loader", "kgraph.skos", "kgraph.validation", "kgraph.validation_core", "kgraph.generate",
     "kgraph.queries"],
    ["kgraph.backends"],
    ["kgraph.lookup", "kgraph.relations", "kgraph.sparql"],
    ["kgraph.entity", "kgraph.curation"],
    ["kgraph.analysis", "kgraph.stats"],
    ["kgraph.exchange", "kgraph.explorer", "kgraph.report"],
    ["kgraph.extract"],
    ["kgraph.cli", "kgraph.__main__", "kgraph"],  # the package root only re-exports (lazily)
]

# Renderers turn records into text, HTML or files: they never see an rdflib term.
RENDERERS = ["kgraph.formats", "kgraph.reading", "kgraph.report.markdown", "kgraph.report.html",
             "kgraph.report.pdf",
             "kgraph.explorer.build", "kgraph.explorer.diagrams", "kgraph.explorer.pages",
             "kgraph.explorer.network", "kgraph.explorer.search", "kgraph.explorer.sources",
             "kgraph.explorer.indicators", "kgraph.explorer.urls", "kgraph.explorer.serve"]

# The one module that writes values into SPARQL text (VALUES blocks for endpoints, PREFIX
# lines, the graph IRIs of a MOVE): everything else runs named .rq files with bindings.
BINDING_MODULE = "kgraph/backends/binding.py"


@dataclass(frozen=True)
class Import:
    source: str  # importing module
    target: str  # imported kgraph module (the longest known module name)
    line: int
    top: bool  # runs when the module is imported (not inside a function)
    typing_only: bool  # under ``if TYPE_CHECKING:``


def module_files() -> dict[str, Path]:
    out = {}
    for folder in ("kgraph", "cli"):
        for path in (ROOT / folder).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[0] == "cli":  # cli/ installs as kgraph.cli
                parts = ["kgraph", "cli", *parts[1:]]
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(name: str, path: Path, known: set[str]) -> list[Import]:
    """Every import of a kgraph module in ``path`` (any depth), with where it runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Import] = []

    def target_of(dotted: str) -> str | None:
        while dotted and dotted not in known:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    def visit(node: ast.AST, top: bool, typing_only: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, top, True)
            for child in node.orelse:
                visit(child, top, typing_only)
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            top = False
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(up + ([base] if base else []))
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        for dotted in names:
            target = target_of(dotted) if dotted.startswith("kgraph") else None
            if target and target != name:
                found.append(Import(name, target, getattr(node, "lineno", 0), top, typing_only))
        for child in ast.iter_child_nodes(node):
            visit(child, top, typing_only)

    visit(tree, True, False)
    return found


def all_imports() -> list[Import]:
    files = module_files()
    return [i for name, path in sorted(files.items()) for i in imports_of(name, path, set(files))]


def layer_of(module: str) -> int:
    best = (-1, -1)  # (length of the matching prefix, layer)
    for n, layer in enumerate(LAYERS):
        for prefix in layer:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best[0]:
                best = (len(prefix), n)
    assert best[1] >= 0, f"{module} is in no layer: add it to LAYERS"
    return best[1]


def test_every_module_has_a_layer() -> None:
    for module in module_files():
        layer_of(module)


def test_no_import_runs_upward() -> None:
    upward = [f"{i.source} (line {i.line}) imports {i.target}: layer {layer_of(i.source)} → "
              f"{layer_of(i.target)}" for i in all_imports()
              if not i.typing_only and layer_of(i.target) > layer_of(i.source)]
    assert upward == []


def test_no_import_cycle() -> None:
    """Importing any module never comes back to itself (imports made when a module is
    imported; a function's own imports run later and types-only imports never)."""
    graph = nx.DiGraph()
    graph.add_nodes_from(module_files())
    graph.add_edges_from((i.source, i.target) for i in all_imports() if i.top and not i.typing_only)
    assert list(nx.simple_cycles(graph)) == []


def test_the_cycle_test_sees_a_cycle(tmp_path: Path) -> None:
    """The import reader finds both directions of a cycle written the way kgraph writes
    imports (absolute, relative, inside a function, under TYPE_CHECKING)."""
    a = tmp_path / "a.py"
    a.write_text("from typing import TYPE_CHECKING\nfrom kgraph.b import x\n"
                 "if TYPE_CHECKING:\n    from kgraph.c import y\n")
    b = tmp_path / "b.py"
    b.write_text("def f():\n    from . import a\n")
    known = {"kgraph", "kgraph.a", "kgraph.b", "kgraph.c"}
    got_a = imports_of("kgraph.a", a, known)
    got_b = imports_of("kgraph.b", b, known)
    assert [(i.target, i.top, i.typing_only) for i in got_a] == [("kgraph.b", True, False),
                                                                 ("kgraph.c", True, True)]
    assert [(i.target, i.top) for i in got_b] == [("kgraph.a", False)]


def _third_party(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_cli_does_not_import_rdflib() -> None:
    offenders = [str(p) for p in (ROOT / "cli").rglob("*.py")
                 if _third_party(p) & {"rdflib", "pyshacl", "pyoxigraph"}]
    assert offenders == []


def test_library_does_not_import_click() -> None:
    offenders = [str(p) for p in (ROOT / "kgraph").rglob("*.py") if "click" in _third_party(p)]
    assert offenders == []


def test_renderers_do_not_touch_rdflib() -> None:
    files = module_files()
    for module in RENDERERS:
        assert module in files, f"{module} is gone: update RENDERERS"
    offenders = [m for m in RENDERERS if _third_party(files[m]) & {"rdflib", "pyoxigraph", "pyshacl"}]
    assert offenders == []


# A string that is SPARQL text: it starts with a query or update form (or a PREFIX / VALUES
# line), or names a SHACL-SPARQL pre-bound variable.
SPARQL_TEXT = re.compile(
    r"^\s*(SELECT|CONSTRUCT|ASK|DESCRIBE|INSERT|DELETE|WITH|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD"
    r"|PREFIX|BASE|VALUES)\s"
    r"|\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b.*\bWHERE\b"
    r"|\$this\b|\b(OPTIONAL|FILTER|GRAPH|SERVICE|MINUS)\s*[{(]"
    r"|\?\w+\s+\?\w+\s+\?\w+\s*[.}]",
    re.S)


def sparql_strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string constant in ``source`` (f-string parts too, docstrings
    not) that reads as SPARQL."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and SPARQL_TEXT.search(node.value)]


@pytest.mark.parametrize("code", [
    'q = f"MOVE {staging} TO {target}"',
    'q = text.replace("$this", "?this")',
    'q = "SELECT ?s WHERE { ?s ?p ?o }"',
    'q = "PREFIX kg: <https://w3id.org/kgraph/ontology#> " + body',
    'q = "\\n  ?s ?p ?o ."',
    'q = f"CLEAR GRAPH <{iri}>"',
    'q = "INSERT DATA { " + triples + " }"',
    'q = "  FILTER(?v > " + str(n) + ")"',
])
def test_the_sparql_detector_sees_sparql_built_in_python(code: str) -> None:
    assert sparql_strings(code), code


@pytest.mark.parametrize("code", [
    'kind = "SELECT"',
    'raise QueryError("not a SELECT query")',
    'msg = f"{name}: the federated query (SERVICE) did not finish"',
    'pattern = re.compile(r"\\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\\b")',
    'def f():\n    """SELECT ?s WHERE { ?s ?p ?o } is how a docstring may show a query."""',
])
def test_the_sparql_detector_lets_words_be(code: str) -> None:
    assert sparql_strings(code) == []


def test_no_sparql_text_built_in_python() -> None:
    offenders = [f"{p.relative_to(ROOT)}:{line}: {text[:60]!r}"
                 for folder in ("kgraph", "cli") for p in sorted((ROOT / folder).rglob("*.py"))
                 if str(p.relative_to(ROOT)) != BINDING_MODULE
                 for line, text in sparql_strings(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_explorer_families_are_the_vocabulary_s_types() -> None:
    """Entity types have one home (kgraph.vocabulary); the explorer groups them all, each once."""
    from kgraph import vocabulary
    from kgraph.explorer import kinds

    grouped = [t for f in kinds.FAMILIES for t in f.types]
    assert sorted(grouped) == sorted(vocabulary.ENTITY_TYPES)
    assert set(kinds.BY_NAME["strategy"].types) | set(kinds.BY_NAME["plan"].types) == vocabulary.STRATEGY_LIKE
    assert set(kinds.BY_NAME["body"].types) == vocabulary.AGENTS


LONG = 400  # lines: a module longer than this says why on its first line
REASON = "# Over 400 lines: "


def test_a_long_module_says_why_on_its_first_line() -> None:
    unexplained = []
    for folder in ("kgraph", "cli", "tests", "benchmarks"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            lines = path.read_text(encoding="utf-8").splitlines()
            if len(lines) > LONG and not (lines[0].startswith(REASON) and len(lines[0]) > len(REASON) + 10):
                unexplained.append(f"{path.relative_to(ROOT)} ({len(lines)} lines)")
    assert unexplained == []


def test_every_query_file_has_a_header() -> None:
    for path in (ROOT / "kgraph" / "queries").glob("*.rq"):
        head = path.read_text().splitlines()[:3]
        assert [h.split(":")[0] for h in head] == ["# title", "# description", "# bindings"], path


def test_a_citation_is_one_record() -> None:
    """One home for the citation (issue 12): ``kgraph.provenance.Cite``; a reader that also
    knows where it read one (a table row, a workbook cell) adds that in a subclass."""
    from kgraph.curation.sources import CuratedCite
    from kgraph.exchange.model import WorkbookCite
    from kgraph.extract.model import Finding
    from kgraph.provenance import Cite

    defined = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "kgraph").rglob("*.py"))
               if re.search(r"^class Cite\b", p.read_text(encoding="utf-8"), re.M)]
    assert defined == ["kgraph/provenance.py"]
    assert issubclass(CuratedCite, Cite) and issubclass(WorkbookCite, Cite)
    assert typing.get_type_hints(Finding)["cite"] is Cite  # the extractor's is the record itself
    assert Cite(3, "a quote").document == "" and CuratedCite(
        line=3, quote="q", document="000_x.txt", folder="000-x").row == 0
