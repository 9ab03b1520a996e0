"""Governance sentences: who owns, oversees, chairs or receives reports of what.

A sentence such as "… is overseen by the Kent Action on Alcohol Steering Group" names a
body after a governance verb; the body's name is the run of capitalised words that
follows (small words such as "of", "and", "for" allowed inside it). The subject is the
strategy whose table row holds the sentence (a "What is it?" cell: confidence medium) or,
in running text, a capitalised name right before "is/are <verb>" (confidence low). Every
link is a proposal for a reviewer, never merged silently.
"""

from __future__ import annotations

import re

from kgraph.extract.model import Extracted, Finding
from kgraph.extract.text import Document
from kgraph.provenance import Cite

VERBS = {
    "owned by": "ownedBy", "jointly owned by": "ownedBy", "overseen by": "overseenBy",
    "produced by": "producedBy", "developed by": "producedBy", "led by": "leadService",
    "lead by": "leadService", "reports to": "accountableTo", "report to": "accountableTo",
    "reporting to": "accountableTo", "accountable to": "accountableTo",
    "feeds into": "accountableTo",
}
_SMALL = {"of", "and", "for", "on", "the", "in", "&", "to"}
_VERB = re.compile(r"\b(" + "|".join(sorted(map(re.escape, VERBS), key=len, reverse=True))
                   + r")\s+(?:the\s+)?", re.IGNORECASE)
_WORD = re.compile(r"[A-Z][\w'’&-]*|[A-Z]{2,}|&")
_SUBJECT = re.compile(r"((?:[A-Z][\w'’-]*\s+){0,8}(?:Strategy|Plan|Framework|Board|Group|"
                      r"Partnership|Programme|Service|Services|Committee|Trust|Forum))\s+"
                      r"(?:is|are|will be|has been)\s+(?:\w+\s+)?$")


_BODY_END = re.compile(r"(Board|Group|Council|Forum|Partnership|Partnerships|Committee|Trust|"
                       r"Service|Services|Team|Authority|Police|Commissioner|Executive|"
                       r"Network|Alliance|Panel|Directorate|Department)$")
_SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-Z])")
_DELIVERY = re.compile(r"\b(?:the|its|local)\s+(delivery plans?|action plans?|"
                       r"implementation plans?)\s+(?:is|are)\s+\w*\s*$", re.IGNORECASE)


def _body_name(text: str) -> str:
    """The capitalised name at the start of ``text`` ("Kent Action on Alcohol Steering
    Group, which …" → "Kent Action on Alcohol Steering Group"), if it names a body (ends in
    Board, Group, Council … or is an acronym), else ""."""
    taken: list[str] = []
    for w in text.split():
        core = w.rstrip(".,;:)")
        if _WORD.fullmatch(core) or (taken and core.lower() in _SMALL):
            taken.append(core)
            if core != w:
                break
        else:
            break
    while taken and taken[-1].lower() in _SMALL:
        taken.pop()
    name = " ".join(taken)
    if len(taken) == 1 and name.isupper() and len(name) >= 3:
        return name
    return name if len(taken) >= 2 and _BODY_END.search(name) else ""


def _name_before(text: str) -> str:
    """The capitalised run that ends ``text`` ("… a multi agency Hidden Harm Working Group")."""
    words = text.split()
    taken: list[str] = []
    for w in reversed(words):
        if _WORD.fullmatch(w) or (taken and w.lower() in _SMALL):
            taken.insert(0, w)
        else:
            break
    while taken and taken[0].lower() in _SMALL:
        taken.pop(0)
    return " ".join(taken)


def sentences_links(text: str, subject: str, line: int, confidence: str, why: str
                    ) -> list[Finding]:
    """Governance links stated in ``text`` (a cell about ``subject``, or running text)."""
    out = []
    for sentence in _SENTENCE.split(text):
        for m in _VERB.finditer(sentence):
            body = _body_name(sentence[m.end():])
            if not body:
                continue
            before = sentence[:m.start()]
            subj, conf, reason, extra = subject, confidence, why, {}
            which = re.search(r"\b(?:which|that|who)\s+(?:\w+\s+)?$", before)
            delivery = _DELIVERY.search(before)
            if which:
                subj = _name_before(before[:which.start()])
                reason = why + ", said of the body named before 'which'"
                if not _BODY_END.search(subj):
                    continue
                if subj == body:
                    continue
            elif delivery and subject:
                extra = {"delivery": delivery.group(1)}
                reason = why + f", said of the strategy's {delivery.group(1)}"
            elif not subj:
                found = _SUBJECT.search(before)
                if not found:
                    continue
                subj, conf = re.sub(r"^(The|This|Our)\s+", "", found.group(1).strip()), "low"
            quote = sentence.strip()
            if len(quote) > 220:
                a = max(0, m.start() - 100)
                quote = sentence[a:m.end() + len(body) + 1].strip()
                if a:
                    quote = quote.split(" ", 1)[-1]
            out.append(Finding("governance", f"{subj} {m.group(1)} {body}", Cite(line, quote),
                               conf, reason, subject=subj, object=body,
                               relation=VERBS[m.group(1).lower()], extra=extra))
    return out


def find_governance(doc: Document, found: Extracted) -> None:
    """Add to ``found`` the governance links (owns, oversees, chairs, reports to...) stated in
    ``doc``'s strategy rows and in its running text."""
    in_rows = {f.cite.line for m in found.matrices for f in m.rows if f.kind == "Strategy"}
    for m in found.matrices:
        for row in m.rows:
            if row.kind == "Strategy" and row.description:
                found.findings.extend(sentences_links(
                    row.description, row.label, row.cite.line, "medium",
                    "a governance phrase in the strategy's own table row"))
    for line in doc.lines:
        if line.no in in_rows or line.is_table_row or not line.text:
            continue
        found.findings.extend(sentences_links(
            line.text, "", line.no, "low", "a governance phrase in running text"))
