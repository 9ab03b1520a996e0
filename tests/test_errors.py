"""One table of exit codes (issue 12.5): ``kgraph.errors.EXIT_CODES`` is it, every error
class takes its code from it, the CLI maps through it, and the README's table says the same."""

from __future__ import annotations

import errno
import re

import pytest
from click.testing import CliRunner
from conftest import ROOT

from kgraph import errors
from kgraph.cli.main import cli


def readme_table() -> dict[int, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Exit codes", 1)[1]
    rows = re.findall(r"^\| (\d+) \| (.+?) \|$", section, flags=re.MULTILINE)
    return {int(code): meaning for code, meaning in rows}


def test_the_readme_table_is_the_error_table() -> None:
    assert readme_table() == errors.EXIT_CODES


def every_error_class() -> list[type]:
    import kgraph.backends  # noqa: F401 - the store errors live there
    import kgraph.exchange.model  # noqa: F401

    found, todo = [], [errors.KgraphError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_every_error_class_has_a_code_of_the_table() -> None:
    classes = every_error_class()
    assert len(classes) > 10
    for cls in classes:
        assert cls.exit_code in errors.EXIT_CODES and cls.exit_code != errors.OK, cls


def test_store_errors_exit_7() -> None:
    from kgraph.backends import StoreError

    assert StoreError.exit_code == errors.STORE == 7
    assert "store" in errors.EXIT_CODES[errors.STORE]


@pytest.mark.parametrize("exc, code, words", [
    (OSError(errno.ENOSPC, "No space left on device", "/x/out.ttl"), 3,
     "/x/out.ttl: no space left"),
    (PermissionError(errno.EACCES, "Permission denied", "/x/in.ttl"), 3, "permission denied"),
    (IsADirectoryError(errno.EISDIR, "Is a directory", "/x/d"), 3, "/x/d: is a folder"),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"), 3, "not UTF-8"),
    (errors.TooLarge("big"), 5, "big"),
    (errors.UsageError("port"), 2, "port"),
])
def test_exit_status_maps_through_the_table(exc: BaseException, code: int, words: str) -> None:
    message, got = errors.exit_status(exc)  # type: ignore[misc]
    assert got == code and words in message


def test_a_bug_is_not_mapped() -> None:
    assert errors.exit_status(KeyError("x")) is None


def test_the_cli_help_lists_the_codes() -> None:
    result = CliRunner().invoke(cli, ["--help"], catch_exceptions=False)
    text = " ".join(result.output.split())  # click re-wraps the help
    for code in errors.EXIT_CODES:
        assert f" {code} " in text.split("Exit codes", 1)[1]
