"""Packaging: a wheel and an sdist built from the checkout, installed into a throwaway
venv, behave as a user expects (py.typed, LICENSE, ``python -m kgraph``, a clear error
from ``kgraph compile`` away from a checkout, lazy exports in ``dir(kgraph)``), and the
sdist carries its test suite."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

pytest.importorskip("build")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=900)
    return out


@pytest.fixture(scope="module")
def venv(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with the wheel installed; its dependencies come from the test's own
    environment through a .pth line (no network, no second download)."""
    env = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True, timeout=300)
    python = env / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                              "['purelib'])"], check=True, capture_output=True, text=True).stdout
    Path(purelib.strip(), "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next(dist.glob("*.whl"))
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
                   check=True, timeout=300)
    return env


def _run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(venv / "bin" / args[0]), *args[1:]], capture_output=True,
                          text=True, timeout=300, cwd=cwd)


@pytest.mark.slow
def test_wheel_carries_licence_types_and_vocabularies(dist: Path) -> None:
    names = zipfile.ZipFile(next(dist.glob("*.whl"))).namelist()
    assert "kgraph/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    for name in ("kgraph/_ontology/kgraph.ttl", "kgraph/_ontology/quality-flags.ttl",
                 "kgraph/_ontology/delivery-tiers.ttl",
                 "kgraph/_ontology/shapes.ttl", "kgraph/_data/strategies.ttl",
                 "kgraph/_data/void.ttl", "kgraph/__main__.py"):
        assert name in names


@pytest.mark.slow
def test_sdist_carries_its_tests(dist: Path) -> None:
    names = tarfile.open(next(dist.glob("*.tar.gz"))).getnames()
    top = names[0].split("/")[0]
    for name in ("LICENSE", "tests/conftest.py", "tests/fixtures/mini_sources/documents.csv",
                 "tests/test_validate.py", "data/sources/documents.csv", "pyproject.toml"):
        assert f"{top}/{name}" in names, name
    assert not any("/.venv/" in n or "/__pycache__/" in n for n in names)


@pytest.mark.slow
def test_sdist_tests_run(dist: Path, venv: Path, tmp_path: Path) -> None:
    """Unpack the sdist and run one of its test files against the installed wheel."""
    with tarfile.open(next(dist.glob("*.tar.gz"))) as tar:
        tar.extractall(tmp_path, filter="data")
    unpacked = next(p for p in tmp_path.iterdir() if p.is_dir())
    result = subprocess.run([str(venv / "bin" / "python"), "-m", "pytest", "-q", "-p",
                             "no:cacheprovider", "tests/test_ontology.py"],
                            capture_output=True, text=True, timeout=600, cwd=unpacked,
                            env={**os.environ, "KGRAPH_SEEDS": str(SEEDS)})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "passed" in result.stdout


@pytest.mark.slow
def test_installed_wheel_behaves(venv: Path, tmp_path: Path) -> None:
    help_ = _run(venv, "python", "-m", "kgraph", "--help", cwd=tmp_path)
    assert help_.returncode == 0 and "validate" in help_.stdout
    compiled = _run(venv, "kgraph", "compile", cwd=tmp_path)
    assert compiled.returncode == 3, compiled.stderr
    assert "no curated tables here" in compiled.stdout + compiled.stderr
    assert "Traceback" not in compiled.stdout + compiled.stderr
    names = _run(venv, "python", "-c", "import kgraph; print(' '.join(dir(kgraph)))",
                 cwd=tmp_path)
    assert {"load", "validate", "describe", "resolve", "compile_sources"} <= set(
        names.stdout.split())
    where = _run(venv, "python", "-c", "import kgraph; print(kgraph.__file__)", cwd=tmp_path)
    assert "site-packages" in where.stdout  # the wheel, not the checkout


def test_lazy_exports_in_dir() -> None:
    import kgraph

    assert set(kgraph.__all__) <= set(dir(kgraph))
    for name in kgraph.__all__:
        assert inspect.getdoc(getattr(kgraph, name)), name
