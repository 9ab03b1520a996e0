"""`kgraph report`: a document to circulate. The HTML is parsed (real tables, a summary
first, every section limited to the named plan) and checked against the seed text of
Every Day Matters (000): its Appendix 2 tick matrix, its Appendix 3 indicators. The
Markdown is rendered by a CommonMark renderer (markdown-it-py): labels carrying HTML/JS
stay text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import BUNDLED, CYPP, EDM, plain, seed_lines
from rdflib import Graph
from test_site import TICK, payload_graph

from kgraph.cli.main import cli

CYPP_TITLE_WORD = "Positive About Our Future"
SECTIONS = ["summary", "coverage", "gaps", "overlaps", "accountability", "continuity",
            "indicators", "caveats", "sources"]


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def edm_app2_rows() -> dict[str, set[int]]:
    """Every strategy row of EDM Appendix 2 (seed lines 493-534): label -> ticked priorities."""
    rows = {}
    for line in seed_lines(EDM)[492:534]:
        cells = line.split("\t")
        if len(cells) == 7 and cells[1].strip() and cells[1].strip() != "What is it?":
            label = plain(cells[0])
            rows[label] = {i for i, c in enumerate(cells[2:], start=1) if c.strip() == TICK}
    return rows


def edm_app3_indicators() -> list[str]:
    """The indicator bullets of EDM Appendix 3, under Priorities 1-4 (Priority 5 says its
    measures are 'defined and monitored by the relevant boards': no indicator)."""
    out, priority = [], 0
    for line in seed_lines(EDM)[534:]:
        m = re.match(r"### Priority (\d)", line)
        if m:
            priority = int(m.group(1))
        elif line.startswith("- ") and priority in (1, 2, 3, 4):
            out.append(plain(line[2:]))
    return out


@pytest.fixture(scope="module")
def edm_html(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> BeautifulSoup:
    out = tmp_path_factory.mktemp("report") / "edm.html"
    result = run("report", "every day matters", "-o", str(out), "--data", str(BUNDLED))
    assert result.exit_code == 0, result.output
    return BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")


def text_of(node) -> str:  # type: ignore[no-untyped-def]
    return plain(node.get_text(" "))


def test_sections_in_order_summary_first_real_tables_no_pre(edm_html: BeautifulSoup) -> None:
    ids = [s["id"] for s in edm_html.select("main > section")]
    assert ids == SECTIONS
    assert edm_html.find("pre") is None
    for section in ("coverage", "gaps", "accountability", "indicators", "caveats"):
        assert edm_html.select(f"#{section} table"), section
    # Every Day Matters states no transition from or to another plan (the only stated
    # transition table is 003's, from the 2008-11 priorities to the 2011-14 areas)
    assert "state no transition" in edm_html.select_one("#continuity").get_text()
    assert edm_html.select("#summary li")
    assert re.search(r"Prepared \d{4}-\d\d-\d\d", edm_html.get_text())


def test_coverage_matrix_is_the_seed_matrix(edm_html: BeautifulSoup) -> None:
    plans = edm_html.select("#coverage .plan-coverage")
    assert len(plans) == 1 and "Every Day Matters" in plans[0].h3.get_text()
    seed = edm_app2_rows()
    assert len(seed) == 27
    table = plans[0].find("table")
    headers = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    assert headers == ["Strategy"] + [f"Priority {i}" for i in range(1, 6)] + ["Total"]
    seen = {}
    for tr in table.tbody.find_all("tr"):
        label = text_of(tr.th)
        if label == "Total":
            continue
        cells = [td.get_text(strip=True) for td in tr.find_all("td")]
        seen[label] = {i for i, c in enumerate(cells[:5], start=1) if c.startswith("✓")}
        assert int(cells[5]) == len(seen[label])
    # the graph names some rows by their fuller name ("Early Intervention & Prevention
    # Strategy" is the Kent EIP Strategy 2011-2014): rows that keep the seed's label have
    # its ticks, and the patterns of all 27 rows are the seed's
    matched = [label for label in seed if label in seen]
    assert len(matched) >= 20
    assert all(seen[label] == seed[label] for label in matched)
    assert sorted(map(sorted, seen.values())) == sorted(map(sorted, seed.values()))


def test_every_section_is_about_the_named_plan_only(edm_html: BeautifulSoup) -> None:
    # CYPP 2008-11's eight priorities (seed 003) must not appear in an EDM report's
    # coverage, gaps or indicators
    cypp = [plain(m.group(1)) for line in seed_lines(CYPP)
            for m in [re.match(r"^Priority \d+[:.]?\s+(.{12,})$", line.strip())] if m]
    body = " ".join(text_of(edm_html.select_one(f"#{s}"))
                    for s in ("coverage", "gaps", "indicators"))
    assert not [p for p in cypp if p in body]
    # no plan column when one plan is named
    for th in edm_html.select("#gaps thead th"):
        assert th.get_text(strip=True) != "Plan"
    # every continuity row has EDM on one side
    for tr in edm_html.select("#continuity tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        assert "Every Day Matters" in cells[0] + cells[3], cells
    # accountability: each row starts at a strategy of the plan's matrix (checked against
    # the seed above) or at a body a row leads to
    rows = [[text_of(td) for td in tr.find_all("td")]
            for tr in edm_html.select("#accountability tbody tr")]
    assert rows
    strategies = {text_of(th) for th in edm_html.select("#coverage tbody th")} - {"Total"}
    strategies.add(text_of(edm_html.select_one("#coverage h3")))  # the plan itself
    reached = {r[2] for r in rows}
    assert [r for r in rows if r[0] not in strategies and r[0] not in reached] == []


@pytest.mark.slow
def test_continuity_of_the_2008_plan(tmp_path: Path, seeds: Path) -> None:
    out = tmp_path / "cypp.html"
    assert run("report", "2008-2011", "-o", str(out)).exit_code == 0
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    rows = soup.select("#continuity tbody tr")
    assert rows
    for tr in rows:
        cells = [text_of(td) for td in tr.find_all("td")]
        assert "2008-2011" in cells[0] + cells[3], cells
        m = re.search(r"line (\d+)", cells[5])
        quote = tr.find_all("td")[5].find("q")
        if m and quote is not None and CYPP_TITLE_WORD in cells[5]:
            assert plain(quote.get_text()) in plain(seed_lines(CYPP)[int(m.group(1)) - 1])


def test_indicators_are_appendix_3s(edm_html: BeautifulSoup) -> None:
    seed = edm_app3_indicators()
    assert len(seed) == 26
    names = [text_of(tr.find_all("td")[1]) for tr in edm_html.select("#indicators tbody tr")]
    assert len(names) == len(seed)
    # an indicator shared with another plan shows its preferred name ("Under 18 conception
    # rate" for EDM's "Conception rate per 1000 females aged 15-17"): most keep EDM's
    folded = {s.casefold() for s in seed}
    assert sum(n.casefold() in folded for n in names) >= 15


def test_caveats_cite_their_source_lines(edm_html: BeautifulSoup) -> None:
    rows = edm_html.select("#caveats tbody tr")
    assert rows
    for tr in rows:
        source = tr.find_all("td")[3].get_text(" ", strip=True)
        m = re.search(r", line (\d+)", source)
        assert m, source
        if source.startswith("Every Day Matters"):
            quote = tr.find_all("td")[3].find("q").get_text()
            assert plain(quote) in plain(seed_lines(EDM)[int(m.group(1)) - 1]), source


def test_markdown_is_inert_under_a_commonmark_renderer(tmp_path: Path, seeds: Path) -> None:
    from markdown_it import MarkdownIt

    data = payload_graph(tmp_path)
    out = tmp_path / "r.md"
    result = run("report", "-o", str(out), "--data", str(data))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "onload" in text and not re.search(r"(?<!\\)<", text)  # there, and escaped
    for tables in (False, True):  # plain CommonMark, and with GitHub's tables
        renderer = MarkdownIt("commonmark").enable(["table", "strikethrough"]) if tables \
            else MarkdownIt("commonmark")
        soup = BeautifulSoup(renderer.render(text), "html.parser")
        assert soup.find(["script", "svg", "img", "iframe"]) is None
        assert [(t.name, a) for t in soup.find_all(True) for a in t.attrs
                if a.startswith("on")] == []
        if tables:
            assert soup.find("table") is not None  # real tables survive the escaping
        assert "window.__pwned" in soup.get_text()  # shown as text


def test_html_report_escapes_payloads(tmp_path: Path, seeds: Path) -> None:
    data = payload_graph(tmp_path)
    out = tmp_path / "r.html"
    assert run("report", "-o", str(out), "--data", str(data)).exit_code == 0
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    assert soup.find(["script", "svg", "img"]) is None
    assert "window.__pwned" in soup.get_text()


def test_unknown_plan_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = run("report", "no such plan at all", "-o", str(out))
    assert result.exit_code == 4
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.browser
def test_pdf_is_printed_by_chromium(tmp_path: Path, seeds: Path) -> None:
    out = tmp_path / "r.pdf"
    result = run("report", "every day matters", "-o", str(out))
    assert result.exit_code == 0, result.output
    head = out.read_bytes()[:5]
    assert head == b"%PDF-"
    assert out.stat().st_size > 20_000


@pytest.mark.slow
def test_escaped_text_renders_back_as_itself() -> None:
    """Any label, escaped, renders as exactly its text (no markup), by CommonMark rules."""
    import html

    from hypothesis import given, settings
    from hypothesis import strategies as st
    from markdown_it import MarkdownIt

    from kgraph.report.markdown import esc

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    alphabet = st.sampled_from(list("ab1 _*`[]()<>#|~&!\\-+=.:/\"'") + ["javascript:", "<svg "])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(alphabet, max_size=30).map("".join))
    def check(text: str) -> None:
        want = " ".join(text.split())
        out = md.render("| a |\n|---|\n| " + esc(text) + " |\n") if want else ""
        if want:
            cell = BeautifulSoup(out, "html.parser").find("td")
            assert cell is not None and not cell.find(True), out
            assert html.unescape(cell.decode_contents()) == want.strip()
            item = BeautifulSoup(md.render("- " + esc(text) + "\n"), "html.parser").find("li")
            assert item is not None and not item.find(True), text
            assert html.unescape(item.decode_contents()) == want.strip()

    check()


def test_summary_counts_agree_with_kgraph_gaps_and_say_why_they_differ(
        edm_html: BeautifulSoup, graph: Graph) -> None:
    """The report names 35 findings for Every Day Matters where `kgraph gaps` and the
    findings page count 24: the summary says how many are the plan's own and why the rest are
    counted elsewhere, so no reader sees two numbers with no reason."""
    from kgraph.analysis.gaps import gaps

    own = gaps(graph, "every-day-matters")
    whole = gaps(graph, None)
    mine = whole[whole["plan"] == "every-day-matters"]
    assert len(own) == len(mine) > 0
    summary = text_of(edm_html.find(id="summary") or edm_html.find("ul"))
    m = re.search(r"(\d+) findings: .*? (\d+) are the plan's own, .*?the other (\d+) concern", summary)
    assert m, summary
    total, plan_own, other = map(int, m.groups())
    assert plan_own == len(own) and total == plan_own + other and other > 0
