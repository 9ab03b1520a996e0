"""Paths → one rdflib Graph. Parse errors carry the file and the line.

``check_input`` is the one gateway every RDF file passes before any parser sees it (rdflib
here, Oxigraph in ``kgraph.backends``), so every command treats a file the same way:

- it must be a readable file of a known type;
- a UTF-8 byte-order mark is refused (Oxigraph refuses it and rdflib did not: one rule);
- XML may not declare external or nested entities, nor expand to more than
  ``MAX_XML_EXPANSION`` characters ("billion laughs");
- JSON-LD may not name a context by address (a URL or a file): kgraph never fetches
  anything and reads no file the user did not name. Inline contexts are fine.
"""

from __future__ import annotations

import json
import re
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


BOM = b"\xef\xbb\xbf"
MAX_XML_EXPANSION = 16 * 2**20  # characters that declared XML entities may add in all
_XML_PROLOG = 2**20  # a DOCTYPE must end within the first MiB
_ENTITY = re.compile(rb"<!ENTITY\s+(%\s+)?([^\s>]+)\s+(SYSTEM|PUBLIC|\"([^\"]*)\"|'([^']*)')")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def check_input(path: str | Path) -> Path:
    """The gateway: refuse a file no parser should be given (see the module docstring)."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not an RDF file")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    fmt = format_of(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(_XML_PROLOG)
    except PermissionError:
        raise InputError(f"{path}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    if head.startswith(BOM):
        raise ParseError(str(path), 1, "starts with a UTF-8 byte-order mark (BOM), which RDF "
                         "parsers do not all accept; save the file as UTF-8 without a BOM")
    if fmt == "xml":
        _check_xml(path, head)
    elif fmt == "json-ld":
        _check_jsonld(path)
    return path


def _check_xml(path: Path, head: bytes) -> None:
    start = head.find(b"<!DOCTYPE")
    if start < 0:
        return
    end = head.find(b"]>", start)
    if end < 0:
        end = head.find(b">", start)
        subset = head[start:end] if end >= 0 else head[start:]
        if b"[" in subset or end < 0:
            raise ParseError(str(path), _line_of(head, start),
                             "the XML DOCTYPE does not end within the first MiB")
    subset = head[start:end]
    entities: dict[bytes, int] = {}
    for m in _ENTITY.finditer(subset):
        line = _line_of(head, start + m.start())
        name, value = m.group(2), m.group(4) if m.group(4) is not None else m.group(5)
        if m.group(1) or m.group(3) in (b"SYSTEM", b"PUBLIC"):
            raise ParseError(str(path), line, f"XML entity {name.decode(errors='replace')!r} "
                             "is external or a parameter entity; kgraph reads no other files")
        if value is None or b"&" in value or b"%" in value:
            raise ParseError(str(path), line, f"XML entity {name.decode(errors='replace')!r} "
                             "refers to other entities (entity expansion is refused)")
        entities[name] = len(value)
    if b"<!ENTITY" in subset and not entities:
        raise ParseError(str(path), _line_of(head, start), "an XML entity declaration kgraph "
                         "cannot check (entity expansion is refused)")
    if not entities:
        return
    data = path.read_bytes()
    grown = sum(data.count(b"&" + name + b";") * size for name, size in entities.items())
    if grown > MAX_XML_EXPANSION:
        raise ParseError(str(path), _line_of(head, start), f"its XML entities would expand "
                         f"to {grown:,} characters (the limit is {MAX_XML_EXPANSION:,})")


def _contexts(value: object) -> Iterable[object]:
    """Every ``@context`` value (and ``@import``) anywhere in a JSON-LD document."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("@context", "@import"):
                    yield v
                stack.append(v)
        elif isinstance(node, list):
            stack.extend(node)


def _check_jsonld(path: Path) -> None:
    try:
        doc = json.loads(path.read_bytes())
    except json.JSONDecodeError as exc:
        raise ParseError(str(path), exc.lineno, f"bad JSON: {exc.msg}") from None
    except UnicodeDecodeError as exc:
        raise ParseError(str(path), None, f"not UTF-8 text: {exc.reason}") from None
    for ctx in _contexts(doc):
        for item in ctx if isinstance(ctx, list) else [ctx]:
            if isinstance(item, str):
                raise ParseError(str(path), None, f"names the JSON-LD context {item!r} by "
                                 "address; kgraph works offline and fetches nothing: put the "
                                 "context inline in the file")


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
    path = check_input(path)
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
        raise ParseError(str(path), exc.getLineNumber(),
                         f"bad RDF/XML: {exc.getMessage()}") from None
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
    """The ontology with the vocabularies it uses (quality flags, delivery tiers)."""
    graph = Graph()
    parse_into(graph, resources.ontology())
    for vocabulary in resources.vocabularies():
        parse_into(graph, vocabulary)
    return graph
