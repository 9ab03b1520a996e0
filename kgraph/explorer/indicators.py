"""An indicator's values as its page shows them: a chart on one shared scale, a table with
the source line of every value, and the same table as a CSV file (RFC 4180).

Periods are put in time order by their dates ("2008/09" starts in April 2008, "June
2009" in June 2009); a period with no date ("latest") is kept apart, never joined to a
yearly line. A flagged value is drawn distinctly and its doubt said in words.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from typing import Any
from urllib.parse import quote

from kgraph.explorer import diagrams
from kgraph.explorer.sitedata import SiteData
from kgraph.namespaces import short
from kgraph.vocabulary import AREA_ORDER, area_name, period_date

# What each data-quality flag means, in the words of the ontology's comments.
DOUBTS = {
    "garbled": "The conversion of the source damaged the text that gives this value.",
    "shifted-column": "In the source table this value may sit under the wrong column.",
    "repeated-row": "The source table repeats this row.",
    "ambiguous": "The source can be read two ways; the note says which reading was taken.",
    "truncated": "The source text is cut off here.",
    "missing": "The source promises this value and does not give it.",
    "conflicting": "Two places in the sources disagree about this value.",
}
CSV_COLUMNS = ["indicator code", "indicator", "area", "period", "measure", "value as written",
               "value", "doubt", "source document", "line", "quote", "note"]


def _unit(rows: list[dict[str, Any]]) -> str:
    if rows and any("%" in (r["valueText"] or "") for r in rows):
        return "per cent (%)"
    return ""


_VALUES: dict[int, tuple[Any, dict[str, list[dict[str, Any]]]]] = {}


def _values_of(data: SiteData) -> dict[str, list[dict[str, Any]]]:
    """Every indicator's value rows, grouped in one pass once per site (filtering all rows
    per indicator grew with the square of the graph at 10^6 triples)."""
    held = _VALUES.get(id(data))
    if held is None or held[0] is not data:
        _VALUES.clear()
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in data.values:
            grouped[short(r["indicator"])].append(r)
        held = _VALUES[id(data)] = (data, grouped)
    return held[1]


def indicator_values(data: SiteData, slug: str) -> dict[str, Any]:
    """Chart, table and CSV of one indicator's values (empty lists when it has none)."""
    rows = _values_of(data).get(slug, [])
    code = data.catalogue.literal(slug, "https://w3id.org/kgraph/ontology#nationalCode") or ""
    label = data.catalogue.entities[slug].label if slug in data.catalogue.entities else slug
    documents = data.catalogue.documents
    table = []
    for r in rows:
        flag = short(r["flag"]).rsplit("#", 1)[-1] if r["flag"] else ""
        value = None if r["value"] is None else float(r["value"])
        table.append({
            "area": r["area"], "area_name": area_name(r["area"]), "period": r["period"],
            "dated": period_date(r["period"]) is not None, "measure": r["measure"],
            "text": r["valueText"] or "", "value": value, "flag": flag,
            "doubt": DOUBTS.get(flag, "The curator doubts this value.") if flag else "",
            "doc": r["doc"] or "", "title": documents.get(r["doc"] or "", r["doc"] or ""),
            "line": int(r["line"]) if r["line"] is not None else None,
            "quote": r["quote"] or "", "note": r["note"] or ""})
    table.sort(key=lambda v: (AREA_ORDER.get(v["area"], 9), v["area"], v["measure"],
                              period_date(v["period"]) or (9999, 99), v["period"], v["doc"],
                              v["line"] or 0, v["text"]))
    dated = sorted({v["period"] for v in table if v["dated"]},
                   key=lambda p: (period_date(p), p))
    apart = sorted({v["period"] for v in table if not v["dated"]})
    by_series: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for v in table:
        by_series[(v["area"], v["measure"])].append(v)
    series = []
    for (area, measure), vals in sorted(by_series.items(), key=lambda kv: (
            AREA_ORDER.get(kv[0][0], 9), kv[0][0], kv[0][1] != "actual", kv[0][1])):
        points, used = [], set()
        for v in vals:  # one point a period: the first numeric, unflagged value if any
            if v["value"] is None or v["period"] in used:
                continue
            same = [w for w in vals if w["period"] == v["period"] and w["value"] is not None]
            best = next((w for w in same if not w["flag"]), same[0])
            used.add(v["period"])
            points.append({"period": best["period"], "value": best["value"], "text": best["text"],
                           "flagged": bool(best["flag"])})
        name = area_name(area) + ("" if measure == "actual" else f" ({measure})")
        series.append({"name": name, "target": measure == "target", "points": points})
    unit = _unit(rows)
    return {
        "unit": unit or "as stated (the source gives no unit)",
        "chart": diagrams.chart(dated, [s for s in series if s["points"]], apart, unit),
        "series": [s["name"] for s in series],
        "rows": table,
        "flagged": sum(1 for v in table if v["flag"]),
        "csv_name": f"{slug}.csv",
        "csv_href": "data:text/csv;charset=utf-8," + quote(to_csv(code, label, table), safe=""),
    }


def to_csv(code: str, label: str, table: list[dict[str, Any]]) -> str:
    """The values table as RFC 4180 CSV: a header row, CRLF line ends, quoted as needed."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for v in table:
        w.writerow([code, label, v["area_name"], v["period"], v["measure"], v["text"],
                    "" if v["value"] is None else f"{v['value']:g}", v["doubt"], v["title"],
                    v["line"] or "", v["quote"], v["note"]])
    return out.getvalue()
