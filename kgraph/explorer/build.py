"""Build the static explorer: graph → page models (pages.py) → Jinja templates → files.

The site is written into a temporary folder beside the target and swapped in (``_swap``):
on Linux by one atomic exchange of the two folders (``renameat2(RENAME_EXCHANGE)``), so a
build killed at any moment leaves a complete site, old or new, at the path; elsewhere by
two renames, and a build killed between them is recovered by the next one. Builds of one
target take a lock, so a build can tell its leftovers from a running build's and removes
them (``_recover``). A failed build leaves the previous site as it was. Output is
deterministic: sorted data, no timestamps, JSON with sorted keys, so building twice gives
identical files.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from kgraph import resources
from kgraph.errors import InputError, output_error
from kgraph.explorer import pages, search, sources, urls
from kgraph.explorer.pages import SiteData
from kgraph.explorer.sitedata import note_terms

HERE = Path(__file__).resolve().parent
TEMPLATE_OF = {"outcome": "priority.html", "activity": "entity.html", "entity": "entity.html"}


@dataclass(frozen=True)
class BuildResult:
    """A built site: its folder, the number of pages and of files written, and the seconds it took.
    """

    path: Path
    pages: int
    files: int
    seconds: float


def default_output() -> Path:
    """site/ at the root of a source checkout; else site/ in the current folder."""
    root = resources.project_root()
    return root / "site" if (root / "pyproject.toml").is_file() else Path.cwd() / "site"


def environment() -> Environment:
    """The Jinja environment for the site's templates: autoescaped, StrictUndefined, with the
    ``num`` filter."""
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = _number
    env.filters["as_printed"] = as_printed
    return env


# The markup the PDF-to-text conversion left in the seeds: bold, superscript and underline
# around words, list items and paragraphs on single lines.
_INLINE = re.compile(r"&lt;(b|sup|u)&gt;(.*?)&lt;/\1&gt;")
_BLOCK = {"&lt;li&gt;": "\u2022 ", "&lt;/li&gt;": "", "&lt;p&gt;": "", "&lt;/p&gt;": "",
          "&lt;ul&gt;": "", "&lt;/ul&gt;": ""}


def as_printed(text: Any) -> Any:
    """A converted source line as the document printed it: the text escaped, then the
    conversion's own tags read — <b> as bold, <sup> and <u> as such, a list item as a bullet
    (paragraph and list tags dropped). A tag without its pair stays as written, escaped."""
    if not isinstance(text, str):
        return text
    out = str(escape(text))
    for _ in range(3):  # <b>…<sup>1</sup>…</b>: the inner pair on the next pass
        done = _INLINE.sub(lambda m: f"<{_TAG[m[1]]}>{m[2]}</{_TAG[m[1]]}>", out)
        if done == out:
            break
        out = done
    for raw, shown in _BLOCK.items():
        out = out.replace(raw, shown)
    return Markup(out)


_TAG = {"b": "strong", "sup": "sup", "u": "u"}


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def to_json(value: Any) -> str:
    # compact: json's C encoder only runs without indent (a third of the build time else)
    """``value`` as compact, key-sorted JSON (non-ASCII kept) with a final newline: a page's JSON
    twin."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def to_script(name: str, value: Any) -> str:
    """A JS file that sets ``window.NAME`` (pages read data by <script src>: a browser
    will not fetch() JSON from file://). <, > and & are escaped so the text is inert."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, esc)
    return f"window.{name} = {text};\n"


def plain_words(terms: dict[str, str]) -> Any:
    """A filter for curators' notes: every whole id in ``terms`` (an entity's slug, a
    relation's name) replaced by the words a reader knows it by; other text as written."""
    def plain(text: Any) -> Any:
        if not isinstance(text, str) or not terms:
            return text
        return _TOKEN.sub(lambda m: terms.get(m.group(0), m.group(0)), text)
    return plain


_TOKEN = re.compile(r"(?<![\w-])\w+(?:-\w+)*(?![\w-])")  # a word or a hyphenated id


class SiteWriter:
    """Renders page models into a folder; every path comes from ``links``."""

    def __init__(self, folder: Path, links: urls.Urls, info: dict[str, Any]) -> None:
        self.folder = folder
        self.links = links
        self.info = info  # what every page's footer says about the graph
        self.env = environment()
        self.env.filters["plain"] = plain_words(info.get("terms", {}))
        self.pages = 0
        self.files = 0

    def write(self, path: str, text: str) -> None:
        """Write ``text`` to ``path`` inside the site folder (folders made as needed) and count the
        file."""
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        self.files += 1

    def page(self, model: dict[str, Any], template: str | None = None) -> None:
        """Render the page ``model`` with ``template`` (default: its kind's) and write it with its
        JSON twin."""
        path = model["path"]
        name = template or f"{model['kind']}.html"
        html = self.env.get_template(name).render(page=model, urls=self.links.at(path),
                                                  site=self.info)
        self.write(path, html)
        self.write(urls.Urls.twin(path), to_json(model))
        self.pages += 1

    def static(self) -> None:
        """Copy the packaged static files (CSS, scripts, vendored libraries) into the site's static/
        folder."""
        source = HERE / "static"
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            target = self.folder / "static" / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            self.files += 1

    def network(self, model: dict[str, Any]) -> None:
        """Write the network view's data script and its page."""
        self.write(urls.NETWORK_DATA, to_script("KGRAPH_NETWORK", model))
        self.page(model)

    def search_index(self, index: list[dict[str, Any]]) -> None:
        """Write the search ``index`` as a script (for file://) and as search-index.json."""
        self.write(urls.SEARCH_INDEX, to_script("KGRAPH_SEARCH", index))
        self.write("search-index.json", to_json(index))


def write_pages(writer: SiteWriter, data: SiteData) -> None:
    """Every page of the site, its data files and the static assets."""
    writer.page(pages.home(data), "home.html")
    writer.page(pages.coverage_page(data))
    writer.page(pages.findings_page(data))
    writer.page(pages.entities_page(data))
    writer.page(sources.sources_page(data))
    writer.page(search.search_page(data))
    writer.page(pages.guide_page(data))
    for doc in data.catalogue.documents:
        writer.page(sources.source_page(data, doc))
    for slug in data.catalogue.entities:
        model = pages.entity_page(data, slug)
        writer.page(model, TEMPLATE_OF.get(model["kind"], f"{model['kind']}.html"))
    writer.network(pages.network(data))
    writer.search_index(search.search_index(data))
    writer.static()
    writer.write(urls.MARKER, "A site built by `kgraph site build`; the next build replaces "
                              "this folder.\n")


def write_network_view(model: dict[str, Any], folder: Path) -> None:
    """Only the network page and what it loads, for a ready network model (a generated
    one in benchmarks/site_render.py): the same template and scripts as a full site."""
    writer = SiteWriter(folder, urls.Urls({}, set()),
                        {"name": "kgraph explorer", "triples": 0, "entities": len(model["nodes"])})
    writer.network(model)
    writer.search_index([])
    writer.static()


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise InputError(f"{target}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / urls.MARKER).is_file():
        raise InputError(f"{target}: folder is not empty and holds no kgraph site; "
                         "choose another output folder (-o) or empty it")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2``); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is; the old site is removed last."""
    if not target.exists():
        os.replace(new, target)
        return
    if _exchange(new, target):  # ``new`` now holds the old site
        shutil.rmtree(new, ignore_errors=True)
        return
    old = target.parent / f".{target.name}.old.{os.getpid()}"
    os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _leftovers(target: Path) -> list[Path]:
    """Temporary folders of earlier builds of ``target`` (new ones, and old sites)."""
    found = [*target.parent.glob(f".{target.name}.*.tmp"),
             *target.parent.glob(f".{target.name}.old.*")]
    return sorted(p for p in found if p.is_dir() and not p.is_symlink())


def _recover(target: Path) -> None:
    """Called holding the lock: whatever leftovers exist are from killed builds. If the
    target is missing (killed between two renames), put back the newest complete site;
    then remove the rest."""
    leftovers = _leftovers(target)
    if not target.exists():
        complete = [p for p in leftovers
                    if (p / urls.MARKER).is_file() and (p / urls.HOME).is_file()]
        if complete:
            best = max(complete, key=lambda p: (p.name.endswith(".tmp"), p.stat().st_mtime))
            os.replace(best, target)
            leftovers.remove(best)
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)


class _Lock:
    """An exclusive lock on the target's parent folder, held for one build (no lock file
    is left behind; builds into one folder take turns)."""

    def __init__(self, target: Path) -> None:
        self.path = target.parent

    def __enter__(self) -> _Lock:
        self.fd = os.open(self.path, os.O_RDONLY)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)  # releases the lock


def write_site(data: SiteData, output: Path) -> tuple[int, int]:
    """Write the whole site for ``data`` into ``output`` atomically; (pages, files)."""
    target = Path(output).resolve()
    _check_target(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(target, exc) from None
    with _Lock(target):
        _recover(target)
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp",
                                        dir=target.parent))
        except OSError as exc:
            raise output_error(target, exc) from None
        try:
            writer = SiteWriter(tmp, data.urls, {"name": "kgraph explorer",
                                                 "triples": data.triples,
                                                 "entities": len(data.catalogue.entities),
                                                 "documents": data.catalogue.documents,
                                                 "terms": note_terms(data)})
            write_pages(writer, data)
            tmp.chmod(0o755)
            _swap(tmp, target)
        except BaseException as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if isinstance(exc, OSError):
                raise output_error(target, exc) from None
            raise
    return writer.pages, writer.files


def build_site(source: Any = None, output: str | Path | None = None,
               min_strategies: int = 3) -> BuildResult:
    """Build the site of ``source`` into ``output`` (default: ``default_output()``) and say
    how long it took. ``source``: an rdflib Graph, a kgraph backend, or RDF file paths
    (default: the bundled graph, in the memory backend)."""
    start = time.perf_counter()
    target = Path(output) if output else default_output()
    _check_target(target.resolve())
    graph = source
    if not hasattr(source, "query"):  # paths (or None): the fast in-memory store
        from kgraph.backends import open_backend

        graph = open_backend("memory", [str(p) for p in source or ()])
    n_pages, n_files = write_site(pages.collect(graph, min_strategies), target)
    return BuildResult(target, n_pages, n_files, time.perf_counter() - start)
