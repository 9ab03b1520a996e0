"""Issue 15 leftovers: `kgraph query` of a missing or unreadable .rq is bad input (exit 3,
the file named, as the README's exit-code table says), not click's usage error (2); `kgraph
load` of a refused file into a new store leaves no store folder behind; a Turtle file with a
UTF-8 byte-order mark gets the one answer in every reader (tests/test_hostile.py holds the
sweep; here the commands not in it: coverage, query's --data, import's --data)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from kgraph.cli.main import cli

SMALL = ROOT / "tests" / "fixtures" / "exchange" / "new.ttl"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n"


def invoke(*args: str, input: bytes | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False, input=input)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_query_of_a_missing_file_is_bad_input_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.rq"
    code, output = invoke("query", str(missing), "--data", str(SMALL))
    assert code == 3, output
    assert f"{missing}: no such file" in output
    assert "Usage:" not in output


def test_query_of_a_folder_is_bad_input(tmp_path: Path) -> None:
    folder = tmp_path / "q.rq"
    folder.mkdir()
    code, output = invoke("query", str(folder), "--data", str(SMALL))
    assert code == 3 and f"{folder}: is a folder" in output


def test_query_not_utf8_names_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_bytes(b"# a comment\nSELECT \xff WHERE {}\n")
    code, output = invoke("query", str(bad), "--data", str(SMALL))
    assert code == 3 and f"{bad}:2:8: not UTF-8" in output


def test_query_from_a_file_with_a_bom_and_from_stdin(tmp_path: Path) -> None:
    q = tmp_path / "q.rq"
    q.write_bytes(b"\xef\xbb\xbf" + COUNT.encode())
    code, from_file = invoke("query", str(q), "--data", str(SMALL), "--format", "csv")
    assert code == 0, from_file
    code, from_stdin = invoke("query", "-", "--data", str(SMALL), "--format", "csv",
                              input=COUNT.encode())
    assert code == 0, from_stdin
    assert from_file == from_stdin
    assert int(from_file.splitlines()[1]) > 10


def test_load_of_a_malformed_file_makes_no_store(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    store = tmp_path / "store"
    code, output = invoke("load", "--store", f"oxigraph:{store}", str(broken))
    assert code == 3 and f"{broken}:2:" in output
    assert not store.exists()  # before: an empty RocksDB folder was left


def test_load_of_a_malformed_file_keeps_an_existing_store(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    store = tmp_path / "store"
    code, output = invoke("load", "--store", f"oxigraph:{store}", str(SMALL))
    assert code == 0, output
    code, output = invoke("load", "--store", f"oxigraph:{store}", str(broken))
    assert code == 3
    code, output = invoke("query", "-", "--store", f"oxigraph:{store}", "--format", "csv",
                          input=COUNT.encode())
    assert code == 0 and int(output.splitlines()[1]) > 10  # the earlier load is intact


def test_load_of_a_refused_file_into_an_existing_empty_folder_keeps_the_folder(
        tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("not turtle at all", encoding="utf-8")
    store = tmp_path / "mine"
    store.mkdir()  # the user's own folder: never removed
    code, _ = invoke("load", "--store", f"oxigraph:{store}", str(broken))
    assert code == 3 and store.is_dir()


@pytest.mark.parametrize("command", [
    ("coverage", "--data", "{f}"),
    ("query", "{q}", "--data", "{f}"),
    ("show", "anything", "--data", "{f}"),
], ids=lambda c: c[0])
def test_a_byte_order_mark_in_turtle_gets_the_same_answer(tmp_path: Path, command) -> None:  # type: ignore[no-untyped-def]
    bom = tmp_path / "bom.ttl"
    bom.write_bytes(b"\xef\xbb\xbf" + SMALL.read_bytes())
    q = tmp_path / "q.rq"
    q.write_text(COUNT, encoding="utf-8")
    code, output = invoke(*[a.format(f=bom, q=q) for a in command])
    assert code == 3, output
    assert f"{bom}:1: starts with a UTF-8 byte-order mark" in output
