"""kgraph: a strategy-to-priority knowledge graph for public-sector planning.

Notebook use::

    import kgraph
    g = kgraph.load()                      # the bundled graph (rdflib.Graph)
    kgraph.validate().conforms             # SHACL
    kgraph.describe(g, "Kent Alcohol Strategy")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgraph._lazy import lazy_exports

__version__ = "0.1.0"

# Lazy re-exports keep `import kgraph` (and so the CLI's start-up) cheap.
_EXPORTS = {
    "load": "kgraph.loader",
    "validate": "kgraph.validation",
    "describe": "kgraph.entity",
    "resolve": "kgraph.lookup",
    "compile_sources": "kgraph.curation.compile",
}

if TYPE_CHECKING:
    from kgraph.curation.compile import compile_sources
    from kgraph.entity import describe
    from kgraph.loader import load
    from kgraph.lookup import resolve
    from kgraph.validation import validate


__getattr__ = lazy_exports(__name__, _EXPORTS)


def __dir__() -> list[str]:
    """The module's names, the lazy exports included (so tab completion shows them)."""
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = ["compile_sources", "describe", "load", "resolve", "validate"]
