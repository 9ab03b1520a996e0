"""The network view as a reader uses it, in Debian's chromium from file://: the first view
(the core) draws Every Day Matters' five priorities with labels a person can read; a click
on a node's centre (or on its label) selects it and the side panel reads its links in
words from its own end (Live It Well's priorities as Appendix 2 of Every Day Matters ticks
them); the legend's counts follow the filters and a filtered view is laid out again;
entities linked to nothing are listed, not drawn; the keyboard reaches everything.
Facts are checked against the seed documents and the graph, not against the page's data.
Screenshots: docs/screenshots/network.png (first view), network-selection.png."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import EDM, plain, seed_lines
from test_site import seed_ticks
from test_site_browser import SHOTS, browser, open_page, site  # noqa: F401 (fixtures)

from kgraph.explorer.network import CORE_SIZE, VIEW_CAP, network_model, network_node
from kgraph.namespaces import ID

in_browser = pytest.mark.browser
CURIE = re.compile(r"\b(skos|kg|org|dcterms|prov|rdfs?|owl|schema|foaf):[A-Za-z]")


def edm_priorities() -> dict[int, str]:
    """Every Day Matters' five priorities, numbered, from the seed's own headings
    (000:137-159, "### Priority 1 Safeguarding and protection")."""
    found = {}
    for line in seed_lines(EDM):
        m = re.match(r"^### Priority ([1-5]) (\w.*)$", line)
        if m:
            found[int(m[1])] = plain(m[2])
    assert sorted(found) == [1, 2, 3, 4, 5], found
    return found


def wait_drawn(page: Any, since: float = 0.0) -> None:
    page.wait_for_function(f"(window.kgraphLaidOutAt || 0) > {since}", timeout=60_000)


def now(page: Any) -> float:
    return float(page.evaluate("performance.now()"))


def drawn(page: Any) -> list[dict[str, Any]]:
    """The nodes on the canvas: label as drawn, font size on screen, kind, on-screen box."""
    return page.evaluate("""(() => {
        const k = window.kgraphNetwork, n = k.network, s = n.getScale();
        const r = document.getElementById('network').getBoundingClientRect();
        const pos = n.getPositions();
        return k.nodes.get().map(d => { const p = n.canvasToDOM(pos[d.id]);
            return {id: d.id, label: d.label, full: k.data.nodes.find(x => x.id === d.id).label,
                    px: d.font.size * s, kind: k.data.nodes.find(x => x.id === d.id).kind,
                    x: p.x, y: p.y, w: r.width, h: r.height, colour: d.font.color}; }); })()""")


def centre_of(page: Any, node: str) -> tuple[float, float]:
    return tuple(page.evaluate("""(id) => { const n = window.kgraphNetwork.network;
        document.getElementById('network').scrollIntoView({block: 'center'});
        const p = n.canvasToDOM(n.getPosition(id));
        const r = document.getElementById('network').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""", node))


def open_network(browser: Any, site: Path, fragment: str = "") -> tuple[Any, Any]:  # noqa: F811
    page, watch = open_page(browser)
    page.goto((site / "network.html").as_uri() + fragment)
    wait_drawn(page)
    return page, watch


# the model (no browser) ----------------------------------------------------------------

@pytest.mark.slow  # builds the site
def test_the_model_reads_links_in_words_and_keeps_iris_out(site: Path) -> None:  # noqa: F811
    net = json.loads((site / "network.json").read_text(encoding="utf-8"))
    # what the page shows of the data: names, kinds, plans, link readings (ids stay inside)
    shown = [t for n in net["nodes"] for t in (n["label"], n["type"])]
    shown += [t for r in net["relations"] for t in (r["forward"], r["inverse"])]
    shown += [p["label"] for p in net["plans"]] + [f["title"] for f in net["families"]]
    for text in shown:
        assert "http" not in text and not CURIE.search(text), text
    readings = {(r["forward"], r["inverse"]) for r in net["relations"]}
    # the two ends of one link, as the ontology reads them
    assert ("accountable to", "receives reports from") in readings
    assert ("contributes to", "receives contributions from") in readings
    ids = {n["id"] for n in net["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids and e["from"] != e["to"] for e in net["edges"])
    assert len(net["core"]) <= CORE_SIZE


@pytest.mark.slow  # builds the site
def test_isolated_entities_have_no_link_in_the_graph(site: Path, graph) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    net = json.loads((site / "network.json").read_text(encoding="utf-8"))
    entities = {ID[n["id"]] for n in net["nodes"]}
    listed = [n for g in net["isolated"] for n in g["nodes"]]
    assert len(listed) == net["isolated_count"] > 0
    for n in listed:
        iri = ID[n["id"]]
        linked = [o for o in graph.objects(iri, None) if o in entities and o != iri]
        linked += [s for s in graph.subjects(None, iri) if s in entities and s != iri]
        assert linked == [], (n["label"], linked)
    # and every entity the graph links to another is drawn in some view, not listed
    assert {n["id"] for n in listed} == {n["id"] for n in net["nodes"] if n["degree"] == 0}
    html = (site / "network.html").read_text(encoding="utf-8")
    for n in listed[:20]:
        assert f'href="{n["url"]}"' in html


def test_a_large_network_is_split_into_views(tmp_path: Path) -> None:
    """Over VIEW_CAP linked nodes the page offers no 'everything' view and says why."""
    from kgraph.explorer.build import write_network_view

    n = VIEW_CAP + 50
    nodes = [network_node("plan", "A plan", "StrategicPlan", ["plan"], "plan/plan.html")]
    nodes += [network_node(f"s{i}", f"Strategy {i}", "Strategy", ["plan"], f"strategy/s{i}.html")
              for i in range(n)]
    links = [(f"s{i}", "https://w3id.org/kgraph/ontology#contributesTo", "plan")
             for i in range(n)]
    model = network_model(nodes, links, [{"slug": "plan", "label": "A plan"}], "network.html")
    write_network_view(model, tmp_path)
    html = (tmp_path / "network.html").read_text(encoding="utf-8")
    assert 'value="all"' not in html
    assert "more than one drawing can hold and stay responsive" in " ".join(html.split())
    assert len(model["core"]) == CORE_SIZE


# in the browser ------------------------------------------------------------------------

@in_browser
def test_first_view_draws_the_core_with_readable_hub_labels(browser, site: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page, watch = open_network(browser, site)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#network").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "network.png"))
    nodes = drawn(page)
    assert 10 <= len(nodes) <= CORE_SIZE
    by_label = {plain(n["full"]).casefold(): n for n in nodes}
    for number, name in edm_priorities().items():
        node = by_label.get(name.casefold())
        assert node is not None, (number, name)
        # drawn with its whole name, large enough to read, inside the canvas
        assert plain(node["label"]).casefold() == name.casefold()
        assert node["px"] >= 12, (name, node["px"])
        assert 0 <= node["x"] <= node["w"] and 0 <= node["y"] <= node["h"], node
    # every plan drawn is a hub: its label is at least 14 px on screen
    plans = [n for n in nodes if n["kind"] == "plan"]
    assert plans and all(n["px"] >= 13.9 for n in plans)
    watch.assert_clean()
    page.close()


@in_browser
def test_a_click_on_a_node_selects_it_and_the_panel_reads_its_links(browser, site: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page, watch = open_network(browser, site)
    since = now(page)
    page.select_option("#net-view", "plan:every-day-matters")
    wait_drawn(page, since)
    assert "live-it-well" in page.evaluate("window.kgraphNetwork.state.drawn")
    page.mouse.click(*centre_of(page, "live-it-well"))
    page.wait_for_function("window.kgraphNetwork.state.selected === 'live-it-well'")
    assert page.locator("#net-panel-title").inner_text() == "Live It Well"
    panel = page.locator("#net-panel-body")
    assert "A strategy." in panel.inner_text()
    assert panel.locator("a", has_text="Open its page").get_attribute("href") \
        .endswith("strategy/live-it-well.html")
    # 000 Appendix 2, the Live It Well row: priorities 2, 4 and 5 ticked
    line, ticked = seed_ticks("Live It Well")
    assert ticked == {2, 4, 5}, line
    names = edm_priorities()
    groups = page.evaluate("""(() => { const out = {}; let head = null;
        document.querySelectorAll('#net-panel-body dl.net-links > *').forEach(e => {
          if (e.tagName === 'DT') { head = e.textContent; out[head] = []; }
          else { out[head].push(e.querySelector('button').textContent); } });
        return out; })()""")
    contributes = groups.get("Live It Well contributes to", [])
    edm = {plain(t).casefold() for t in contributes} & {v.casefold() for v in names.values()}
    assert edm == {names[i].casefold() for i in ticked}, (contributes, line)
    # read from its own end: nothing says "receives contributions from" Live It Well
    assert all("receives contributions from" not in h for h in groups)
    text = page.locator("#net-panel").inner_text()
    assert not CURIE.search(text) and "http" not in text and "live-it-well" not in text
    # the highlight is drawn on top: the selection and its neighbours come last
    order = page.evaluate("window.kgraphNetwork.network.body.nodeIndices")
    near = set(page.evaluate("window.kgraphNetwork.network.getConnectedNodes('live-it-well')"))
    near.add("live-it-well")
    assert set(order[-len(near):]) == near
    greyed = [n for n in drawn(page) if n["id"] not in near]
    assert greyed and all(n["colour"] != "#1f2933" for n in greyed)
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + 4, box["y"] + 4)  # off the node: its tooltip closes
    page.wait_for_timeout(200)
    page.locator("#network").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "network-selection.png"))
    # in the core (labels moved apart), a click on a label, below its node, selects too
    since = now(page)
    page.click("#net-reset")
    wait_drawn(page, since)
    name = edm_priorities()[3]
    target = next(n["id"] for n in drawn(page) if plain(n["full"]).casefold() == name.casefold())
    label = page.evaluate("""(id) => { const n = window.kgraphNetwork.network;
        document.getElementById('network').scrollIntoView({block: 'center'});
        const b = n.getBoundingBox(id), c = n.getPosition(id);
        const p = n.canvasToDOM({x: c.x, y: b.bottom - 3});
        const r = document.getElementById('network').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y, b.bottom - 3 - c.y,
                window.kgraphNetwork.nodes.get(id).size]; }""", target)
    assert label[2] > label[3]  # the point is below the node's shape, on its label
    page.mouse.click(label[0], label[1])
    page.wait_for_function(f"window.kgraphNetwork.state.selected === {json.dumps(target)}")
    watch.assert_clean()
    page.close()


@in_browser
def test_tooltips_are_in_words(browser, site: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page, watch = open_network(browser, site, "#focus=live-it-well")
    page.wait_for_function("window.kgraphNetwork.state.selected === 'live-it-well'")
    tips = page.evaluate("""(() => { const k = window.kgraphNetwork;
        return {nodes: k.nodes.get().map(n => n.title.textContent),
                edges: k.edges.get().map(e => e.title.textContent), ids: k.nodes.getIds()}; })()""")
    assert tips["nodes"] and tips["edges"]
    for text in tips["nodes"] + tips["edges"]:
        assert not CURIE.search(text) and "http" not in text, text
    for slug in tips["ids"]:
        if "-" in slug:
            assert all(slug not in t for t in tips["nodes"] + tips["edges"]), slug
    assert any(t.startswith("Live It Well") and "strategy" in t for t in tips["nodes"])
    assert any(t == "Live It Well contributes to Better use of resources" for t in tips["edges"])
    # a hovered node shows its tooltip as text
    page.mouse.move(*centre_of(page, "live-it-well"))
    page.wait_for_selector("div.vis-tooltip", state="visible")
    assert page.locator("div.vis-tooltip").inner_text().startswith("Live It Well")
    watch.assert_clean()
    page.close()


@in_browser
def test_filters_change_the_legend_counts_and_lay_out_again(browser, site: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page, watch = open_network(browser, site)
    net = json.loads((site / "network.json").read_text(encoding="utf-8"))

    def legend() -> dict[str, str]:
        return {s.get_attribute("data-family"): s.inner_text()
                for s in page.locator(".legend-count").all()}

    def kinds_drawn() -> dict[str, int]:
        out: dict[str, int] = {}
        for n in drawn(page):
            out[n["kind"]] = out.get(n["kind"], 0) + 1
        return out

    core = kinds_drawn()
    assert {k: f"({c})" for k, c in core.items()}.items() <= legend().items()
    since = now(page)
    page.select_option("#net-view", "plan:every-day-matters")
    wait_drawn(page, since)
    members = [n for n in net["nodes"] if n["degree"] and "every-day-matters" in n["plans"]]
    assert len(drawn(page)) == len(members)
    plan_counts = kinds_drawn()
    assert plan_counts != core
    assert all(legend()[k] == f"({c})" for k, c in plan_counts.items())
    before = {n["id"]: (n["x"], n["y"]) for n in drawn(page)}
    since = now(page)
    page.uncheck(".legend input[value='priority']")
    wait_drawn(page, since)  # laid out again, for the nodes left
    after = drawn(page)
    assert after and all(n["kind"] != "priority" for n in after)
    assert legend()["priority"] == f"({plan_counts['priority']} in this view, not drawn)"
    assert len(after) == len(before) - plan_counts["priority"]
    moved = sum(1 for n in after if (n["x"], n["y"]) != before[n["id"]])
    assert moved > len(after) // 2
    assert page.locator("#net-list-count").inner_text() == str(len(after))
    watch.assert_clean()
    page.close()


@in_browser
def test_isolated_entities_are_listed_not_drawn(browser, site: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    net = json.loads((site / "network.json").read_text(encoding="utf-8"))
    page, watch = open_network(browser, site)
    since = now(page)
    page.select_option("#net-view", "all")
    wait_drawn(page, since)
    on_canvas = {n["id"] for n in drawn(page)}
    listed = {n["id"] for g in net["isolated"] for n in g["nodes"]}
    assert len(on_canvas) == net["linked"] and not (on_canvas & listed)
    # the list beside the canvas links each to its page
    links = page.locator(".net-isolated a")
    assert links.count() == len(listed)
    first = links.first
    href = first.get_attribute("href")
    page.locator(".net-isolated summary").first.click()
    first.click()
    page.wait_for_url("**/" + href.rsplit("/", 2)[-2] + "/*.html")
    watch.assert_clean()
    page.close()


@in_browser
def test_keyboard_pans_zooms_and_selects(browser, site: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page, watch = open_network(browser, site)
    page.focus("#net-reset")
    on_canvas = "document.activeElement.parentElement.id === 'network'"
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate(on_canvas):
            break
    assert page.evaluate(on_canvas)
    assert page.evaluate("document.activeElement.getAttribute('role')") == "application"
    assert "arrow keys pan" in page.evaluate("document.activeElement.getAttribute('aria-label')")
    view = page.evaluate("window.kgraphNetwork.network.getViewPosition()")
    scale = page.evaluate("window.kgraphNetwork.network.getScale()")
    # vis-network moves the view on each frame while a key is held (a press shorter than a
    # frame can move nothing), so hold each key as a reader does
    page.keyboard.down("ArrowRight")
    page.wait_for_timeout(400)
    page.keyboard.up("ArrowRight")
    page.wait_for_function("(v) => { const p = window.kgraphNetwork.network.getViewPosition();"
                           " return p.x !== v.x || p.y !== v.y; }", arg=view, timeout=5000)
    page.keyboard.down("+")
    page.wait_for_timeout(400)
    page.keyboard.up("+")
    page.wait_for_function(f"window.kgraphNetwork.network.getScale() > {scale}", timeout=5000)
    # the list of the entities drawn: Tab to it, open it, pick one with the keyboard
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    name = page.evaluate("document.activeElement.textContent")
    node = page.evaluate("document.activeElement.getAttribute('data-node')")
    page.keyboard.press("Enter")
    page.wait_for_function(f"window.kgraphNetwork.state.selected === {json.dumps(node)}")
    assert page.locator("#net-panel-title").inner_text() == name
    # the panel's neighbours are buttons too: Enter moves the selection along a link
    page.focus("#net-panel-body dd button")
    other = page.evaluate("document.activeElement.getAttribute('data-node')")
    page.keyboard.press("Enter")
    page.wait_for_function(f"window.kgraphNetwork.state.selected === {json.dumps(other)}")
    watch.assert_clean()
    page.close()


@in_browser
def test_widen_adds_neighbours_up_to_the_cap(browser, site: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page, watch = open_network(browser, site)
    core = set(page.evaluate("window.kgraphNetwork.state.drawn"))
    since = now(page)
    page.click("#net-widen")
    wait_drawn(page, since)
    wider = set(page.evaluate("window.kgraphNetwork.state.drawn"))
    assert core < wider and len(wider) <= VIEW_CAP
    near = set(page.evaluate("""(ids) => { const n = window.kgraphNetwork; const out = new Set(ids);
        ids.forEach(id => n.data.edges.forEach(e => { if (e.from === id) out.add(e.to);
                                                      if (e.to === id) out.add(e.from); }));
        return [...out]; }""", sorted(core)))
    assert wider <= near
    watch.assert_clean()
    page.close()
