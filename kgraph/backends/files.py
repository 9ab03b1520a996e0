"""Files to load: their RDF format, the named graph each loads into, progress reporting."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kgraph.errors import ParseError

Progress = Callable[[int], None]  # called with the number of bytes just read


_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


def _ox_format(path: Path) -> ox.RdfFormat:
    from kgraph.loader import format_of  # one table of file types for every loader

    return _OX_FORMATS[format_of(path)]


def graph_iri(path: str | Path) -> str:
    """The named graph a file loads into: one per file name, so reloading replaces it."""
    from kgraph.namespaces import ID

    name = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(path).name).strip("-") or "graph"
    return str(ID[f"graph/{name}"])


def _check_file(path: Path) -> None:
    from kgraph.loader import check_input  # the one gateway every RDF file passes

    check_input(path)


def check_files(paths: list[Path]) -> int:
    """InputError (exit 3) for the first file that is missing, a folder or unreadable;
    else the files' total size in bytes."""
    for path in paths:
        _check_file(path)
    return sum(path.stat().st_size for path in paths)


class _ProgressReader:
    """A binary file that reports how many bytes were read (for a progress bar)."""

    def __init__(self, fh: IO[bytes], progress: Progress | None) -> None:
        self._fh, self._progress = fh, progress

    def read(self, size: int = -1) -> bytes:
        chunk = self._fh.read(size)
        if self._progress is not None and chunk:
            self._progress(len(chunk))
        return chunk

    def readinto(self, buffer: Any) -> int:
        n = self._fh.readinto(buffer)  # type: ignore[attr-defined]  # a binary file: it has readinto
        if self._progress is not None and n:
            self._progress(n)
        return n

    def __len__(self) -> int:  # the Content-Length of an upload
        return os.fstat(self._fh.fileno()).st_size

    def seek(self, offset: int) -> int:  # a retried upload starts again
        return self._fh.seek(offset)


def _parse_error(path: Path, exc: SyntaxError) -> ParseError:
    message = str(exc.msg if hasattr(exc, "msg") else exc)
    return ParseError(str(path), exc.lineno, f"bad {_ox_format(path).name} syntax: {message}")

