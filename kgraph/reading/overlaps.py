"""Overlaps (``kgraph overlaps``) for reading: identical groups, similar pairs, clusters, aliases."""

from __future__ import annotations

from typing import Any

from kgraph.reading.words import ReaderWords, records, terminal_width


def overlaps_view(result: Any, fmt: str, words: ReaderWords, threshold: float,
                  plan: str | None = None, width: int | None = None) -> str:
    """Overlaps (``kgraph overlaps``) for reading, plan by plan: the groups of strategies
    that serve exactly the same priorities (with those priorities), the similar pairs that
    are not one of those groups (with their similarity and what they share), the clusters;
    then one strategy under several names, with the documents by title. What similarity
    means is said once at the top. csv and json keep the four tables with their ids."""
    import textwrap

    md = fmt == "markdown"
    width = width or terminal_width()
    about = words.plans.get(plan, plan) if plan else None
    head = f"Overlaps: {about}" if about else "Overlaps: every plan"
    out = [f"# {head}", ""] if md else [*textwrap.wrap(head, width=width), ""]

    def wrap(text: str, indent: str, more: str = "  ") -> list[str]:
        if md:
            return [text]
        return textwrap.wrap(text, width=width, initial_indent=indent,
                             subsequent_indent=indent + more, break_on_hyphens=False)

    def heading(text: str, level: int, indent: str = "") -> list[str]:
        return [f"{'#' * level} {text}", ""] if md else wrap(text, indent, "")

    def item(text: str, indent: str) -> list[str]:
        return [f"- {text}"] if md else wrap(f"• {text}", indent)

    out += [*wrap(f"Similarity is the share of priorities two strategies have in common: the "
                  f"priorities both serve, divided by the priorities either serves (1.0: exactly "
                  f"the same ones). Pairs are listed from {threshold:g}.", "", ""), ""]
    identical, similar, clusters = (records(result.identical), records(result.similar),
                                    records(result.clusters))
    plans = list(dict.fromkeys(str(r["plan"]) for r in [*identical, *similar, *clusters]))
    if not plans:
        out += ["No two strategies of a plan serve the same priorities.", ""]
    for p in sorted(plans, key=lambda slug: str(words.plans.get(slug, slug)).casefold()):
        title = words.plans.get(p, p)
        if title != about:
            out += [*heading(title, 2), *([] if md else [""])]
        groups = [r for r in identical if r["plan"] == p]
        group_of: dict[str, str] = {}
        if groups:
            out += heading(f"Identical coverage: {len(groups)} group{'s' if len(groups) != 1 else ''}"
                           " of strategies serving exactly the same priorities", 3, "  ")
            for g in groups:
                name = f"Group {g['group']}"
                for s in str(g["strategies"]).split("; "):
                    group_of[s] = name
                out += item(f"{name}, {g['size']} strategies: {g['strategies']}", "    ")
                out += wrap(f"all serve {g['priorities']}", "        ") if not md else [
                    f"  - all serve {g['priorities']}"]
            out.append("")
        # a pair of strategies from two groups is said once for the two groups
        said: dict[tuple[str, str], dict[str, Any]] = {}
        same = 0
        for r in similar:
            if r["plan"] != p:
                continue
            if float(r["jaccard"]) >= 1.0:
                same += 1
                continue
            a, b = group_of.get(str(r["a"]), str(r["a"])), group_of.get(str(r["b"]), str(r["b"]))
            said.setdefault((a, b) if a <= b else (b, a), r)
        if said or same:
            out += heading(f"Similar pairs: {len(said)} (a group above stands for each of its "
                           "strategies)", 3, "  ")
            if same:
                out += wrap(f"The {same} pairs within the groups above are not repeated.",
                            "    ")
            for (a, b), r in sorted(said.items(), key=lambda kv: (-float(kv[1]["jaccard"]), kv[0])):
                out += item(f"{a} and {b}: similarity {float(r['jaccard']):.2f}, both serve "
                            f"{r['shared']}", "    ")
            out.append("")
        mine = [r for r in clusters if r["plan"] == p]
        if mine:
            out += heading("Clusters: strategies drawn together by their similar pairs", 3, "  ")
            for c in mine:
                out += item(f"{c['size']} strategies: {c['strategies']}", "    ")
            out.append("")
    aliases = records(result.aliases)
    if aliases:
        out += heading("One strategy under several names"
                       + (" (in every document, not only this plan)" if about else ""), 2)
        if not md:
            out.append("")
        for r in aliases:
            names = [n for n in str(r["names"]).split(" | ") if n and n != r["label"]]
            docs = [words.documents.get(d, d) for d in str(r["documents"] or "").split()]
            text = f"{r['label']}: also {'; '.join(names)}" if names else str(r["label"])
            out += item(text + (f" (in {'; '.join(docs)})" if docs else ""), "  ")
    return "\n".join(out).rstrip() + "\n"
