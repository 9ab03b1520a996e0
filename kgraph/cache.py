"""A parsed-graph cache for the memory backend: the files loaded once into an Oxigraph
store on disk, keyed on their contents, then opened read-only in milliseconds.

Where: ``$KGRAPH_CACHE`` (``off`` turns the cache off), else ``$XDG_CACHE_HOME/kgraph``,
else ``~/.cache/kgraph``. Only small inputs are cached (a big graph belongs in
``oxigraph:PATH``), and only while the parsed store stays small too (``MAX_ENTRY_BYTES``
on disk: an input's size says little about what it parses into); the few most recently
used entries are kept. Any problem with the
cache folder falls back to parsing into memory: the cache can only make start-up faster.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pyoxigraph as ox

MAX_INPUT_BYTES = 32 * 2**20  # bigger inputs are parsed into memory every time
MAX_ENTRY_BYTES = 8 * MAX_INPUT_BYTES  # a bigger parsed store is not kept
KEEP = 4  # cache entries kept (most recently used)


class _TooBig(Exception):
    """The parsed store outgrew MAX_ENTRY_BYTES: it is not cached."""


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def cache_root() -> Path | None:
    """The folder the parsed-graph cache lives in: $KGRAPH_CACHE, else $XDG_CACHE_HOME/kgraph or
    ~/.cache/kgraph; None when KGRAPH_CACHE is off, 0, no or false."""
    setting = os.environ.get("KGRAPH_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kgraph"


def key(files: Sequence[Path]) -> str:
    """A hash of the files' names and contents, in order."""
    digest = hashlib.blake2b(digest_size=16)
    for path in files:
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def cached_store(files: Sequence[Path], fill: Callable[[ox.Store], None]) -> ox.Store | None:
    """A read-only store holding ``files``: from the cache, or made now with ``fill``
    (which may raise, e.g. a ParseError; nothing is cached then). None: no cache."""
    root = cache_root()
    try:
        if root is None or sum(p.stat().st_size for p in files) > MAX_INPUT_BYTES:
            return None
        entry = root / key(files)
        if not (entry / "CURRENT").is_file():
            root.mkdir(parents=True, exist_ok=True)
            building = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
            try:
                store = ox.Store(str(building))
                fill(store)
                store.flush()
                del store  # closes RocksDB before the folder moves
                if _folder_bytes(building) > MAX_ENTRY_BYTES:
                    raise _TooBig
                os.rename(building, entry)
            except _TooBig:
                return None
            except OSError:
                if not (entry / "CURRENT").is_file():
                    raise
            finally:
                shutil.rmtree(building, ignore_errors=True)  # lost a race, or failed
            _prune(root, keep=entry)
            _sweep(root)
        os.utime(entry, (time.time(), time.time()))
        return ox.Store.read_only(str(entry))
    except OSError:
        return None


def _prune(root: Path, keep: Path) -> None:
    entries = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [p for p in entries if p != keep][KEEP - 1:]:
        shutil.rmtree(old, ignore_errors=True)


def _sweep(root: Path, older_than: float = 3600.0) -> None:
    """Remove ``.building-*`` folders a killed run left behind (an hour old or more)."""
    now = time.time()
    for stale in root.glob(".building-*"):
        try:
            if now - stale.stat().st_mtime > older_than:
                shutil.rmtree(stale, ignore_errors=True)
        except OSError:
            pass
