"""Faults (issue 15): a `site build` killed at each step of its swap, full disks and
permissions. Nothing is lost: the old output survives, the next run leaves no temporaries,
and every failure is a message with the documented exit code, never a traceback.

The full-disk tests mount a small tmpfs (root only); the permission tests run the command
as the unprivileged user ``nobody`` (``setpriv``): root reads and writes everything.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED, FIXTURES, ROOT, SEEDS

from kgraph.cli.main import cli

OLD = FIXTURES / "exchange" / "old.ttl"
NEW = FIXTURES / "exchange" / "new.ttl"
KGRAPH = Path(sys.executable).parent / "kgraph"
EXAMPLE_CSV = ROOT / "examples" / "every-day-matters"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def reference_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    """What a complete site of OLD and of NEW holds, file by file."""
    from kgraph.explorer.build import build_site

    base = tmp_path_factory.mktemp("ref")
    old = snapshot(build_site([OLD], base / "old").path)
    new = snapshot(build_site([NEW], base / "new").path)
    assert old != new
    return old, new


KILLER = r"""
import os, signal, sys
from pathlib import Path
from kgraph.explorer import build

point, target, data = sys.argv[1], Path(sys.argv[2]), sys.argv[3]

def die():
    os.kill(os.getpid(), signal.SIGKILL)

if point == "before-exchange":
    build._exchange = lambda a, b: die()
elif point == "after-exchange":
    real = build._exchange
    def after(a, b):
        real(a, b)
        die()
    build._exchange = after
elif point.startswith("rename-"):  # no atomic exchange here: the two-rename path
    build._exchange = lambda a, b: False
    nth, seen, real_replace = int(point.split("-")[1]), [], os.replace
    def replace(a, b):
        seen.append(a)
        if len(seen) == nth:
            die()
        real_replace(a, b)
    build.os.replace = replace
elif point == "mid-write":
    real_write, count = build.SiteWriter.write, [0]
    def write(self, path, text):
        count[0] += 1
        if count[0] == 5:
            die()
        real_write(self, path, text)
    build.SiteWriter.write = write
build.build_site([data], target)
"""


@pytest.mark.slow
@pytest.mark.parametrize("point", ["before-exchange", "after-exchange", "rename-1", "rename-2",
                                   "mid-write"])
def test_a_build_killed_at_any_step_leaves_a_complete_site(
        tmp_path: Path, reference_sites: tuple[dict, dict], point: str) -> None:
    from kgraph.explorer.build import build_site

    old_files, new_files = reference_sites
    target = tmp_path / "site"
    build_site([OLD], target)
    killed = subprocess.run([sys.executable, "-c", KILLER, point, str(target), str(NEW)],
                            capture_output=True, text=True, timeout=300)
    assert killed.returncode == -9, killed.stderr  # it really was killed
    if point != "rename-2":  # the one window the two-rename fallback has
        assert snapshot(target) in (old_files, new_files)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "site"]
    assert point == "before-exchange" or leftovers  # the kill left something behind
    build_site([NEW], target)  # the next build recovers and cleans up
    assert snapshot(target) == new_files
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


@pytest.mark.slow
def test_recovery_puts_back_the_newest_complete_site(
        tmp_path: Path, reference_sites: tuple[dict, dict]) -> None:
    """Killed between the two renames: the old site in .site.old.*, the new in .site.*.tmp."""
    from kgraph.explorer.build import _recover, build_site

    build_site([OLD], tmp_path / "a")
    build_site([NEW], tmp_path / "b")
    (tmp_path / "a").rename(tmp_path / ".site.old.123")
    (tmp_path / "b").rename(tmp_path / ".site.x1y2.tmp")
    (tmp_path / ".site.half.tmp").mkdir()  # an incomplete build
    _recover(tmp_path / "site")
    assert snapshot(tmp_path / "site") == reference_sites[1]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


# --- full disks ---------------------------------------------------------------------


@contextlib.contextmanager
def small_disk(size: str = "8m") -> Iterator[Path]:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    where = Path(tempfile.mkdtemp(prefix="kgraph-full-"))
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                      capture_output=True).returncode != 0:
        where.rmdir()
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)
        where.rmdir()


def fill(disk: Path) -> None:
    """Take every free block, so the next write fails with ENOSPC."""
    with contextlib.suppress(OSError), open(disk / "filler", "wb", buffering=0) as fh:
        while True:
            fh.write(b"\0" * 65536)


FULL_DISK = {
    "site build": (["site", "build", "--data", str(NEW), "-o", "{out}/site"], "site"),
    "import": (["import", str(EXAMPLE_CSV), "--alone", "-o", "{out}/plan.ttl"], "plan.ttl"),
    "report": (["report", "--data", str(NEW), "-o", "{out}/report.md"], "report.md"),
    "template": (["template", "-o", "{out}/plan.xlsx"], "plan.xlsx"),
    "generate": (["generate", "--triples", "20000", "-o", "{out}/g.ttl"], "g.ttl"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(FULL_DISK))
def test_a_full_disk_is_a_message_and_the_old_output_survives(name: str) -> None:
    args, output = FULL_DISK[name]
    with small_disk() as disk:
        first = CliRunner().invoke(cli, [a.format(out=disk) for a in args],
                                   catch_exceptions=False)
        assert first.exit_code == 0, first.output
        out = disk / output
        before = snapshot(out) if out.is_dir() else out.read_bytes()
        fill(disk)
        result = CliRunner().invoke(cli, [a.format(out=disk) for a in args],
                                    catch_exceptions=False)
        assert result.exit_code == 3, result.output
        assert "no space left" in result.output and "Traceback" not in result.output
        assert (snapshot(out) if out.is_dir() else out.read_bytes()) == before
        assert sorted(p.name for p in disk.iterdir()) == sorted(["filler", output])


# --- permissions --------------------------------------------------------------------


@pytest.fixture()
def nobody(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """A folder ``nobody`` may write in, a read-only one inside it, and the env to use."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root to run a command as nobody")
    base = Path(tempfile.mkdtemp(prefix="kgraph-nobody-"))
    base.chmod(0o755)
    (base / "ro").mkdir(mode=0o755)  # root's: nobody cannot write here
    writable = base / "rw"
    writable.mkdir()
    os.chown(writable, 65534, 65534)
    env = {"PATH": os.environ["PATH"], "HOME": str(writable), "KGRAPH_CACHE": "off",
           "KGRAPH_SEEDS": str(SEEDS), "LANG": "C.UTF-8"}
    yield base, env
    shutil.rmtree(base, ignore_errors=True)


def as_nobody(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                           str(KGRAPH), *args], capture_output=True, text=True, env=env,
                          timeout=300, cwd="/")


def unreadable(base: Path, source: Path, name: str) -> Path:
    copy = base / name
    if source.is_dir():
        shutil.copytree(source, copy)
    else:
        shutil.copyfile(source, copy)
    copy.chmod(0o000)
    return copy


def unreadable_sheet(base: Path) -> Path:
    """A copy of the example CSV workbook whose boards sheet nobody may read."""
    folder = base / "workbook"
    shutil.copytree(EXAMPLE_CSV, folder)
    folder.chmod(0o755)
    (folder / "boards.csv").chmod(0o000)
    return folder


PERMISSIONS = {
    "import (unreadable sheet)": lambda b: ["import", str(unreadable_sheet(b)), "-o",
                                            f"{b}/rw/x.ttl"],
    "import (read-only folder)": lambda b: ["import", str(EXAMPLE_CSV), "--alone", "-o",
                                            f"{b}/ro/x.ttl"],
    "export": lambda b: ["export", "--data", str(NEW), "-o", f"{b}/ro/x.ttl"],
    "site build": lambda b: ["site", "build", "--data", str(NEW), "-o", f"{b}/ro/site"],
    "template": lambda b: ["template", "-o", f"{b}/ro/t.xlsx"],
    "report": lambda b: ["report", "--data", str(NEW), "-o", f"{b}/ro/r.md"],
    "generate": lambda b: ["generate", "--triples", "100", "-o", f"{b}/ro/g.ttl"],
    "compile": lambda b: ["compile", "--sources", str(FIXTURES / "mini_sources"),
                          "--seeds", str(SEEDS), "-o", f"{b}/ro/s.ttl"],
    "validate (unreadable file)": lambda b: ["validate", str(unreadable(b, NEW, "n.ttl"))],
    "stats (unreadable file)": lambda b: ["stats", "--data", str(unreadable(b, NEW, "n.ttl"))],
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(PERMISSIONS))
def test_permission_problems_are_a_message(nobody: tuple[Path, dict[str, str]], name: str) -> None:
    base, env = nobody
    done = as_nobody(env, *PERMISSIONS[name](base))
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert done.returncode == 3, done.stderr
    assert "permission denied" in done.stderr.lower(), done.stderr
    assert list((base / "ro").iterdir()) == []  # nothing written, no temporary left


def test_bundled_graph_is_readable_by_nobody() -> None:
    """The permission tests above read the fixtures as nobody: they must be world-readable."""
    for path in (NEW, BUNDLED, EXAMPLE_CSV / "boards.csv"):
        assert path.stat().st_mode & 0o004
