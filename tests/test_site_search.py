"""Search as a reader uses it, in Debian's chromium from file://: a typo, a code written
with a space, a topic in two words, an exact name opened with Enter. The answers are
checked against the seed documents (the line that names each thing), not against the
index the build wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CYPP, EDM, POSC, plain, seed_lines
from test_site_browser import SHOTS, browser, open_page, site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def results(page, text: str, box: str = "#search-page-q") -> list[dict]:  # type: ignore[no-untyped-def]
    page.fill(box, text)
    page.wait_for_timeout(50)
    return page.evaluate(
        "([t]) => window.kgraphSearch(t, 20).map(e => ({l: e.l, t: e.t, u: e.u, c: e.c || []}))",
        [text])


def seed_text(name: str) -> str:
    return plain(" ".join(seed_lines(name))).casefold()


def test_index_lives_in_a_script_not_fetched_json(site: Path) -> None:  # noqa: F811
    text = (site / "search-index.js").read_text(encoding="utf-8")
    assert text.startswith("window.KGRAPH_SEARCH = ")
    html = (site / "search.html").read_text(encoding="utf-8")
    assert "vendor/minisearch.js" in html and "fetch(" not in (
        site / "static" / "search.js").read_text(encoding="utf-8")
    assert (site / "static" / "vendor" / "LICENSE-minisearch.txt").is_file()


def test_a_typo_finds_safeguarding(browser, site: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page, watch = open_page(browser)
    page.goto((site / "search.html").as_uri() + "?q=safegaurding")
    page.wait_for_selector("#search-page-results li")
    found = results(page, "safegaurding")
    top = [r["l"] for r in found[:5]]
    assert len(top) == 5
    assert all("safeguarding" in label.casefold() for label in top), top
    # the Kent Safeguarding Children Board is among them, and the seeds name it
    assert any(label == "Kent Safeguarding Children Board" for label in top), top
    assert "kent safeguarding children board" in seed_text(POSC)
    page.screenshot(path=str(SHOTS / "search-typo.png"), full_page=False)
    watch.assert_clean()


def test_a_code_with_or_without_its_space(browser, site: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page, watch = open_page(browser)
    page.goto((site / "search.html").as_uri() + "?q=NI+117")
    page.wait_for_selector("#search-page-results li")
    # the seed: 003 App. B, "NI117 - 16-18 year olds who are NEET"
    line = next(i for i, t in enumerate(seed_lines(CYPP), 1) if t.startswith("NI117 "))
    assert "NEET" in seed_lines(CYPP)[line - 1]
    for text in ("NI 117", "NI117", "ni 117"):
        top = results(page, text)[0]
        assert "NI117" in top["c"], (text, top)
        assert "NEET" in top["l"], (text, top)
    first = page.locator("#search-page-results li a").first
    assert "NEET" in first.inner_text()
    page.screenshot(path=str(SHOTS / "search-code.png"), full_page=False)
    watch.assert_clean()


def test_two_words_find_mental_health(browser, site: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page, watch = open_page(browser)
    page.goto((site / "search.html").as_uri() + "?q=mental+health")
    page.wait_for_selector("#search-page-results li")
    labels = [r["l"] for r in results(page, "mental health")[:15]]
    # 000:521 "Live It Well is the strategy that looks to improve the mental health ...";
    # 002:1353 the EIP priority area "Emotional and Mental Health"
    assert "mental health" in plain(seed_lines(EDM)[520]).casefold()
    assert "Live It Well" in seed_lines(EDM)[520]
    assert "Emotional and Mental Health" in seed_lines(POSC)[1352]
    assert "Live It Well" in labels, labels
    assert "Emotional and Mental Health" in labels[:3], labels
    shown = page.locator("#search-page-results li", has_text="Live It Well").first.inner_text()
    assert "also called" in shown and "Mental Health Strategy" in shown  # why it matched
    page.screenshot(path=str(SHOTS / "search-topic.png"), full_page=False)
    watch.assert_clean()


def test_names_rank_before_words_inside_other_words(browser, site: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page, watch = open_page(browser)
    page.goto((site / "search.html").as_uri())
    top = results(page, "live")[0]["l"]
    assert top.casefold().split()[0].startswith("live"), top  # not "de-live-ry"
    found = results(page, "priority 3")[:5]
    assert any(r["l"] and "Priority 3" in r["c"] for r in found), found
    watch.assert_clean()


def test_enter_on_an_exact_name_opens_it(browser, site: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page, watch = open_page(browser)
    page.goto((site / "index.html").as_uri())
    page.fill("#site-search", "Live It Well")
    page.press("#site-search", "Enter")
    page.wait_for_load_state()
    assert page.url.endswith(".html") and "search.html" not in page.url
    assert page.locator("h1").first.inner_text().strip() == "Live It Well"
    # and on the search page's own box
    page.goto((site / "search.html").as_uri())
    page.fill("#search-page-q", "NI117")
    page.press("#search-page-q", "Enter")
    page.wait_for_load_state()
    assert "search.html" not in page.url
    twin = json.loads(Path(page.url.replace("file://", "").rsplit(".", 1)[0] + ".json")
                      .read_text(encoding="utf-8"))
    assert twin["code"] == "NI117"
    watch.assert_clean()
