"""Shared fixtures. Facts are checked against the seed documents, not against our output."""

from __future__ import annotations

import html
import importlib.util
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# `python -m pytest` puts the checkout first on sys.path, where kgraph/ has no cli/ inside
# (cli/ installs as kgraph.cli). Import the installed package instead, as users do.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = Path(os.environ.get("KGRAPH_SEEDS", ROOT.parent / "shared" / "seeds"))
BUNDLED = Path(os.environ.get("KGRAPH_BUNDLED", ROOT / "data" / "strategies.ttl"))

EDM = "000_4e8c06e772435c57.txt"  # Every Day Matters 2013-16
BP = "001_0875f0429e758a38.txt"  # CYPE Business Plan 2018-19
POSC = "002_c29f79f91196a13d.txt"  # committee pack with the draft EIP strategy
CYPP = "003_c779910bd59c470d.txt"  # CYPP 2008-11 second annual review
EIP = "004_83c6e0e8547de8f1.txt"  # EIP strategy 2011-14 (final)
# serve_forever's poll interval for the tests' HTTP servers: shutdown() waits up to one
# interval, and the default (0.5 s) was 4 s of the fast loop's teardowns
POLL = 0.02


def plain(text: str) -> str:
    """The test's own normalisation of seed text: entities, tags, markdown, spaces."""
    text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    text = re.sub(r"[*\\#]", "", text).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


def seed_lines(name: str) -> list[str]:
    """Raw lines of a seed file (index 0 is line 1)."""
    return (SEEDS / name).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"seed documents not found at {SEEDS} (set KGRAPH_SEEDS)")
    return SEEDS


@pytest.fixture(scope="session")
def graph(seeds: Path):  # type: ignore[no-untyped-def]
    from kgraph.loader import load

    return load([BUNDLED])


def browser_missing() -> str | None:
    """What a browser test lacks (playwright, or Debian's chromium), or None."""
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -e '.[test]')"
    if not (Path("/usr/bin/chromium").exists() or shutil.which("chromium")):
        return "Debian's chromium is not installed (apt-get install chromium)"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A browser test without its browser fails in CI (the CI variable set, as .ci/run does)
    and is skipped, with the reason, on a developer's machine; never a silent skip in CI."""
    if item.get_closest_marker("browser") is None:
        return
    missing = browser_missing()
    if missing is None:
        return
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"browser test in CI: {missing}", pytrace=False)
    pytest.skip(missing)
