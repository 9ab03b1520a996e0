"""Store specs: ``memory``, ``oxigraph:PATH`` or ``sparql:URL``, and the backend each names."""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kgraph.errors import InputError

if TYPE_CHECKING:
    from kgraph.backends.base import Backend



@dataclass(frozen=True)
class StoreSpec:
    """A parsed ``--store`` value: its ``kind`` (memory, oxigraph or sparql) and ``location`` (a
    path or a URL)."""

    kind: str  # "memory" | "oxigraph" | "sparql"
    location: str = ""  # a path or a URL

    def __str__(self) -> str:
        return self.kind if self.kind == "memory" else f"{self.kind}:{self.location}"


def parse_spec(text: str | None) -> StoreSpec:
    """``memory``, ``oxigraph:PATH`` or ``sparql:URL`` → StoreSpec; InputError otherwise."""
    text = (text or "memory").strip()
    kind, sep, rest = text.partition(":")
    if text == "memory":
        return StoreSpec("memory")
    if sep and kind == "oxigraph" and rest:
        return StoreSpec("oxigraph", rest)
    if sep and kind == "sparql" and urllib.parse.urlsplit(rest).scheme in ("http", "https"):
        return StoreSpec("sparql", rest)
    raise InputError(
        f"unknown store {text!r}: use memory, oxigraph:PATH or sparql:http(s)://HOST/PATH"
    )


def open_backend(
    spec: str | StoreSpec | None = None,
    data: Sequence[str | Path] = (),
    *,
    create: bool = False,
    timeout: float | None = None,
) -> Backend:
    """The backend a store spec names. ``data``: files for the memory backend (default:
    the bundled graph). ``create``: make a missing persistent store (for loading)."""
    from kgraph.backends.oxigraph import MemoryBackend, OxigraphBackend
    from kgraph.backends.remote import SparqlBackend

    spec = spec if isinstance(spec, StoreSpec) else parse_spec(spec)
    if spec.kind == "memory":
        return MemoryBackend(data)
    if data:
        raise InputError(
            f"--data files are read by the memory store only; load them into {spec} with "
            f"`kgraph load --store {spec} FILES`"
        )
    if spec.kind == "oxigraph":
        return OxigraphBackend(spec.location, create=create)
    return SparqlBackend(spec.location, timeout=timeout)

