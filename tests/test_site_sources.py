"""Source-document pages: the full text of each seed, numbered and anchored; every
citation names its document by title and links to its line, shown in context and
highlighted; a quote shown as a quote, a curator's note as a note."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EDM, SEEDS, plain, seed_lines
from test_site import site  # noqa: F401 (fixture)

# this module builds its own copy of the site (the module-scoped fixture): ~4 s on a quiet machine
pytestmark = pytest.mark.slow
DOCS = sorted(p.name for p in SEEDS.glob("*.txt"))


def source_page(site: Path, doc: str) -> Path:  # noqa: F811
    return site / "source" / (doc[:-4] + ".html")


@pytest.mark.parametrize("doc", DOCS)
def test_each_document_page_holds_its_full_text(site: Path, doc: str) -> None:  # noqa: F811
    page = source_page(site, doc)
    twin = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    seed = seed_lines(doc)
    assert twin["full_text"] and twin["line_count"] == len(seed)
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    items = soup.select("ol.source-text > li")
    assert len(items) == len(seed)
    for n in (1, len(seed) // 2, len(seed)):
        li = soup.find(id=f"L{n}")
        assert li is not None and int(li["value"]) == n
        text = li.find(class_="line-text")
        assert (text.get_text() if text else "") == seed[n - 1]
    assert doc not in soup.find("h1").get_text()  # titled, not by file name


def test_citations_name_the_document_and_link_to_their_line(site: Path) -> None:  # noqa: F811
    page = site / "strategy" / "kent-hidden-harm-strategy.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    cites = soup.select("a.cite")
    assert cites
    for a in cites:
        assert ".txt" not in a.get_text()
        assert re.search(r", line \d+$", a.get_text().strip()), a.get_text()
    checked = 0
    for a in cites:
        href = a["href"]
        if EDM[:-4] not in href:
            continue
        line = int(href.rsplit("#L", 1)[1])
        quote = a.find_next("q")
        if quote is not None and quote.find_parent("li") is a.find_parent("li"):
            assert plain(quote.get_text()) in plain(seed_lines(EDM)[line - 1]), (line, quote)
            checked += 1
        assert "Every Day Matters" in a.get_text()
    assert checked > 0


def test_quotes_and_curator_notes_are_told_apart(site: Path) -> None:  # noqa: F811
    # EDM line 523: "... which feeds into the Kent Safeguarding Board" was read as the KSCB
    # (a curator's judgement, with a note)
    soup = BeautifulSoup(source_page(site, EDM).read_text(encoding="utf-8"), "html.parser")
    li = soup.find(id="L523")
    assert "Kent Safeguarding Board" in seed_lines(EDM)[522]
    notes = [n.get_text(" ", strip=True) for n in li.select(".note")]
    quotes = [q.get_text() for q in li.select("q")]
    assert any(n.startswith("Curator's note:") for n in notes)
    assert all(plain(q) in plain(seed_lines(EDM)[522]) for q in quotes)
    assert not [n for n in notes if plain(n.replace("Curator's note:", "")) in quotes]


@pytest.mark.browser
def test_a_citation_opens_its_line_highlighted(site: Path) -> None:  # noqa: F811
    from test_site_browser import CHROMIUM, FLAGS, SHOTS, Watch

    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        watch = Watch(page)
        page.goto((site / "strategy" / "kent-hidden-harm-strategy.html").as_uri())
        link = page.locator("a.cite", has_text="Every Day Matters").first
        href = link.get_attribute("href")
        line = int(href.rsplit("#L", 1)[1])
        link.click()
        page.wait_for_load_state()
        target = page.locator(f"#L{line}")
        assert page.evaluate("(document.querySelector(':target') || {}).id") == f"L{line}"
        shown = target.locator(".line-text").inner_text()
        # the seed's line, its <b> read as bold (the conversion's markup, not literal text)
        raw = seed_lines(EDM)[line - 1]
        assert shown == raw.replace("<b>", "").replace("</b>", "")
        assert target.locator(".line-text strong").first.inner_text() == "Kent Hidden Harm Strategy"
        assert "<b>Kent Hidden Harm Strategy</b>" in raw
        colour = page.evaluate(
            f"getComputedStyle(document.getElementById('L{line}')).backgroundColor")
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
        box = target.bounding_box()
        assert box is not None and 0 <= box["y"] < 900  # scrolled into view
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "source-line.png"))
        watch.assert_clean()
        browser.close()
