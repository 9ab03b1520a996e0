"""The explorer's pages walked in Debian's chromium as their readers would: a governance
reviewer reading the Hidden Harm Strategy's chain on the Kent Safeguarding Children
Board's page, a policy officer reading NI117's chart. Answers are checked against the
seed text; every walk also holds: no console error, no request outside the site.
Screenshots of each journey go to docs/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CYPP, EDM, plain, seed_lines
from test_site_browser import SHOTS, browser, open_page, site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_hidden_harm_chain_reads_in_words_on_the_boards_page(browser, site: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    # the seed: the strategy is "developed and driven through a multi agency Hidden Harm
    # Working Group which feeds into the Kent Safeguarding Board" (000, line 523)
    line = next(n for n, t in enumerate(seed_lines(EDM), start=1)
                if "Kent Hidden Harm Strategy" in t and "feeds into the Kent Safeguarding" in t)
    assert line == 523
    assert "Hidden Harm Working Group which feeds into the Kent Safeguarding Board" in plain(
        seed_lines(EDM)[line - 1])

    page, watch = open_page(browser)
    page.goto((site / "body" / "kscb.html").as_uri())
    assert page.locator("h1").inner_text() == "Kent Safeguarding Children Board"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("figure.diagram").screenshot(path=str(SHOTS / "board-diagram.png"))
    oversees = page.locator("section[aria-labelledby=over-h]")
    item = oversees.locator("ul.tree > li", has_text="Hidden Harm Working Group").first
    text = re.sub(r"\s+", " ", item.inner_text())
    # read from the board's side: the board receives reports from the working group,
    # which produced the strategy; both steps cite line 523 of Every Day Matters
    assert text.startswith("receives reports from Hidden Harm Working Group")
    assert "produced Kent Hidden Harm Strategy" in text
    assert text.count(f"line {line})") == 2 and "Every Day Matters" in text  # "Title, line N"
    # never the wrong end, and no internal names where a reader looks
    body = page.locator("main").inner_text()
    assert "accountable to Hidden Harm Working Group" not in body
    assert not re.search(r"\b(org|skos|kg|dcterms):[A-Za-z]", body)
    titles = page.locator("main [title]").evaluate_all("els => els.map(e => e.title)")
    assert not any(re.search(r"\b(org|skos|kg):[A-Za-z]", t) for t in titles)
    # the diagram draws each body once and links the edge to its evidence
    boxes = page.locator("figure.diagram g.node > title").evaluate_all(
        "els => els.map(e => e.textContent)")
    assert len(boxes) == len(set(boxes))
    assert "Hidden Harm Working Group" in boxes
    edge = page.locator("figure.diagram a", has=page.locator(
        "g.edge title", has_text="Hidden Harm Working Group accountable to Kent Safeguarding"))
    assert edge.count() == 1
    assert edge.get_attribute("href").endswith(f"{EDM.rsplit('.', 1)[0]}.html#L{line}") or (
        f"L{line}" in edge.get_attribute("href"))
    page.screenshot(path=str(SHOTS / "board.png"))
    watch.assert_clean()
    page.close()


def test_ni117_chart_shows_the_appendix_b_values_in_time_order(browser, site: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    # the seed row: NI117, then Kent 2006/07 .. 2009/10, then the national value
    lines = seed_lines(CYPP)
    n, row = next((i, t) for i, t in enumerate(lines, start=1) if t.startswith("NI117 -"))
    header = next(t for t in reversed(lines[:n]) if "Kent 2006/07" in t).split("\t")
    cells = row.split("\t")
    kent = [(h.replace("Kent ", ""), c) for h, c in zip(header, cells, strict=False)
            if h.startswith("Kent 20") and c.strip()]
    assert [p for p, _ in kent] == ["2006/07", "2007/08", "2008/09", "2009/10"]

    page, watch = open_page(browser)
    page.goto((site / "indicator" / "ni117.html").as_uri())
    chart = page.locator("svg.chart").first
    chart.scroll_into_view_if_needed()
    page.locator("figure.chart").first.screenshot(path=str(SHOTS / "indicator-ni117.png"))
    ticks = chart.locator("text.tick").evaluate_all("els => els.map(e => e.textContent)")
    periods = [t for t in ticks if re.match(r"\d{4}/\d{2}", t)]
    assert periods == sorted(periods) and periods[:4] == [p for p, _ in kent]
    assert any("year not stated" in t for t in ticks)  # "latest" kept apart, after the divider
    kent_series = chart.locator("g.series", has=page.locator("text.series-name", has_text="Kent"))
    shown = kent_series.first.locator("text.value").evaluate_all(
        "els => els.map(e => e.textContent)")
    assert [float(v.rstrip("%")) for v in shown] == [float(c) for _, c in kent]
    # the y axis is one scale, labelled (Appendix B gives no unit, and the label says so
    # rather than invent one), and the national 6.4 sits where Kent's 6.4 of 2006/07 sits
    assert "%" not in row
    assert chart.locator("text.axis-label").text_content() == "value as stated"
    ys = chart.locator("g.series circle").evaluate_all(
        "els => els.map(e => [e.getAttribute('cy'), e.parentElement.textContent])")
    assert len({y for y, _ in ys}) < len(ys)
    watch.assert_clean()
    page.close()
