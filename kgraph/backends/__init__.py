"""Where the graph lives: in memory, in a persistent embedded store, or behind an endpoint.

One interface, three backends, chosen with one store spec (``--store`` / ``KGRAPH_STORE``):

- ``memory`` (default): the given files (default: the bundled graph) parsed into an
  in-memory Oxigraph store at start-up. No set-up at all.
- ``oxigraph:PATH``: a persistent embedded Oxigraph store, filled once with
  ``kgraph load --store oxigraph:PATH FILES`` and queried many times without re-parsing.
- ``sparql:URL``: any SPARQL 1.1 query endpoint (Oxigraph server, Virtuoso, GraphDB,
  QLever, Neptune...); loading uses the SPARQL 1.1 Graph Store Protocol.

Every file loads into a named graph of its own (``graph_iri(path)``), replaced atomically
when the file is loaded again; queries see the union of all graphs (run an Oxigraph
server with ``--union-default-graph``, or add ``?union-default-graph`` to its URL).

User values reach a query only as bindings (``binding``): the Oxigraph stores use the
engine's own substitutions (a bound variable must be selected by the query); a SPARQL
endpoint gets a ``VALUES`` block of escaped RDF terms at the start of every group that
uses the variable (rdflib's own remote store appends it after the query instead, which
changes the answers of grouped queries: rdflib issue 1772), and queries where no block
can be placed are refused with a clear error.

The package, one module per part: ``errors``, ``spec`` (store specs and ``open_backend``),
``files`` (formats, named graphs, progress), ``binding``, ``terms`` (term conversion),
``base`` (the ``Backend`` interface), ``oxigraph`` (memory and persistent stores) and
``remote`` (a SPARQL endpoint).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgraph._lazy import lazy_exports
from kgraph.backends.base import Backend, LoadReport
from kgraph.backends.binding import bind, bind_values, substitutions, values_block
from kgraph.backends.errors import (
    BadSetting,
    EndpointError,
    EndpointTimeout,
    EndpointUnreachable,
    MalformedResults,
    ResponseTooLarge,
    StoreError,
    StoreNotFound,
)
from kgraph.backends.files import graph_iri
from kgraph.backends.oxigraph import MemoryBackend, OxigraphBackend
from kgraph.backends.spec import StoreSpec, open_backend, parse_spec

if TYPE_CHECKING:
    from kgraph.backends.remote import SparqlBackend
else:  # the HTTP client (httpx, ~0.1 s to import) only when an endpoint is used
    __getattr__ = lazy_exports(__name__, {"SparqlBackend": "kgraph.backends.remote"})

__all__ = [
    "BadSetting", "ResponseTooLarge",
    "Backend", "EndpointError", "EndpointTimeout", "EndpointUnreachable", "LoadReport",
    "MalformedResults", "MemoryBackend", "OxigraphBackend", "SparqlBackend", "StoreError",
    "StoreNotFound", "StoreSpec", "bind", "bind_values", "graph_iri", "open_backend", "parse_spec",
    "substitutions", "values_block",
]
