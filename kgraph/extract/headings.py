"""The plan's own structure: its title, vision, outcomes and priorities.

Plans number their outcomes and priorities ("Outcome 1:", "### Priority 3",
"**Priority 2: To draw on …**"), and often name them again later (a summary, a table
header). Each number is drafted once, from its best heading: one that is a heading or bold
line with the number and its name (on the line or the next one), before any mention in
running text.
"""

from __future__ import annotations

import re

from kgraph.extract.model import Extracted, Finding
from kgraph.extract.text import Document, Line
from kgraph.provenance import Cite

_NUMBERED = re.compile(
    r"^(?P<kind>outcome|priority)\s+(?P<no>\d{1,2})\b\s*[:.\-–—]?\s*(?P<rest>.*)$", re.IGNORECASE)
_VISION_HEAD = re.compile(r"^(?:our|one|the)?\s*vision\b\s*[:.]?\s*(?P<rest>.*)$", re.IGNORECASE)


def _next_text(doc: Document, line: Line, limit: int = 3) -> Line | None:
    """The next non-empty line within ``limit`` lines, if it is plain text (not a heading,
    not a table row)."""
    for no in range(line.no + 1, min(len(doc.lines), line.no + limit) + 1):
        nxt = doc.line(no)
        if not nxt.text:
            continue
        if nxt.heading_level or nxt.is_table_row or _NUMBERED.match(nxt.text):
            return None
        return nxt
    return None


def _standalone(doc: Document, line: Line) -> bool:
    """A short line on its own (blank lines around it, no full stop): a heading in a
    document whose conversion kept no bold or heading marks (PDF, some DOCX)."""
    if doc.kind == "text" or len(line.text) > 120 or line.text.endswith("."):
        return False
    before = doc.lines[line.no - 2].text if line.no >= 2 else ""
    after = doc.lines[line.no].text if line.no < len(doc.lines) else ""
    return not before or not after


def _candidates(doc: Document, kind: str):
    for line in doc.lines:
        if line.is_table_row or line.bullet is not None:
            continue
        m = _NUMBERED.match(line.text)
        if not m or m.group("kind").lower() != kind:
            continue
        marked = bool(line.heading_level) or line.bold or _standalone(doc, line)
        rest = m.group("rest").strip()
        if rest.startswith("("):  # "**Priority 2** (Improve …) This year …": a mention
            continue
        if rest:
            if not marked or len(rest) > 240:
                continue
            yield m.group("no"), rest, line, line, "a numbered heading with its name"
        elif marked:
            body = _next_text(doc, line)
            if body is not None and len(body.text) <= 240:
                yield (m.group("no"), body.text, line, body,
                       "a numbered heading, its name on the next line")


def find_numbered(doc: Document, found: Extracted) -> None:
    """Outcomes and priorities, one finding per number (the first good heading)."""
    for kind in ("outcome", "priority"):
        seen: dict[str, Finding] = {}
        for no, name, head, body, why in _candidates(doc, kind):
            name = name.rstrip(" .:")
            if no in seen:
                first = seen[no]
                if name.casefold() != first.label.casefold():
                    first.extra.setdefault("aliases", [])  # type: ignore[arg-type]  # extra holds a list here
                    aliases = first.extra["aliases"]
                    if name not in aliases and len(name) <= 120:
                        aliases.append(name)  # type: ignore[attr-defined]  # the list set above
                continue
            seen[no] = Finding(kind.capitalize(), name, Cite(body.no, body.text), "high", why,
                               number=no, extra={"heading_line": str(head.no)})
        found.findings.extend(seen.values())


def find_vision(doc: Document, found: Extracted) -> None:
    """A heading "Vision" / "One Vision" / "Our vision" followed by one short statement."""
    for line in doc.lines[:400]:
        if not (line.heading_level or line.bold) or len(line.text) > 60:
            continue
        m = _VISION_HEAD.match(line.text)
        if not m:
            continue
        if m.group("rest") and len(m.group("rest")) > 20:
            text, cite = m.group("rest"), line
        else:
            body = _next_text(doc, line)
            if body is None or len(body.text) > 300:
                continue
            text, cite = body.text, body
        found.findings.append(Finding("Vision", text.rstrip("."), Cite(cite.no, cite.text),
                                      "medium", "the statement under a 'Vision' heading"))
        return


def find_title(doc: Document, found: Extracted, title: str | None = None) -> None:
    """The plan's name: given by the user, else the first bold or heading line near the top."""
    if title:
        for line in doc.lines[:80]:
            if title.casefold() in line.text.casefold():
                found.title = Finding("StrategicPlan", title, Cite(line.no, line.text), "high",
                                      "named by the reviewer (--title), found on this line")
                return
        found.title = Finding("StrategicPlan", title, Cite(1, doc.lines[0].text if doc.lines
                                                           else ""), "high",
                              "named by the reviewer (--title); not found near the top")
        return
    for line in doc.lines[:60]:
        if (line.heading_level or line.bold) and 3 <= len(line.text) <= 120 \
                and not re.match(r"^(contents|introduction|foreword)\b", line.text, re.I):
            found.title = Finding("StrategicPlan", line.text.strip("*' "),
                                  Cite(line.no, line.text), "low",
                                  "the first heading of the document: check it is the plan's "
                                  "name (or give --title)")
            return
    first = next((ln for ln in doc.lines if ln.text), None)
    if first is not None:
        found.title = Finding("StrategicPlan", first.text[:120], Cite(first.no, first.text),
                              "low", "the document's first line: give --title")
