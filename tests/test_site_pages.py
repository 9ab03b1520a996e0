"""The explorer's pages through their JSON twins: indicator values (time order, "latest"
apart, the CSV download as RFC 4180) and accountability (read from the page's subject,
each body once), checked against the seed text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import BUNDLED, CYPP, EDM, seed_lines
from test_site import build

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> Path:
    return build(BUNDLED, tmp_path_factory.mktemp("pages-site") / "site")


def twin(site: Path, path: str) -> dict:
    return json.loads((site / path).read_text(encoding="utf-8"))


def test_ni117_csv_is_rfc4180_and_holds_the_seed_values(site: Path) -> None:
    v = twin(site, "indicator/ni117.json")["values"]
    href = v["csv_href"]
    assert href.startswith("data:text/csv;charset=utf-8,")
    text = unquote(href.split(",", 1)[1])
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    row = next(t for t in seed_lines(CYPP) if t.startswith("NI117 -"))
    from_seed = [c for c in row.split("\t")[1:5]]
    kent = [r for r in rows if r["area"] == "Kent" and r["line"] == "848"]
    assert [r["value as written"] for r in kent] == from_seed
    assert [r["period"] for r in kent] == ["2006/07", "2007/08", "2008/09", "2009/10"]
    assert all(r["quote"] in row.replace("\t", " ") or r["quote"] for r in kent)


def test_ni53_periods_in_time_order_and_doubts_in_words(site: Path) -> None:
    v = twin(site, "indicator/ni53.json")["values"]
    ticks = [t["period"] for t in v["chart"]["x_ticks"] if not t["apart"]]
    assert ticks.index("2008/09") < ticks.index("Jun 2009") < ticks.index("Sep 2009")
    assert [t["period"] for t in v["chart"]["x_ticks"] if t["apart"]] == ["latest"]
    flagged = [r for r in v["rows"] if r["flag"]]
    assert flagged and all(r["doubt"] and "-" not in r["doubt"].split()[0] for r in flagged)
    html = (site / "indicator/ni53.html").read_text(encoding="utf-8")
    assert "shifted-column" not in html.split("<main", 1)[1].split("</main>")[0]


def test_board_page_reads_from_the_board_and_draws_each_body_once(site: Path) -> None:
    page = twin(site, "body/kscb.json")
    first = {n["entity"]["label"]: n for n in page["oversees"]}
    hh = first["Hidden Harm Working Group"]
    assert hh["relation"] == "receives reports from"
    assert hh["source"]["doc"] == EDM and hh["source"]["line"] == 523
    assert [c["relation"] for c in hh["children"]] == ["produced"]
    ids = [n["id"] for n in page["diagram"]["nodes"]]
    assert len(ids) == len(set(ids))
    # a body reached twice is expanded once: later mentions are marked, with no subtree
    def walk(nodes):  # type: ignore[no-untyped-def]
        for n in nodes:
            yield n
            yield from walk(n["children"])
    seen = [n for n in walk(page["oversees"] + page["reports_to"])]
    expanded = [n["entity"]["slug"] for n in seen if not n["repeat"]]
    assert len(expanded) == len(set(expanded))
    assert all(not n["children"] for n in seen if n["repeat"])


def test_findings_summary_counts_equal_kgraph_gaps(site: Path) -> None:
    from click.testing import CliRunner

    from kgraph.cli.main import cli

    result = CliRunner().invoke(cli, ["gaps", "--data", str(BUNDLED), "--format", "csv"],
                                catch_exceptions=False)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    page = twin(site, "findings.json")
    by_plan: dict[str, dict[str, int]] = {}
    for r in rows:
        counts = by_plan.setdefault(r["plan"], {"high": 0, "medium": 0, "low": 0})
        counts[r["severity"]] = counts.get(r["severity"], 0) + 1
    shown = {(s["plan"]["slug"] if s["plan"] else ""): {
        k: s[k] for k in s if k in ("high", "medium", "low", "info")} for s in page["summary"]}
    assert shown == by_plan
    assert sum(page["totals"].values()) == len(rows)
    # worst first: no plan has more high findings than the one above it
    highs = [s["high"] for s in page["summary"]]
    assert highs == sorted(highs, reverse=True)
    # each kind is explained in a sentence, never by its internal name
    assert all(g["words"] and g["kind"] not in g["words"] for g in page["gaps"])


def test_each_kind_is_explained_with_the_severity_its_findings_carry(site: Path) -> None:
    from kgraph.analysis.gaps import KINDS, SEVERITY_WORDS, TITLES

    assert set(TITLES) == set(KINDS)  # every kind has a title a reader sees, none a slug
    page = twin(site, "findings.json")
    for g in page["gaps"]:
        severities = {f["severity"] for f in g["findings"] + g["not_stated"]}
        assert len(severities) == 1, g["kind"]
        assert g["words"].endswith(f"Severity: {SEVERITY_WORDS[severities.pop()]}."), g["kind"]
        assert g["title"] == TITLES[g["kind"]] and "-" not in g["title"].split()[0]


def test_no_page_names_a_source_by_its_file_name(site: Path, seeds: Path) -> None:
    """A reader sees a document's title, never the seed's file name (a hash): in the text,
    in tooltips (SVG titles, title attributes) and in labels, on every page."""
    import re

    from bs4 import BeautifulSoup

    files = [p.name for p in seeds.glob("*.txt")]
    assert len(files) == 5
    stems = re.compile("|".join(re.escape(f.removesuffix(".txt")) for f in files))
    named = {}
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup(["script", "style"]):
            tag.decompose()
        seen = soup.get_text(" ") + " ".join(
            str(v) for tag in soup.find_all(True) for k, v in tag.attrs.items()
            if k in ("title", "aria-label", "alt"))
        if stems.search(seen):
            named[str(page.relative_to(site))] = stems.search(seen).group(0)
    assert not named, named
    # the KSCB diagram's arrows name the committee pack by its title (seed 002's first line)
    kscb = (site / "body" / "kscb.html").read_text(encoding="utf-8")
    assert "stated in Specialist Children&#39;s Services Policy Overview and Scrutiny Committee" in kscb


def test_curators_notes_read_ids_as_names(site: Path, seeds: Path) -> None:
    """A curator's note that names an entity by its id or a relation by the curated tables'
    name reads the entity's name and the relation in words."""
    import re

    from bs4 import BeautifulSoup

    from kgraph.curation.compile import PREDICATE_IRIS

    slugs = {p.stem for p in site.glob("*/*.html") if "-" in p.stem and p.parent.name != "source"}
    names = slugs | {n for n in PREDICATE_IRIS if n != n.lower()}
    ids = re.compile(r"(?<![\w-])(" + "|".join(
        re.escape(t) for t in sorted(names, key=len, reverse=True)) + r")(?![\w-])")
    found = {}
    notes = 0
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for note in soup.select(".note"):
            notes += 1
            hit = ids.search(note.get_text(" "))
            if hit:
                found.setdefault(hit.group(1), str(page.relative_to(site)))
    assert notes > 100 and not found, found
    # the EIP's first Appendix I bullet: the note's two cross-references read as the
    # actions' own words, as seed 004 prints them at lines 253 and 380
    text = (site / "source" / f"{Path(_seed(seeds, '004')).stem}.html").read_text(encoding="utf-8")
    lines = seed_lines(_seed(seeds, "004"))
    assert "focus on support for potential high families." in lines[252]
    assert "(cf. To ensure that new Early Intervention and Prevention commissioned services focus " \
           "on support for potential high families., line 253" in text.replace("&#39;", "'")
    assert "includes a focus on vulnerable adolescents." in lines[379]
    # the rest of a note reads as the curator wrote it: its quote of seed 003 line 198
    # keeps the capital of "(Priority 1)" (a class name is also a word)
    assert "(Priority 1)" in seed_lines(_seed(seeds, "003"))[197]
    page = (site / "priority" / "cypp-2008-11-improvement-narrowing-the-gap.html").read_text(
        encoding="utf-8").replace("&#39;", "'")
    assert "also line 198 '(Priority 1)'" in page


def _seed(seeds: Path, prefix: str) -> str:
    return next(p.name for p in seeds.glob(f"{prefix}_*.txt"))


def test_plan_headings_say_the_period_once(site: Path) -> None:
    """Every Day Matters' heading on home and coverage: its title (seed 000 line 195: 'Every Day
    Matters – … Strategic Plan 2013-2016') with the period once, not 'Plan 2013-2016 2013-2016'."""
    from bs4 import BeautifulSoup

    for name in ("index.html", "coverage.html"):
        soup = BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")
        heads = [h.get_text(" ", strip=True) for h in soup.select("main h2")]
        edm = [h for h in heads if h.startswith("Every Day Matters")]
        assert edm and all(h.count("2013-2016") == 1 for h in edm), edm
        for h in heads:
            words = h.split()
            assert len(words) < 2 or words[-1] != words[-2], h


def test_home_counts_say_what_they_count(site: Path) -> None:
    """The home page counts plans twice: those that set out priorities (the coverage page's)
    and, above the plan headings, those that set out a vision, outcomes or priorities. The
    second says how many of its plans are the first, and each count is what it says: one
    heading per plan below it, and as many plans with priorities as the analyses find
    ('Increasing Opportunities, Improving Outcomes': a vision and three strategic outcomes,
    seed 001 line 520, and no numbered priorities)."""
    import re

    from bs4 import BeautifulSoup

    from kgraph.analysis.plans import list_plans
    from kgraph.backends import MemoryBackend

    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    text = " ".join(p.get_text(" ", strip=True) for p in soup.select("main p"))
    said = re.search(r"Below, the (\d+) plans and strategies that set out their own vision, "
                     r"outcomes or priorities \((\d+) of them with priorities: the plans the "
                     r"coverage page shows\)", text)
    assert said, text
    first = re.search(r"\((\d+) plans set out priorities\)", text)
    assert first and first.group(1) == said.group(2)
    heads = [h.get_text(" ", strip=True) for h in soup.select("main h2")]
    plans_below = heads[heads.index("In the graph") + 1:]
    assert int(said.group(1)) == len(plans_below)
    with_priorities = [p for p in list_plans(MemoryBackend([BUNDLED])) if p.priorities]
    assert int(said.group(2)) == len(with_priorities) < len(plans_below)
    assert any(h.startswith("Increasing Opportunities, Improving Outcomes") for h in plans_below)


def test_a_plan_without_a_strategy_table_has_no_thin_priority(site: Path) -> None:
    """The CYPP 2008-11 review (seed 003) states its eight priorities (line 211: "Priority 1:
    To reduce the impact of poverty…") but no table of strategies against them, so the
    gaps analysis finds no thin priority there ("not stated in the source"); the site says
    the same: no "thin" mark or "thinnest" column for it, on the plan page, the priority
    pages or the coverage page, and each of those says the source has no such table. Before,
    74 "· thin" marks on 6 plan pages and 37 priority pages called such priorities thin."""
    import re

    assert seed_lines(CYPP)[210].startswith("### Priority 1: To reduce the impact of poverty")
    plan = (site / "plan" / "cypp-2008-11.html").read_text(encoding="utf-8")
    assert "· thin" not in plan
    assert "The source has no table of strategies against these priorities" in plan
    assert "1 strategy named in the text" in plan  # priority 3 names Every Parent Matters
    prio = (site / "priority" / "cypp-2008-11-priority-1.html").read_text(encoding="utf-8")
    assert "Thin:" not in prio and "has no table of strategies against its priorities" in prio
    cov = (site / "coverage.html").read_text(encoding="utf-8")
    section = cov[cov.index('id="plan-cypp-2008-11"'):]
    section = section[:section.index("</section>")]
    assert "Thinnest" not in section and "thin-mark" not in section
    assert "a ✓ below is a strategy its text names under a priority" in section
    assert "empty-matrix" not in section  # a matrix is shown: its ticks are the text's
    # no plan page marks a priority thin that the gaps analysis does not find thin
    found = twin(site, "findings.json")
    assert "thin-priority" not in json.dumps(found)
    for page in (site / "plan").glob("*.html"):
        assert not re.search(r"· thin\b", page.read_text(encoding="utf-8")), page.name


def test_the_findings_page_names_every_plan_the_gaps_analysis_finds_without_a_table(
        site: Path) -> None:
    """The findings page's sentence on plans whose source has no strategy × priority table,
    and its per-plan summary, name the plans the gaps analysis says so of ("not stated in
    the source: strategies per priority"), no more and no fewer. Before, the page used a rule
    of its own (no tick at all) and left out the CYPP 2008-11 review, whose text names a
    strategy under 3 of its 8 priorities (seed 003) but has no such table."""
    from bs4 import BeautifulSoup

    from kgraph.analysis.gaps import gaps, untabled_in
    from kgraph.backends import MemoryBackend

    said = untabled_in(gaps(MemoryBackend([BUNDLED])))
    assert "cypp-2008-11" in said
    assert seed_lines(CYPP)[210].startswith("### Priority 1: To reduce the impact of poverty")
    soup = BeautifulSoup((site / "findings.html").read_text(encoding="utf-8"), "html.parser")
    sentence = next(p for p in soup.select("main p")
                    if "no table of strategies against priorities" in p.get_text())
    named = {a["href"].rsplit("/", 1)[-1].removesuffix(".html") for a in sentence.select("a")}
    assert named == said, sentence.get_text(" ", strip=True)
    marked = {tr["data-plan"] for tr in soup.select("tr[data-plan]")
              if "has no strategy × priority table" in tr.get_text()}
    in_summary = {tr["data-plan"] for tr in soup.select("tr[data-plan]") if tr.th} & said
    assert marked == in_summary and "cypp-2008-11" in marked
