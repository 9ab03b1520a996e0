"""How `kgraph import` grows with the workbook: N new strategy rows, each listed in the
Every Day Matters plan and ticking one of its priorities (2 facts a row plus a mention),
imported into the bundled graph and written as Turtle. A script a person runs (not a
timed test); it prints a Markdown table with each size's time and its ratio to the first.

    python benchmarks/import_scale.py                  # 2000, 4000, 8000 rows
    python benchmarks/import_scale.py --rows 2000 100000 --profile

Near-linear means the per-row time stays about flat as N doubles. CPU seconds (this
process's) are given beside wall seconds: on a shared machine the wall time mostly
measures the other jobs.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import pstats
import sys
import tempfile
import time
from pathlib import Path

PLAN = "every-day-matters"
show = False


def say(line: str) -> None:
    print(f"    {time.strftime('%H:%M:%S')} {line}", file=sys.stderr, flush=True)
PRIORITIES = [f"{PLAN}-priority-{i}" for i in range(1, 6)]


def workbook(folder: Path, rows: int) -> Path:
    """A CSV workbook of ``rows`` new strategies (the template's layout)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "strategies.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "type", "label", "listed_in", "period"])
        for k in range(rows):
            out.writerow([f"synthetic-strategy-{k}", "Strategy", f"Synthetic strategy {k}",
                          PLAN, "2013-2016"])
    with (folder / "coverage.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["strategy", *PRIORITIES])
        for k in range(rows):
            out.writerow([f"synthetic-strategy-{k}", *("✓" if i == k % 5 else ""
                                                     for i in range(5))])
    return folder


def run(rows: int, tmp: Path, profile: bool) -> tuple[float, float, float, int]:
    """(seconds to check, build and validate, CPU seconds of all of it, seconds to write,
    triples) for one size."""
    from kgraph.exchange import importer
    from kgraph.loader import load

    folder = workbook(tmp / f"wb-{rows}", rows)
    base = load()
    prof = cProfile.Profile() if profile else None
    if prof:
        prof.enable()
    start, cpu = time.perf_counter(), time.process_time()
    result = importer.import_workbook(folder, base, progress=say if show else None)
    checked = time.perf_counter()
    triples = importer.write_graph(result.graph, tmp / f"out-{rows}.ttl", result.source)
    written = time.perf_counter()
    cpu = time.process_time() - cpu
    if prof:
        prof.disable()
        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    return checked - start, cpu, written - checked, triples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[2000, 4000, 8000])
    parser.add_argument("--profile", action="store_true", help="cProfile each size (stderr)")
    parser.add_argument("--progress", action="store_true", help="the import's steps (stderr)")
    args = parser.parse_args()
    global show
    show = args.progress
    print("| rows | import (check, build, SHACL) s | write s | total s | CPU s | per 1k rows "
          "CPU s | ratio to first (CPU per row) | triples | load average |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    first = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.rows:
            check, cpu, write, triples = run(n, Path(tmp), args.profile)
            total = check + write
            first = first or cpu / n
            load = open("/proc/loadavg").read().split()[0]
            print(f"| {n:,} | {check:.1f} | {write:.1f} | {total:.1f} | {cpu:.1f} | "
                  f"{1000 * cpu / n:.2f} | {cpu / n / first:.2f} | {triples:,} | {load} |",
                  flush=True)


if __name__ == "__main__":
    main()
