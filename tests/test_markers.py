"""A browser test without its browser (playwright, Debian's chromium) fails in CI and
skips, saying why, elsewhere (tests/conftest.py)."""

from __future__ import annotations

from types import SimpleNamespace

import conftest
import pytest


def item(*marks: str) -> SimpleNamespace:
    return SimpleNamespace(get_closest_marker=lambda name: object() if name in marks else None)


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_a_browser_test_without_chromium_fails_in_ci(monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setattr(conftest, "browser_missing", lambda: "Debian's chromium is not installed")
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="browser test in CI: Debian's chromium"):
        conftest.pytest_runtest_setup(item("browser"))  # type: ignore[arg-type]


@pytest.mark.parametrize("ci", [None, "", "false", "0"])
def test_a_browser_test_without_chromium_skips_outside_ci(monkeypatch: pytest.MonkeyPatch,
                                                          ci: str | None) -> None:
    monkeypatch.setattr(conftest, "browser_missing", lambda: "playwright is not installed")
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="playwright is not installed"):
        conftest.pytest_runtest_setup(item("browser"))  # type: ignore[arg-type]


def test_other_tests_and_present_browsers_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(conftest, "browser_missing", lambda: "playwright is not installed")
    conftest.pytest_runtest_setup(item("slow"))  # type: ignore[arg-type]
    monkeypatch.setattr(conftest, "browser_missing", lambda: None)
    conftest.pytest_runtest_setup(item("browser"))  # type: ignore[arg-type]

