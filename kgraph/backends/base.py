"""The one interface every store offers (``Backend``) and what a load reports."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.backends.files import Progress
from kgraph.backends.spec import StoreSpec

if TYPE_CHECKING:
    from rdflib.query import Result



@dataclass
class LoadReport:
    """What a load did: the store, the named graphs written, the triples in the store afterwards
    (None if the store cannot say) and the seconds it took."""

    store: str
    graphs: list[str] = field(default_factory=list)  # named graphs written
    triples: int | None = None  # in the store afterwards, if known
    seconds: float = 0.0


class Backend(ABC):
    """A graph to run the named queries on (``kgraph.queries.select(backend, name)``)."""

    spec: StoreSpec

    @abstractmethod
    def select(self, text: str, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows of a SELECT query: dicts of variable → IRI as str / literal as Python value."""

    @abstractmethod
    def query(self, query: Any, initBindings: Mapping[str, Any] | None = None) -> Result:  # noqa: N803
        """Any query (text or rdflib prepared query) as an rdflib Result, like Graph.query."""

    @abstractmethod
    def load(self, files: Iterable[str | Path], graph: str | None = None,
             progress: Progress | None = None) -> LoadReport:
        """Load each file into its own named graph, replacing that graph atomically."""

    @abstractmethod
    def triples(self) -> int | None:
        """How many triples (quads) the store holds, if that is cheap to know."""

    def close(self) -> None:  # noqa: B027 - optional for backends holding nothing open
        """Release the store."""

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.spec}>"

