"""The one place the explorer makes paths: every file the build writes and every link a
page holds comes from a ``Urls``.

Paths are relative, so the site works from ``file://`` and under any folder of a static
host. ``Urls(...)`` answers with paths from the site root (what the build writes);
``urls.at(page)`` answers with links relative to that page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from urllib.parse import quote

from kgraph.explorer.kinds import family

HOME = "index.html"
COVERAGE = "coverage.html"
FINDINGS = "findings.html"
NETWORK = "network.html"
ENTITIES = "entities.html"
SOURCES = "sources.html"
SEARCH = "search.html"
GUIDE = "how-to-read.html"
SEARCH_INDEX = "search-index.js"
NETWORK_DATA = "network-data.js"
MARKER = ".kgraph-site"  # marks a folder the build may replace

_SAFE = re.compile(r"[a-z0-9][a-z0-9_.-]{0,80}")


def safe_name(text: str) -> str:
    """A file-name-safe form of a slug or document id: itself when it is a plain slug,
    else a readable prefix plus a short hash (so distinct texts never collide)."""
    if _SAFE.fullmatch(text) and ".." not in text:
        return text
    stem = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40] or "x"
    return f"{stem}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"


def _stem(doc: str) -> str:
    return doc[:-4] if doc.endswith(".txt") else doc


class Urls:
    """Paths of the site. ``kinds`` maps each entity slug that has a page to its kgraph
    type; ``docs`` are the source-document ids that have a page."""

    def __init__(self, kinds: Mapping[str, str], docs: set[str] | frozenset[str],
                 current: str = "") -> None:
        self._kinds = kinds
        self._docs = frozenset(docs)
        self.current = current
        self.root = "../" * current.count("/")

    def at(self, page: str) -> Urls:
        """The same paths, as links from ``page`` (a path from the site root)."""
        return Urls(self._kinds, self._docs, page)

    def _link(self, path: str) -> str:
        return self.root + path

    # pages of the site
    def home(self) -> str:
        """The link to the home page, relative to the current page."""
        return self._link(HOME)

    def coverage(self, plan: str | None = None) -> str:
        """The link to the coverage page, at ``plan``'s matrix if given."""
        return self._link(COVERAGE + (f"#{self.anchor('plan', plan)}" if plan else ""))

    def findings(self, section: str | None = None) -> str:
        """The link to the findings page, at the ``section`` (a gap kind) if given."""
        return self._link(FINDINGS + (f"#{self.anchor('kind', section)}" if section else ""))

    def network(self, focus: str | None = None) -> str:
        """The link to the network view, focused on ``focus`` (a slug) if given."""
        return self._link(NETWORK + (f"#focus={quote(focus, safe='')}" if focus else ""))

    def entities(self, family_name: str | None = None) -> str:
        """The link to the A to Z page, at ``family_name``'s group if given."""
        return self._link(ENTITIES + (f"#{self.anchor('family', family_name)}"
                                      if family_name else ""))

    def sources(self) -> str:
        """The link to the source documents page."""
        return self._link(SOURCES)

    def search(self) -> str:
        """The link to the search page."""
        return self._link(SEARCH)

    def guide(self, term: str | None = None) -> str:
        """The "how to read this" page with its glossary (at ``term``)."""
        return self._link(GUIDE + (f"#{self.anchor('term', term)}" if term else ""))

    def entity(self, slug: str | None) -> str | None:
        """An entity's page, or None when the site has no page for it."""
        if not slug or slug not in self._kinds:
            return None
        return self._link(f"{family(self._kinds[slug]).name}/{safe_name(slug)}.html")

    def source(self, doc: str | None, line: int | None = None) -> str | None:
        """A source document's page (at ``line``), or None when it has none."""
        if not doc or doc not in self._docs:
            return None
        path = f"source/{safe_name(_stem(doc))}.html"
        return self._link(path + (f"#{self.anchor('L', str(line))}" if line else ""))

    def static(self, name: str) -> str:
        """The link to static file ``name`` (under static/)."""
        return self._link(f"static/{name}")

    def data(self, name: str) -> str:
        """The link to the site data file ``name`` (at the site's root)."""
        return self._link(name)

    @staticmethod
    def twin(path: str) -> str:
        """The JSON twin of a page: same place, .json (fragments dropped)."""
        return path.split("#", 1)[0].rsplit(".", 1)[0] + ".json"

    def json_twin(self) -> str:
        """The JSON twin of the current page, as a link from it."""
        return self.twin(self.current.rsplit("/", 1)[-1])

    @staticmethod
    def anchor(kind: str, key: str) -> str:
        """An element id within a page (the same text in the id and in every link to it)."""
        sep = "" if kind == "L" else "-"
        return f"{kind}{sep}{safe_name(key)}"

    def all_entity_paths(self) -> dict[str, str]:
        """slug → page path from the site root (for the build and the search index)."""
        return {slug: f"{family(kind).name}/{safe_name(slug)}.html"
                for slug, kind in sorted(self._kinds.items())}

    def all_source_paths(self) -> dict[str, str]:
        """The site path of every document's page, by document id."""
        return {doc: f"source/{safe_name(_stem(doc))}.html" for doc in sorted(self._docs)}
