"""kgraph site build: the static explorer, checked through its JSON twins and its HTML
structure (BeautifulSoup), not its markup text. Facts are checked against the seeds.

The browser tests (a reader's walk, keyboard use, phone width, injected labels) are in
test_site_browser.py.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import BUNDLED, EDM, FIXTURES, POLL, SEEDS, plain, seed_lines
from rdflib import Literal
from rdflib.namespace import DCTERMS, SKOS

from kgraph.cli.main import cli

TICK = "\u2713"
PAYLOADS = (
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    '"><svg onload="window.__pwned = 3">',
    "</script><script>window.__pwned = 4</script>",
    "{{ 7 * 7 }}",
)


def build(data: Path, out: Path) -> Path:
    from kgraph.explorer.build import build_site

    return build_site([data], out).path


def seed_ticks(label: str) -> tuple[int, set[int]]:
    """(line, priority numbers ticked) of a strategy's row in Every Day Matters Appendix 2,
    read from the seed: the row's cells split on tabs; cells 3-7 are priorities 1-5."""
    for number, line in enumerate(seed_lines(EDM), start=1):
        cells = line.split("\t")
        if len(cells) == 7 and plain(cells[0]) == label:
            return number, {i for i, cell in enumerate(cells[2:], start=1) if cell.strip() == TICK}
    raise AssertionError(f"{label!r} is not a row of Appendix 2")


def payload_graph(tmp: Path) -> Path:
    """The mini fixture graph with every label, quote and title carrying HTML/JS."""
    from kgraph.curation.compile import compile_sources
    from kgraph.namespaces import KG

    g = compile_sources(FIXTURES / "mini_sources", SEEDS)
    texts = (SKOS.prefLabel, SKOS.altLabel, KG.quote, KG.labelUsed, DCTERMS.title,
             DCTERMS.description)
    found = [(s, p, o) for s, p, o in sorted(g) if p in texts and isinstance(o, Literal)]
    for i, (s, p, o) in enumerate(found):
        g.remove((s, p, o))
        g.add((s, p, Literal(f"{PAYLOADS[i % len(PAYLOADS)]} {o}")))
    path = tmp / "payload.ttl"
    g.serialize(path, format="turtle")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> Path:
    return build(BUNDLED, tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="module")
def cli_build(tmp_path_factory: pytest.TempPathFactory, seeds: Path):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("cli") / "site"
    result = CliRunner().invoke(cli, ["site", "build", "--data", str(BUNDLED), "-o", str(out)],
                                catch_exceptions=False)
    return result, out


def twin(site: Path, page: str) -> dict:
    return json.loads((site / page).with_suffix(".json").read_text(encoding="utf-8"))


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.slow
def test_build_command_reports_its_time(cli_build) -> None:  # type: ignore[no-untyped-def]
    result, out = cli_build
    assert result.exit_code == 0, result.output
    assert re.search(r"\(\d+ pages, \d+ files\) in \d+\.\d s$", result.output.strip())
    assert (out / "index.html").is_file()


@pytest.mark.slow
def test_building_twice_gives_identical_files(site: Path, cli_build) -> None:  # type: ignore[no-untyped-def]
    _result, again = cli_build
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []


@pytest.mark.slow
def test_every_internal_link_resolves(site: Path) -> None:
    nodes = {n["id"] for n in twin(site, "network.html")["nodes"]}
    ids: dict[Path, set[str]] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in ids:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            ids[page] = {t["id"] for t in soup.find_all(id=True)}
        return ids[page]

    broken, external, checked = [], [], 0
    for page in html_pages(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
                          ("form", "action")):
            for el in soup.find_all(tag, attrs={attr: True}):
                url = el[attr]
                parts = urlsplit(url)
                if parts.scheme == "data" and tag == "a" and el.has_attr("download"):
                    continue  # a download made in the page (an indicator's CSV): no request
                if parts.scheme or url.startswith("//"):
                    external.append((page.name, url))
                    continue
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
                checked += 1
                if not target.is_file() or site.resolve() not in target.parents:
                    broken.append((str(page.relative_to(site)), url))
                elif parts.fragment.startswith("focus="):
                    if unquote(parts.fragment[6:]) not in nodes:
                        broken.append((str(page.relative_to(site)), url))
                elif parts.fragment and parts.fragment not in ids_of(target):
                    broken.append((str(page.relative_to(site)), url))
    assert external == []
    assert broken == []
    assert checked > 1000


@pytest.mark.slow
def test_every_page_has_a_json_twin(site: Path) -> None:
    for page in html_pages(site):
        data = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        assert data["path"] == page.relative_to(site).as_posix()
        assert data["title"]


@pytest.mark.slow
def test_search_index_lists_every_entity_and_document_page(site: Path) -> None:
    index = json.loads((site / "search-index.json").read_text(encoding="utf-8"))
    listed = {e["u"] for e in index}
    pages = {p.relative_to(site).as_posix() for p in html_pages(site) if "/" in
             p.relative_to(site).as_posix()}
    assert pages == listed
    script = (site / "search-index.js").read_text(encoding="utf-8")
    assert script.startswith("window.KGRAPH_SEARCH = ")


@pytest.mark.slow
def test_live_it_well_page_shows_the_seed_ticks(site: Path) -> None:
    line, ticks = seed_ticks("Live It Well")
    assert line == 521
    page = twin(site, "strategy/live-it-well.html")
    shown = {int(p["notation"].split()[-1]) for c in page["covers"] for p in c["priorities"]
             if c["plan"] and c["plan"]["slug"] == "every-day-matters"}
    assert shown == ticks
    cited = {c["line"] for c in page["covers"][0]["priorities"][0]["citations"]}
    assert line in cited
    # and the HTML says the same, linked to each priority's page
    soup = BeautifulSoup((site / "strategy/live-it-well.html").read_text(encoding="utf-8"),
                         "html.parser")
    section = soup.find("section", class_="covers")
    notations = {int(s.get_text().split()[-1]) for s in section.select("span.notation")
                 if s.get_text().startswith("Priority")}
    assert notations >= ticks
    links = {a["href"] for a in section.find_all("a")}
    assert {f"../priority/every-day-matters-priority-{n}.html" for n in ticks} <= links
    # who is accountable: the section is there, with a stated chain or an explicit "none"
    assert soup.find(id="acc-h") is not None


@pytest.mark.slow
def test_coverage_page_matches_the_coverage_analysis(site: Path, graph) -> None:  # type: ignore[no-untyped-def]
    from kgraph.analysis.coverage import plan_coverage
    from kgraph.analysis.gaps import gaps
    from kgraph.analysis.plans import list_plans

    page = twin(site, "coverage.html")
    found = gaps(graph, None, page["min_strategies"])
    thin = set(found.loc[found["kind"].isin(["thin-priority", "priority-without-strategy"]),
                         "entity"])
    # the site shows every plan with priorities, also those no strategy serves yet
    expected = {p.slug: plan_coverage(graph, p) for p in list_plans(graph) if p.priorities}
    assert [p["plan"]["slug"] for p in page["plans"]] == list(expected)
    for p in page["plans"]:
        matrix = expected[p["plan"]["slug"]].matrix
        rows = matrix[matrix["strategy"] != "TOTAL"]
        assert [r["ref"]["slug"] for r in p["rows"]] == list(rows["slug"])
        assert [r["total"] for r in p["rows"]] == [int(t) for t in rows["total"]]
        assert p["grand_total"] == int(expected[p["plan"]["slug"]].totals["total"])
        for c in p["columns"]:  # thin as the gaps analysis finds it, and only then
            assert c["thin"] == (c["ref"]["slug"] in thin)


@pytest.mark.slow
def test_entity_pages_say_what_kgraph_show_says(site: Path, graph) -> None:  # type: ignore[no-untyped-def]
    from kgraph.entity import describe

    for slug, family in (("kent-alcohol-strategy", "strategy"),
                         ("every-day-matters-priority-2", "priority")):
        page = f"{family}/{slug}.html"
        desc = describe(graph, slug).to_dict()
        shown = twin(site, page)
        assert shown["facts"] + shown["attributes"] != []
        linked = {(f["predicate"], f["target"]) for f in shown["facts"]}
        assert linked == {(f["predicate"], f["target"]) for f in desc["facts"] if f["target"]}
        assert {(f["predicate"], f["target"]) for f in shown["incoming"]} == {
            (f["predicate"], f["target"]) for f in desc["incoming"]}
        assert {(m["doc"], m["line"]) for d in shown["named_in"] for m in
                [{"doc": d["doc"], **x} for x in d["mentions"]]} == {
            (m["doc"], m["line"]) for m in desc["mentions"]}


@pytest.mark.slow
def test_network_has_every_entity_and_link(site: Path) -> None:
    """Every entity is in the network's data (drawn in a view if linked, listed if not);
    the views are laid out in the browser (tests/test_site_network.py)."""
    net = twin(site, "network.html")
    entities = {e["slug"] for f in twin(site, "entities.html")["families"] for e in
                [x["ref"] for x in f["entities"]]}
    assert {n["id"] for n in net["nodes"]} == entities
    ids = {n["id"] for n in net["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in net["edges"])
    listed = {n["id"] for g in net["isolated"] for n in g["nodes"]}
    assert net["linked"] + len(listed) == len(ids)
    assert "cdn" not in (site / "network.html").read_text(encoding="utf-8").casefold()


def test_labels_are_escaped(tmp_path: Path, seeds: Path) -> None:
    site = build(payload_graph(tmp_path), tmp_path / "site")
    ours = {"search-index.js", "kgraph.js", "coverage.js", "network.js", "vis-network.min.js",
            "network-data.js", "minisearch.js", "search.js", "findings.js"}
    shown = 0
    for page in html_pages(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert script.get("src", "").rsplit("/", 1)[-1] in ours, (page, script)
        for el in soup.find_all(True):
            assert not [a for a in el.attrs if a.lower().startswith("on")], (page, el)
        assert soup.find("img") is None and soup.find("svg", onload=True) is None
        shown += soup.get_text().count("window.__pwned")
    assert shown > 10  # the payloads are there, as text
    for data in ("search-index.js", "network-data.js"):
        text = (site / data).read_text(encoding="utf-8")
        assert "<" not in text and ">" not in text


def test_a_failed_build_leaves_the_old_site(tmp_path: Path, seeds: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from kgraph.explorer import pages

    mini = payload_graph(tmp_path)
    out = build(mini, tmp_path / "site")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(*_args: object) -> None:
        raise RuntimeError("template data broke half way")

    monkeypatch.setattr(pages, "entity_page", broken)
    with pytest.raises(RuntimeError):
        build(mini, out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["payload.ttl", "site"]


def test_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["site", "build", "--data", str(BUNDLED), "-o", str(tmp_path)],
                                catch_exceptions=False)
    assert result.exit_code == 3
    assert "holds no kgraph site" in result.output
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.slow
def test_serve_answers_on_loopback(site: Path) -> None:
    from kgraph.explorer.serve import server

    httpd = server(site, port=0)
    thread = threading.Thread(target=httpd.serve_forever, args=(POLL,), daemon=True)
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=10) as r:
            assert r.status == 200
            assert b"kgraph explorer" in r.read()
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_serve_without_a_site_says_build_first(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["site", "serve", "-d", str(tmp_path)],
                                catch_exceptions=False)
    assert result.exit_code == 3
    assert "kgraph site build" in result.output


def test_site_commands_have_help() -> None:
    for args in (["site", "--help"], ["site", "build", "--help"], ["site", "serve", "--help"]):
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0 and "Usage:" in result.output
