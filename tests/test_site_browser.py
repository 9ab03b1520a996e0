"""The explorer in a real browser: Debian's chromium, headless, driven by Playwright with
``executable_path`` (no browser download), opening the built site from disk.

A reader's walk: no console errors, no request outside the site's own files, search for a
strategy, click through to its page, check its priorities against the seed, open the
network view and count the nodes drawn. Also: keyboard only, a phone-width screen, and a
graph whose labels carry HTML/JS (none of it may run). Screenshots of the home, coverage
and network pages go to docs/screenshots/ (the README and docs/site.md show them).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BUNDLED, ROOT
from test_site import build, payload_graph, seed_ticks

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "docs" / "screenshots"


class Watch:
    """What a page did that it should not: requests leaving file://, console errors,
    uncaught exceptions, dialogs."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda r: None if r.url.startswith("file://")
                else self.outside.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def assert_clean(self) -> None:
        assert self.outside == []
        assert self.errors == []
        assert self.dialogs == []


@pytest.fixture(scope="module")
def browser() -> Iterator:  # type: ignore[type-arg]
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("Debian's chromium is needed for the browser tests (apt-get install chromium)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists()
                              else shutil.which("chromium"), args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> Path:
    return build(BUNDLED, tmp_path_factory.mktemp("browser-site") / "site")


def open_page(browser, width: int = 1280, height: int = 900):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": height})
    return page, Watch(page)


def test_a_reader_finds_live_it_well_and_who_is_accountable(browser, site: Path) -> None:  # type: ignore[no-untyped-def]
    page, watch = open_page(browser)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto((site / "index.html").as_uri())
    page.screenshot(path=str(SHOTS / "home.png"))

    page.fill("#site-search", "Live It Well")
    result = page.locator("#site-search-results a", has_text="Live It Well").first
    result.click()
    page.wait_for_url("**/strategy/live-it-well.html")
    assert page.locator("h1").inner_text() == "Live It Well"

    # the priorities shown are the ticks of its row in the seed (line 521, split on tabs)
    line, ticks = seed_ticks("Live It Well")
    shown = page.locator("section.covers li .notation").all_inner_texts()
    assert {int(t.split()[-1]) for t in shown if t.startswith("Priority")} == ticks
    # cited by the document's title and line (issue 10.7), linked to that line in context
    title = "Every Day Matters: Kent County Council's Children and Young People's Strategic Plan"
    assert f"{title} 2013-2016, line {line}" in page.locator("section.covers").inner_text()
    target = f'section.covers a.cite[href$="000_4e8c06e772435c57.html#L{line}"]'
    assert page.locator(target).count() >= 1
    accountable = page.locator("section.accountability").inner_text()
    assert "Who is accountable for it" in accountable
    assert len(accountable.splitlines()) > 2

    # each priority shown links to a page that lists Live It Well among its strategies
    page.locator("section.covers a", has_text="Community ambition").first.click()
    page.wait_for_url("**/priority/every-day-matters-priority-4.html")
    assert page.locator("#strat-h + ul a", has_text="Live It Well").count() == 1
    watch.assert_clean()
    page.close()


def test_coverage_page_sorts_filters_and_marks_thin_priorities(browser, site: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads((site / "coverage.json").read_text(encoding="utf-8"))
    page, watch = open_page(browser)
    page.goto((site / "coverage.html").as_uri() + "#plan-every-day-matters")
    page.screenshot(path=str(SHOTS / "coverage.png"))
    plan = data["plans"][0]
    table = page.locator("table.matrix").first
    rows = table.locator("tbody tr")
    assert rows.count() == len(plan["rows"])
    table.locator("button.sort[data-col='total']").click()
    first_total = int(rows.first.get_attribute("data-total"))
    assert first_total == max(r["total"] for r in plan["rows"])
    page.locator(".row-filter").first.fill("strategy")
    visible = [r for r in plan["rows"] if "strategy" in r["ref"]["label"].lower()]
    assert table.locator("tbody tr:visible").count() == len(visible)
    thin = [c for p in data["plans"] for c in p["columns"] if c["thin"]]
    assert page.locator("th.prio.thin").count() == len(thin)
    watch.assert_clean()
    page.close()


def test_network_view_draws_a_view_and_highlights_a_neighbourhood(browser, site: Path) -> None:  # type: ignore[no-untyped-def]
    # the page draws one view at a time (the core first), not all 1,000+ nodes
    # (issue 10.5; the view itself is tested in tests/test_site_network.py)
    net = json.loads((site / "network.json").read_text(encoding="utf-8"))
    page, watch = open_page(browser)
    page.goto((site / "network.html").as_uri())
    page.wait_for_function("window.kgraphRenderedAt !== undefined", timeout=60_000)
    assert page.evaluate("window.kgraphNetwork.nodes.length") == len(net["core"])

    page.fill("#net-q", "Live It Well")
    page.click("#net-find button")
    page.wait_for_function("window.kgraphNetwork.state.selected === 'live-it-well'")
    page.wait_for_function("window.kgraphNetwork.state.laidOut")
    assert page.locator("#net-panel-title").inner_text() == "Live It Well"
    neighbours = page.evaluate("window.kgraphNetwork.network.getConnectedNodes('live-it-well')")
    assert len(neighbours) > 0
    drawn = page.evaluate("window.kgraphNetwork.nodes.length")
    dimmed = page.evaluate(
        "window.kgraphNetwork.nodes.get().filter(n => n.color.background === '#e4e8ec').length")
    assert dimmed == drawn - len(neighbours) - 1

    # the legend filters by kind; the view menu picks a plan
    page.click("#net-reset")
    page.wait_for_function("window.kgraphNetwork.state.laidOut")
    core_bodies = sum(1 for n in net["nodes"] if n["id"] in net["core"] and n["kind"] == "body")
    page.uncheck(".legend input[value='body']")
    assert page.evaluate("window.kgraphNetwork.nodes.length") == len(net["core"]) - core_bodies
    page.click("#net-reset")
    plan = net["plans"][0]["slug"]
    page.select_option("#net-view", f"plan:{plan}")
    members = sum(1 for n in net["nodes"] if plan in n["plans"] and n["degree"])
    assert page.evaluate("window.kgraphNetwork.nodes.length") == members
    watch.assert_clean()
    page.close()


def test_keyboard_only_search_and_skip_link(browser, site: Path) -> None:  # type: ignore[no-untyped-def]
    page, watch = open_page(browser)
    page.goto((site / "index.html").as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.focus("#site-search")
    page.keyboard.type("Kent Alcohol Strategy")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Kent Alcohol Strategy"
    page.keyboard.press("Enter")
    page.wait_for_url("**/strategy/kent-alcohol-strategy.html")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    assert page.evaluate("document.activeElement.id") == "main"
    watch.assert_clean()
    page.close()


def test_readable_on_a_phone_width_screen(browser, site: Path) -> None:  # type: ignore[no-untyped-def]
    page, watch = open_page(browser, width=375, height=740)
    for path in ("index.html", "coverage.html", "findings.html", "strategy/live-it-well.html",
                 "network.html"):
        page.goto((site / path).as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 376, (path, width)  # wide tables scroll inside their own box
    watch.assert_clean()
    page.close()


def test_no_injected_label_runs(browser, tmp_path: Path, seeds: Path) -> None:  # type: ignore[no-untyped-def]
    site = build(payload_graph(tmp_path), tmp_path / "site")
    net = json.loads((site / "network.json").read_text(encoding="utf-8"))
    pages = ["index.html", "coverage.html", "findings.html", "entities.html", "sources.html",
             *sorted(p.relative_to(site).as_posix() for p in site.glob("*/*.html"))]
    page, watch = open_page(browser)
    for path in pages:
        page.goto((site / path).as_uri())
        assert page.evaluate("window.__pwned") is None, path
    # the search box and the search page build their lists from the same labels
    page.goto((site / "index.html").as_uri())
    page.fill("#site-search", "pwned")
    assert page.locator("#site-search-results li").count() > 0
    assert page.locator("#site-search-results script, #site-search-results img").count() == 0
    page.goto((site / "search.html").as_uri() + "?q=window")
    assert page.locator("#search-page-results li").count() > 0
    # the network: tooltips and the side panel show labels as text
    page.goto((site / "network.html").as_uri())
    page.wait_for_function("window.kgraphRenderedAt !== undefined", timeout=60_000)
    node = net["nodes"][0]["id"]
    page.fill("#net-q", "pwned")
    page.click("#net-find button")
    xy = page.evaluate(f"""(() => {{
        const n = window.kgraphNetwork.network;
        const p = n.canvasToDOM(n.getPosition({json.dumps(node)}));
        const r = document.getElementById('network').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }})()""")
    page.mouse.move(*xy)
    page.wait_for_timeout(400)
    assert "window.__pwned" in page.locator("#net-panel").inner_text()
    assert page.evaluate("window.__pwned") is None
    watch.assert_clean()
    page.close()
