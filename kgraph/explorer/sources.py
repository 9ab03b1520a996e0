"""The source-document pages: one per document, with its full text, every line numbered
and anchored (``#L123``), and beside each cited line what the graph takes from it (a
verbatim quote shown as a quote, a curator's note as a note).

The text is read from the seed documents (``kgraph.resources.seeds()``); when a build
cannot find them, the page lists the cited lines only and says so.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from kgraph import resources
from kgraph.explorer.pages import ref, source_ref


def _seed_text(doc: str) -> list[str] | None:
    path = Path(resources.seeds()) / doc
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None


def sources_page(data: Any) -> dict[str, Any]:
    """The sources page model: each document with its title and number of citations."""
    counts: dict[str, int] = defaultdict(int)
    for c in data.catalogue.citations:
        counts[c.doc] += 1
    return {"kind": "sources", "title": "Source documents", "path": data.urls.sources(),
            "documents": [{"doc": d, "title": t, "citations": counts[d]}
                          for d, t in sorted(data.catalogue.documents.items())]}


_CITED: dict[int, tuple[Any, dict[str, dict[int, list[dict[str, Any]]]]]] = {}


def _cited(data: Any, doc: str) -> dict[int, list[dict[str, Any]]]:
    """The cited lines of ``doc``: every document's are gathered in one pass over the
    citations and findings (once per site: per document, the build grew with the square
    of the graph, 218 s for the 1,382 source pages at 10^6 triples)."""
    held = _CITED.get(id(data))
    if held is None or held[0] is not data:
        _CITED.clear()
        by_doc: dict[str, dict[int, list[dict[str, Any]]]] = defaultdict(
            lambda: defaultdict(list))
        for c in data.catalogue.citations:
            by_doc[c.doc][c.line].append({"entity": ref(data, c.entity), "what": c.what,
                                          "target": ref(data, c.target), "quote": c.quote,
                                          "flag": c.flag or "", "note": c.note or ""})
        for r in data.gaps.to_dict(orient="records"):
            s = source_ref(r["source"])
            if s and s["line"] not in by_doc[s["doc"]]:
                by_doc[s["doc"]][s["line"]].append({
                    "entity": ref(data, r["entity"], r["label"]), "what": r["evidence"],
                    "target": None, "quote": s["quote"], "flag": "", "note": ""})
        held = _CITED[id(data)] = (data, by_doc)
    lines: dict[int, list[dict[str, Any]]] = defaultdict(list)
    lines.update(held[1].get(doc, {}))
    return lines


def source_page(data: Any, doc: str) -> dict[str, Any]:
    """The page model of document ``doc``: its lines (the seed text if found, else the cited lines
    only), each with the citations made there."""
    cited = _cited(data, doc)
    text = _seed_text(doc)
    if text is None:
        lines: list[dict[str, Any]] = [{"line": n, "text": None, "citations": cited[n]}
                                       for n in sorted(cited)]
    else:
        lines = [{"line": n, "text": t, "citations": cited.get(n, [])}
                 for n, t in enumerate(text, start=1)]
    return {"kind": "source", "title": data.catalogue.documents.get(doc, doc),
            "path": data.urls.source(doc), "doc": doc, "full_text": text is not None,
            "line_count": len(text) if text is not None else None,
            "cited_lines": len(cited), "lines": lines}
