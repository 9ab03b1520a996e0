"""The search page's model and the index the client-side search (MiniSearch, vendored in
``static/vendor``) looks through: every entity page and source page, with its name, its
other names, its codes (a priority's notation, an indicator's national code) and its
description.

Codes are also stored without spaces or punctuation ("NI 117" and "NI117" are one code),
so the browser can match either spelling; the matching itself (tokens, prefixes, typos,
ranking) is MiniSearch's, configured in ``static/search.js``.
"""

from __future__ import annotations

import re
from typing import Any

from kgraph.explorer import kinds
from kgraph.explorer.facts import type_label
from kgraph.namespaces import DCTERMS, KG, SKOS

NOTATION = str(SKOS.notation)
CODE = str(KG.nationalCode)
DESCRIPTION = str(DCTERMS.description)
DESCRIPTION_CHARS = 400  # what the index keeps of a description (the page has all of it)


def compact(text: str) -> str:
    """A code as one token: 'NI 117' and 'NI117' → 'ni117'; 'Priority 3' → 'priority3'."""
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


def search_page(data: Any) -> dict[str, Any]:
    """The search page model: its title, path and how many entries the index holds."""
    return {"kind": "search", "title": "Search", "path": data.urls.search(),
            "entries": len(data.catalogue.entities) + len(data.catalogue.documents)}


def search_index(data: Any) -> list[dict[str, Any]]:
    """One entry per page: l label, t type in words, f family, u path, a other names,
    c codes (as printed and compacted), d description (cut at DESCRIPTION_CHARS)."""
    cat = data.catalogue
    paths = data.urls.all_entity_paths()
    out = []
    for slug, e in cat.entities.items():
        fam = kinds.family(e.type)
        others = [lab for lab in cat.labels.get(slug, []) if lab != e.label]
        codes = sorted({c for c in (cat.literal(slug, NOTATION), cat.literal(slug, CODE)) if c})
        description = cat.literal(slug, DESCRIPTION) or ""
        if len(description) > DESCRIPTION_CHARS:
            description = description[:DESCRIPTION_CHARS - 1] + "…"
        out.append({"l": e.label, "t": type_label(e.type), "f": fam.name, "u": paths[slug],
                    "a": others, "c": sorted(set(codes) | {compact(c) for c in codes}),
                    "d": description})
    for doc, path in data.urls.all_source_paths().items():
        out.append({"l": cat.documents[doc], "t": "source document", "f": "source",
                    "u": path, "a": [doc], "c": [], "d": ""})
    return sorted(out, key=lambda d: (d["l"].casefold(), d["u"]))
