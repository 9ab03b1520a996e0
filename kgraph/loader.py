"""Paths → one rdflib Graph. Parse errors carry the file and the line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from xml.sax import SAXParseException

from rdflib import Graph
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax

from kgraph import resources
from kgraph.errors import InputError, ParseError
from kgraph.namespaces import bind_prefixes

FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}


def format_of(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(
            f"{path}: unknown RDF file type {path.suffix!r} (known: {', '.join(sorted(FORMATS))})"
        ) from None


def _first_bad_line(path: Path, fmt: str) -> int | None:
    """For line-based formats, the first line that does not parse on its own."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            Graph().parse(data=line, format=fmt)
        except Exception:  # noqa: BLE001 - any failure marks the line
            return number
    return None


def parse_into(graph: Graph, path: Path) -> None:
    """Parse one file into ``graph``; raise ParseError(file, line) on bad syntax."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    fmt = format_of(path)
    try:
        graph.parse(path, format=fmt)
    except BadSyntax as exc:
        raise ParseError(str(path), exc.lines + 1, f"bad Turtle syntax: {exc._why}") from None
    except ParserError as exc:
        line = _first_bad_line(path, fmt) if fmt in ("nt", "nquads") else None
        raise ParseError(str(path), line, f"bad {fmt} syntax: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ParseError(str(path), exc.lineno, f"bad JSON: {exc.msg}") from None
    except SAXParseException as exc:
        raise ParseError(str(path), exc.getLineNumber(), f"bad RDF/XML: {exc.getMessage()}") from None
    except UnicodeDecodeError as exc:
        raise ParseError(str(path), None, f"not UTF-8 text: {exc.reason}") from None
    except Exception as exc:  # rdflib raises many types; never show a traceback for input
        raise ParseError(str(path), None, f"cannot parse as {fmt}: {exc}") from None


def load(paths: Iterable[str | Path] | None = None) -> Graph:
    """Load and merge RDF files (default: the bundled graph) into one Graph.

    >>> g = load()            # the bundled graph
    >>> g = load(["a.ttl", "b.ttl"])
    """
    files = [Path(p) for p in paths] if paths else [resources.bundled_graph()]
    graph = Graph()
    bind_prefixes(graph)
    for path in files:
        parse_into(graph, path)
    return graph


def load_ontology() -> Graph:
    """The ontology with the quality-flag vocabulary it uses."""
    graph = Graph()
    parse_into(graph, resources.ontology())
    parse_into(graph, resources.quality_flags())
    return graph
