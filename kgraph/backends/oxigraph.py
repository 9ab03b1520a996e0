"""The Oxigraph stores: in memory (``memory``) and persistent on disk (``oxigraph:PATH``)."""

from __future__ import annotations

import re
import shutil
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kgraph.backends.base import Backend, LoadReport
from kgraph.backends.binding import (
    Unplaceable,
    _query_text,
    bind_values,
    move_graph,
    substitution_error,
    substitutions,
)
from kgraph.backends.errors import StoreError, StoreNotFound
from kgraph.backends.files import (
    Progress,
    _check_file,
    _ox_format,
    _parse_error,
    _ProgressReader,
    graph_iri,
)
from kgraph.backends.spec import StoreSpec
from kgraph.backends.terms import _ox_rdflib, _ox_value
from kgraph.errors import InputError, QueryError

if TYPE_CHECKING:
    from rdflib.query import Result



class _OxigraphBase(Backend):
    store: ox.Store

    def _run(self, text: str, prefixes: Mapping[str, str] | None = None,
             bindings: Mapping[str, Any] | None = None) -> Any:
        """Run ``text`` with ``bindings``: a VALUES block in every group using them where
        one can be placed (pyoxigraph's substitution evaluates the whole pattern and then
        filters: coverage.rq at 10^6 triples took 2.8 s with it, 0.013 s with VALUES), else
        the engine's own substitution (sub-SELECTs, CONSTRUCT templates, ``AS ?v``)."""
        subs = None
        if bindings:
            try:
                text = bind_values(text, bindings)
            except Unplaceable:
                subs = substitutions(bindings)
        try:
            return self.store.query(text, use_default_graph_as_union=True,
                                    prefixes=dict(prefixes) if prefixes else None,
                                    substitutions=subs)
        except SyntaxError as exc:
            raise QueryError(f"bad SPARQL: {exc.msg}") from None
        except (OSError, RuntimeError) as exc:
            raise substitution_error(exc) or QueryError(
                f"query failed on {self.spec}: {exc}") from None

    def select(self, text: str, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        solutions = self._run(text, bindings=bindings)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        names = [v.value for v in solutions.variables]
        positions = range(len(names))
        return [{names[i]: _ox_value(s[i]) for i in positions} for s in solutions]

    def query(self, query: Any, initBindings: Mapping[str, Any] | None = None) -> Result:  # noqa: N803
        from rdflib import Graph, Variable
        from rdflib.query import Result

        text, prefixes = _query_text(query)
        answer = self._run(text, prefixes, initBindings)
        if isinstance(answer, ox.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(answer)
        elif isinstance(answer, ox.QuerySolutions):
            result = Result("SELECT")
            names = [v.value for v in answer.variables]
            result.vars = [Variable(n) for n in names]
            result.bindings = [
                {Variable(n): _ox_rdflib(s[i]) for i, n in enumerate(names) if s[i] is not None}
                for s in answer
            ]
        else:
            result = Result("CONSTRUCT")
            graph = Graph()
            for t in answer:
                graph.add((_ox_rdflib(t.subject), _ox_rdflib(t.predicate), _ox_rdflib(t.object)))
            result.graph = graph
        return result

    def _load_file(self, path: Path, graph: str | None, progress: Progress | None,
                   replace: bool) -> list[str]:
        _check_file(path)
        fmt = _ox_format(path)
        target = None if fmt.supports_datasets else ox.NamedNode(graph or graph_iri(path))
        staging = None
        if target is not None and replace and self.store.contains_named_graph(target):
            # load beside the old graph, then swap in one transaction: readers see the old
            # graph or the new one, never a half-loaded one
            staging = ox.NamedNode(f"{target.value}-loading-{uuid.uuid4().hex}")
        try:
            if progress is None:  # Oxigraph reads the file itself: about a quarter faster
                self.store.bulk_load(path=str(path), format=fmt, to_graph=staging or target)
            else:
                with path.open("rb") as fh:
                    self.store.bulk_load(_ProgressReader(fh, progress),  # type: ignore[arg-type]  # pyoxigraph reads any object with read(); its stub names IO only
                                         fmt,
                                         to_graph=staging or target)
        except SyntaxError as exc:
            if staging is not None:
                self.store.remove_graph(staging)
            raise _parse_error(path, exc) from None
        except OSError as exc:  # a full disk, a read-only folder: the old graph stays
            self._abandon(staging)
            raise StoreError(f"cannot write to the store {self.spec} while loading {path}: "
                             f"{exc} (the store keeps what it held before)") from None
        if staging is not None and target is not None:  # (a staging graph implies a target)
            try:
                self.store.update(move_graph(staging, target))
            except OSError as exc:
                self._abandon(staging)
                raise StoreError(f"cannot write to the store {self.spec} while loading "
                                 f"{path}: {exc} (the store keeps what it held before)") from None
        if target is None:
            return [str(g.value) for g in self.store.named_graphs()]
        return [target.value]

    def _abandon(self, staging: ox.NamedNode | None) -> None:
        """Drop what a failed load left (its staging graph, its bulk files), if we can."""
        try:
            if staging is not None:
                self.store.remove_graph(staging)
        except OSError:
            pass  # the next load removes it (``remove_leftovers``)
        if isinstance(self, OxigraphBackend):
            remove_leftover_files(self.path)

    def load(self, files: Iterable[str | Path], graph: str | None = None,
             progress: Progress | None = None) -> LoadReport:
        start = time.perf_counter()
        paths = [Path(f) for f in files]
        if graph and len(paths) > 1:
            raise InputError("--graph names one graph: load one file with it")
        written: list[str] = []
        replaced = [graph_iri(p) for p in paths if self.store.contains_named_graph(
            ox.NamedNode(graph or graph_iri(p)))]
        for path in paths:
            for g in self._load_file(path, graph, progress, replace=True):
                if g not in written:
                    written.append(g)
        self.store.flush()
        if replaced and isinstance(self, OxigraphBackend):
            # a replaced graph leaves its old quads as tombstones (a reload grew a 50 MB
            # store to 640 MB): compacting gives the space back, in seconds
            try:
                self.store.optimize()
            except OSError:
                pass  # the data is in; only the space is not reclaimed yet
        return LoadReport(str(self.spec), written, self.triples(), time.perf_counter() - start)

    def triples(self) -> int | None:
        return len(self.store)


class MemoryBackend(_OxigraphBase):
    """The files (default: the bundled graph) in an Oxigraph store of their own: parsed
    into memory, or opened from the parsed-graph cache (``kgraph.cache``) when they were
    parsed before."""

    def __init__(self, files: Sequence[str | Path] = (), *, cache: bool = True) -> None:
        from kgraph import resources
        from kgraph.cache import cached_store

        self.spec = StoreSpec("memory")
        self.files = [Path(f) for f in files] or [resources.bundled_graph()]
        for path in self.files:
            _check_file(path)
            _ox_format(path)  # an unknown file type is an InputError before any work
        stored = cached_store(self.files, self._fill) if cache else None
        self.cached = stored is not None
        if stored is None:
            stored = ox.Store()
            self._fill(stored)
        self.store = stored

    def _fill(self, store: ox.Store) -> None:
        for path in self.files:
            fmt = _ox_format(path)
            to_graph = None if fmt.supports_datasets else ox.NamedNode(graph_iri(path))
            try:
                store.load(path=str(path), format=fmt, to_graph=to_graph)
            except SyntaxError as exc:
                raise _parse_error(path, exc) from None

    def load(self, files: Iterable[str | Path], graph: str | None = None,
             progress: Progress | None = None) -> LoadReport:
        paths = [Path(f) for f in files]
        if self.cached:  # a cached store is read-only: continue in memory
            self.store, self.cached = ox.Store(), False
            self._fill(self.store)
        report = super().load(paths, graph, progress)
        self.files += paths
        return report


_STAGING = re.compile(r"-loading-[0-9a-f]{32}$")  # the staging graphs of _load_file


def remove_leftover_files(path: Path) -> int:
    """Delete the bulk-load files (``bulk-*.sst``) a killed load left in a store folder;
    the bytes freed. Only for a store this process holds open for writing."""
    freed = 0
    for leftover in path.glob("bulk-*.sst"):
        try:
            size = leftover.stat().st_size
            leftover.unlink()
            freed += size
        except OSError:
            continue
    return freed


class OxigraphBackend(_OxigraphBase):
    """A persistent Oxigraph (RocksDB) store in a directory."""

    def __init__(self, path: str | Path, *, create: bool = False) -> None:
        self.path = Path(path)
        self.spec = StoreSpec("oxigraph", str(path))
        # the outermost folder this store makes, removed again if its first load fails
        self.made = next((p for p in reversed([self.path, *self.path.parents])
                          if not p.exists()), None) if create else None
        if not create and not (self.path / "CURRENT").is_file():
            raise StoreNotFound(
                f"no Oxigraph store at {self.path}: make one with "
                f"`kgraph load --store oxigraph:{self.path} FILES`"
            )
        try:
            # Readers open read-only so that several commands can query at once.
            self.store = ox.Store(str(self.path)) if create else ox.Store.read_only(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the Oxigraph store at {self.path}: {exc}") from None
        self.leftovers = self.remove_leftovers() if create else (0, 0)

    def remove_leftovers(self) -> tuple[int, int]:
        """Remove what killed loads left: staging graphs never swapped in (they would show
        in every query) and bulk-load files never ingested (they only take disk space).
        Safe while this process holds the store open for writing (RocksDB's lock: no other
        load runs). Returns (graphs, bytes) removed."""
        graphs = 0
        for g in list(self.store.named_graphs()):
            if isinstance(g, ox.NamedNode) and _STAGING.search(g.value):
                self.store.remove_graph(g)
                graphs += 1
        freed = remove_leftover_files(self.path)
        if graphs:
            self.store.optimize()
        return graphs, freed

    def load(self, files: Iterable[str | Path], graph: str | None = None,
             progress: Progress | None = None) -> LoadReport:
        """Load ``files`` as in ``_OxigraphBase.load``; if it fails into a store this backend
        made, that still holds nothing, ``close`` removes the store's folder (nothing
        written)."""
        try:
            return super().load(files, graph, progress)
        except BaseException:
            self.failed = True
            raise

    def close(self) -> None:
        """Close the store (RocksDB closes when dropped); a store this backend made whose
        load failed before anything was in it is removed with its folder."""
        empty = (self.store is not None and getattr(self, "failed", False)
                 and self.made is not None and len(self.store) == 0)
        self.store = None  # type: ignore[assignment]  # RocksDB closes when dropped
        if empty and self.made is not None:
            shutil.rmtree(self.made, ignore_errors=True)
            self.made = None

