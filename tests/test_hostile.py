# Over 400 lines: one hostile-input case per function (issue 15), each building its own file.
"""Hostile input (issue 15): entity expansion, remote JSON-LD contexts, workbook zip bombs,
broken CSV, a byte-order mark, and `site serve` under odd requests. Every hostile file is
made here by the test; none is committed.

Each refusal is asserted through the CLI: a message naming the file, the documented exit
code (README's table) and no traceback.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import POLL, ROOT

from kgraph.cli.main import cli

EXAMPLE = ROOT / "examples" / "every-day-matters.xlsx"
EXAMPLE_CSV = ROOT / "examples" / "every-day-matters"
SMALL = ROOT / "tests" / "fixtures" / "exchange" / "new.ttl"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


# every command that reads RDF files, as (args with {f}: the file, {out}: a folder)
READERS = [
    ("validate", "{f}"), ("export", "--data", "{f}", "-o", "{out}/x.nt"),
    ("diff", "{f}", str(SMALL)), ("stats", "--data", "{f}"),
    ("site", "build", "--data", "{f}", "-o", "{out}/site"),
    ("load", "--store", "oxigraph:{out}/store", "{f}"),
]


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False, env=env)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


# --- 1. XML entity expansion ---------------------------------------------------------


def billion_laughs(path: Path, levels: int = 9) -> Path:
    ents = ['<!ENTITY l0 "lollollollollollollollollollol">']
    ents += [f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, levels + 1)]
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(ents) + "\n]>\n"
        f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="http://example.org/">\n'
        f'<rdf:Description rdf:about="http://example.org/a"><ex:b>&l{levels};</ex:b>'
        "</rdf:Description>\n</rdf:RDF>\n", encoding="utf-8")
    return path


def flat_entities(path: Path, uses: int) -> Path:
    """The Protégé idiom: short entities for namespaces, each used ``uses`` times."""
    body = "".join(f'<rdf:Description rdf:about="&ex;n{i}"><ex:p>v</ex:p></rdf:Description>\n'
                   for i in range(uses))
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY ex "http://example.org/">\n]>\n'
        f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="http://example.org/">\n{body}</rdf:RDF>\n',
        encoding="utf-8")
    return path


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_billion_laughs_is_refused_at_once(tmp_path: Path, command: tuple[str, ...]) -> None:
    bomb = billion_laughs(tmp_path / "bomb.rdf")
    args = [a.format(f=bomb, out=tmp_path) for a in command]
    start = time.monotonic()
    code, output = invoke(*args)
    assert time.monotonic() - start < 60  # a guard against the hang, not a speed measure
    assert code == 3, output
    assert f"{bomb}:" in output and "entity" in output
    assert not (tmp_path / "x.nt").exists() and not (tmp_path / "site").exists()


def test_plain_namespace_entities_still_parse(tmp_path: Path) -> None:
    from kgraph.loader import load

    graph = load([flat_entities(tmp_path / "ok.rdf", 50)])
    assert len(graph) == 50


def test_many_uses_of_a_flat_entity_are_bounded(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from kgraph import loader

    monkeypatch.setattr(loader, "MAX_XML_EXPANSION", 1000)
    code, output = invoke("validate", str(flat_entities(tmp_path / "wide.rdf", 100)))
    assert code == 3 and "would expand to 1,900 characters" in output


def test_external_entities_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me", encoding="utf-8")
    path = tmp_path / "xxe.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY s SYSTEM "file://{secret}"> ]>\n'
        f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="http://example.org/">'
        '<rdf:Description rdf:about="http://example.org/a"><ex:b>&s;</ex:b></rdf:Description>'
        "</rdf:RDF>\n", encoding="utf-8")
    code, output = invoke("validate", str(path))
    assert code == 3 and "external" in output and "do not read me" not in output


def test_the_parse_cache_keeps_no_oversized_store(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import pyoxigraph as ox

    from kgraph import cache

    monkeypatch.setenv("KGRAPH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", 1)  # any real store is bigger

    def fill(store: ox.Store) -> None:
        store.load(path=str(SMALL), format=ox.RdfFormat.TURTLE)

    assert cache.cached_store([SMALL], fill) is None
    assert list((tmp_path / "cache").iterdir()) == []  # nothing kept, no temporary left


# --- 2. JSON-LD contexts ---------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    calls: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        type(self).calls.append(self.path)
        body = b'{"@context": {"name": "http://schema.org/name"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def context_server():  # type: ignore[no-untyped-def]
    _Recorder.calls = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, args=(POLL,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/context.jsonld", _Recorder.calls
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_a_remote_context_is_never_fetched(tmp_path: Path, context_server, command) -> None:  # type: ignore[no-untyped-def]
    url, calls = context_server
    doc = tmp_path / "remote.jsonld"
    doc.write_text(f'{{"@context": "{url}", "@id": "http://example.org/a", "name": "x"}}',
                   encoding="utf-8")
    code, output = invoke(*[a.format(f=doc, out=tmp_path) for a in command])
    assert code == 3, output
    assert str(doc) in output and "offline" in output
    assert calls == []  # the server was never asked
    assert not (tmp_path / "x.nt").exists()


def test_a_context_naming_a_local_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ctx.jsonld").write_text('{"@context": {"name": "http://schema.org/name"}}',
                                         encoding="utf-8")
    for ctx in ('"ctx.jsonld"', f'"file://{tmp_path}/ctx.jsonld"',
                '[{"@vocab": "http://example.org/"}, "ctx.jsonld"]'):
        doc = tmp_path / "local.jsonld"
        doc.write_text(f'{{"@context": {ctx}, "@id": "http://example.org/a", "name": "x"}}',
                       encoding="utf-8")
        code, output = invoke("validate", str(doc))
        assert code == 3 and "ctx.jsonld" in output, output


def test_an_inline_context_is_read(tmp_path: Path) -> None:
    from kgraph.loader import load

    doc = tmp_path / "inline.jsonld"
    doc.write_text('{"@context": {"name": "http://schema.org/name"}, '
                   '"@id": "http://example.org/a", "name": "x"}', encoding="utf-8")
    assert len(load([doc])) == 1


# --- 3. workbook zip bombs -------------------------------------------------------------


def _workbook_with(tmp: Path, name: str, extra: dict[str, bytes]) -> Path:
    """The example workbook with some parts replaced or added."""
    path = tmp / name
    with zipfile.ZipFile(EXAMPLE) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in extra:
                dst.writestr(info, src.read(info))
        for part, data in extra.items():
            dst.writestr(part, data)
    return path


@pytest.mark.slow
def test_a_compressed_bomb_is_refused_quickly(tmp_path: Path) -> None:
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><sheetData>' + row * 1_000_000
             + b"</sheetData></worksheet>")
    bomb = _workbook_with(tmp_path, "bomb.xlsx", {"xl/worksheets/sheet2.xml": sheet})
    assert bomb.stat().st_size < 2**20 < len(sheet)
    start = time.monotonic()
    code, output = invoke("import", str(bomb), "-o", str(tmp_path / "out.ttl"))
    # a guard against the reported hang (300 s and more), not a speed measurement: the
    # refusal takes about a second, the bound leaves room for a loaded machine
    assert time.monotonic() - start < 60
    assert code == 5, output
    assert "compressed" in output and "sheet2.xml" in output and "nothing was read" in output
    assert not (tmp_path / "out.ttl").exists()


@pytest.mark.parametrize("limit, words", [
    ({"cells": 100}, "cells"), ({"entries": 10}, "files"), ({"total_bytes": 1000}, "unpacks"),
    ({"columns": 3}, "column"),
])
def test_workbook_limits_are_checked_before_reading(tmp_path: Path, limit: dict[str, int],
                                                    words: str) -> None:
    from kgraph.errors import TooLarge
    from kgraph.exchange.tables import Limits, check_xlsx

    check_xlsx(EXAMPLE)  # the example is within the default limits
    with pytest.raises(TooLarge, match=words):
        check_xlsx(EXAMPLE, Limits(**limit))


def test_shared_strings_are_counted(tmp_path: Path) -> None:
    from kgraph.errors import TooLarge
    from kgraph.exchange.tables import Limits, check_xlsx

    sst = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
           b'2006/main">' + b"<si><t>a</t></si>" * 500 + b"</sst>")
    book = _workbook_with(tmp_path, "sst.xlsx", {"xl/sharedStrings.xml": sst})
    with pytest.raises(TooLarge, match="500 texts"):
        check_xlsx(book, Limits(shared_strings=100))


@pytest.mark.slow
def test_a_dtd_inside_a_workbook_is_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(EXAMPLE) as z:
        sheet = z.read("xl/worksheets/sheet2.xml")
    evil = sheet.replace(b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY a "aaaa">]><worksheet', 1)
    assert evil != sheet
    book = _workbook_with(tmp_path, "dtd.xlsx", {"xl/worksheets/sheet2.xml": evil})
    code, output = invoke("import", str(book), "-o", str(tmp_path / "out.ttl"))
    assert code == 3 and "DTD" in output and "sheet2.xml" in output


@pytest.mark.slow
def test_not_a_zip_is_bad_input(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really")
    code, output = invoke("import", str(fake), "-o", str(tmp_path / "out.ttl"))
    assert code == 3 and "fake.xlsx" in output


# --- 7. CSV folders: a folder for a file, an unterminated quote -------------------------


def _csv_copy(tmp: Path) -> Path:
    folder = tmp / "plan"
    folder.mkdir()
    for f in EXAMPLE_CSV.iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    return folder


@pytest.mark.parametrize("command", ["import", "template"])
@pytest.mark.slow
def test_a_folder_where_a_csv_file_should_be(tmp_path: Path, command: str) -> None:
    folder = _csv_copy(tmp_path)
    (folder / "boards.csv").unlink()
    (folder / "boards.csv").mkdir()
    args = (["import", str(folder), "-o", str(tmp_path / "o.ttl")] if command == "import"
            else ["template", "--from", str(folder), "-o", str(tmp_path / "o.xlsx")])
    code, output = invoke(*args)
    assert code == 3 and "boards.csv: is a folder, not a CSV file" in output
    assert not list(tmp_path.glob("o.*"))


@pytest.mark.slow
def test_an_unterminated_quote_in_the_last_row_is_reported(tmp_path: Path) -> None:
    folder = _csv_copy(tmp_path)
    boards = folder / "boards.csv"
    lines = boards.read_text(encoding="utf-8-sig").splitlines()
    boards.write_text("\n".join(lines) + '\nnew-board,Board,"An unclosed label\n',
                      encoding="utf-8")
    code, output = invoke("import", str(folder), "-o", str(tmp_path / "o.ttl"))
    assert code == 3, output
    assert f"boards.csv:{len(lines) + 1}:" in output and "never closed" in output


@pytest.mark.slow
def test_an_unterminated_quote_in_a_middle_row_names_that_row(tmp_path: Path) -> None:
    folder = _csv_copy(tmp_path)
    boards = folder / "boards.csv"
    lines = boards.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) > 3
    lines[2] = lines[2].replace(",", ',"', 1)  # a quote opened in row 3, closed nowhere
    boards.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, output = invoke("import", str(folder), "-o", str(tmp_path / "o.ttl"))
    assert code == 3, output
    assert "boards.csv:3:" in output


# --- 8. one reader: a byte-order mark ---------------------------------------------------


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_a_byte_order_mark_gets_one_answer_everywhere(tmp_path: Path, command) -> None:  # type: ignore[no-untyped-def]
    bom = tmp_path / "bom.ttl"
    bom.write_bytes(b"\xef\xbb\xbf" + SMALL.read_bytes())
    code, output = invoke(*[a.format(f=bom, out=tmp_path) for a in command])
    assert code == 3, output
    assert f"{bom}:1: starts with a UTF-8 byte-order mark" in output


# --- 9. site serve -------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from kgraph.explorer.build import build_site
    from kgraph.explorer.serve import server

    site = build_site([SMALL], tmp_path_factory.mktemp("served") / "site").path
    (site.parent / "outside.txt").write_text("not the site's", encoding="utf-8")
    (site / "static" / "escape").symlink_to(site.parent / "outside.txt")
    httpd = server(site, port=0)
    thread = threading.Thread(target=httpd.serve_forever, args=(POLL,), daemon=True)
    thread.start()
    yield httpd.server_address[1], site
    httpd.shutdown()
    httpd.server_close()


def _get(port: int, path: str, host: str | None = None) -> int:
    """The status of a raw GET (urllib would re-quote the path)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host or f'127.0.0.1:{port}'}\r\n"
                  "Connection: close\r\n\r\n".encode("latin-1"))
        head = s.recv(64).decode("latin-1")
    return int(head.split()[1])


@pytest.mark.parametrize("path, status", [
    ("/index.html", 200), ("/", 200), ("/static/kgraph.css", 200),
    ("/%00", 400), ("/index.html%00.js", 400), ("/%ff", 400),
    ("/static/", 404), ("/static/vendor/", 404),  # no directory listings
    ("/.kgraph-site", 404), ("/static/escape", 404),  # hidden files; a link out of the site
    ("/../outside.txt", 404), ("/%2e%2e/outside.txt", 404),
])
def test_serve_answers_only_with_the_sites_files(served: tuple[int, Path], path: str,
                                                 status: int) -> None:
    assert _get(served[0], path) == status


@pytest.mark.parametrize("host, status", [
    ("localhost", 200), ("localhost:1", 200), ("127.0.0.1", 200), ("[::1]:80", 200),
    ("evil.example", 403), ("127.0.0.1.evil.example", 403), ("localhost.evil.example:80", 403),
])
def test_serve_answers_only_for_local_host_names(served: tuple[int, Path], host: str,
                                                 status: int) -> None:
    assert _get(served[0], "/index.html", host) == status


def test_serve_on_a_port_in_use_says_so(served: tuple[int, Path]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        code, output = invoke("site", "serve", "-d", str(served[1]), "-p", str(port))
    assert code == 2 and f"port {port}" in output and "already in use" in output


def test_the_server_log_shows_no_traceback(served: tuple[int, Path],
                                          capfd: pytest.CaptureFixture[str]) -> None:
    for path in ("/%00", "/%ff", "/static/"):
        _get(served[0], path)
    time.sleep(0.2)
    assert "Traceback" not in capfd.readouterr().err


def test_urlopen_of_a_listing_is_404(served: tuple[int, Path]) -> None:
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(f"http://127.0.0.1:{served[0]}/static/", timeout=10)
    assert info.value.code == 404


# --- every file-reading command against every kind of bad file ---------------------------

SWEEP_COMMANDS = {
    "validate": ["validate", "{f}"],
    "show": ["show", "x", "--data", "{f}"],
    "stats": ["stats", "--data", "{f}"],
    "coverage": ["coverage", "--data", "{f}"],
    "gaps": ["gaps", "--data", "{f}"],
    "overlaps": ["overlaps", "--data", "{f}"],
    "trace": ["trace", "x", "--data", "{f}"],
    "crosswalk": ["crosswalk", "--data", "{f}"],
    "indicators": ["indicators", "--data", "{f}"],
    "report": ["report", "--data", "{f}", "-o", "{out}/r.md"],
    "site build": ["site", "build", "--data", "{f}", "-o", "{out}/site"],
    "load": ["load", "--store", "oxigraph:{out}/store", "{f}"],
    "export": ["export", "--data", "{f}", "-o", "{out}/x.nt"],
    "diff": ["diff", "{f}", str(SMALL)],
    "import --data": ["import", str(EXAMPLE_CSV), "--data", "{f}", "-o", "{out}/x.ttl"],
}


def bad_file(kind: str, tmp: Path) -> Path:
    if kind == "missing":
        return tmp / "missing.ttl"
    if kind == "folder":
        (tmp / "folder.ttl").mkdir()
        return tmp / "folder.ttl"
    path = tmp / f"{kind}.ttl"
    data = SMALL.read_bytes()
    latin1 = b'\n<http://example.org/a> <http://example.org/b> "caf\xe9" .\n'  # not UTF-8
    path.write_bytes(b"\xef\xbb\xbf" + data if kind == "bom" else data + latin1)
    return path


@pytest.mark.parametrize("kind", ["missing", "folder", "latin-1", "bom"])
@pytest.mark.parametrize("name", list(SWEEP_COMMANDS))
def test_every_reader_answers_a_bad_file_with_a_message(tmp_path: Path, name: str,
                                                        kind: str) -> None:
    if name == "diff" and kind == "folder":
        pytest.skip("a folder is a CSV workbook to diff, not a bad file")
    path = bad_file(kind, tmp_path)
    code, output = invoke(*[a.format(f=path, out=tmp_path) for a in SWEEP_COMMANDS[name]])
    assert code == 3, output  # README: bad input
    assert str(path.name) in output and "Error:" in output
    # nothing written (load opens its store before it reads: an empty store may be left)
    assert not [p for p in tmp_path.iterdir() if p != path and p.name != "store"]
