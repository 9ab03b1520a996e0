"""Precision and recall of `kgraph extract` against the curated graph, per seed document.

    python benchmarks/extract_score.py [--seeds DIR] [--markdown]

Each seed is extracted on its own (no graph to match names against), the draft imported
alone (`kgraph import --alone`, as a new council would), and the result compared with the
bundled graph's facts cited in that document (kgraph.extract.score says how things match).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from kgraph import load
from kgraph.exchange.importer import import_workbook
from kgraph.extract import extract, write_draft
from kgraph.extract.score import score
from kgraph.namespaces import KG
from kgraph.resources import seeds

#: The parts the extractor must recover exactly (line ranges of the seeds).
PARTS = {
    "000": {"App. 2 matrix ticks (000:493-534)": ({KG.contributesTo}, (493, 534)),
            "App. 3 indicator lists (000:536-576)": ({KG.measures}, (536, 576))},
    "002": {"EIP App. II cell placements (002:1353-1377)": ({KG.contributesTo}, (1353, 1377)),
            "EIP App. II listed strategies (002:1353-1377)": ({KG.supports}, (1353, 1377))},
}


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=seeds())
    args = ap.parse_args()
    curated = load()
    print("| document | what | drafted | curated | precision | recall |")
    print("|---|---|---:|---:|---:|---:|")
    for path in sorted(args.seeds.glob("*.txt")):
        t0 = time.perf_counter()
        draft = extract([path])
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "draft"
            write_draft(draft, folder, csv=True)
            result = import_workbook(folder, None)
        for s in score(curated, result.graph, path.name, PARTS.get(path.name[:3])):
            if s.drafted or s.curated:
                print(f"| {path.name[:3]} | {s.what} | {s.drafted} | {s.curated} | "
                      f"{_fmt(s.precision)} | {_fmt(s.recall)} |")
        print(f"<!-- {path.name}: {time.perf_counter() - t0:.1f} s -->", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
