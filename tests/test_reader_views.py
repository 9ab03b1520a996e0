"""The terminal views a policy officer reads (``--format table``, the default) speak in names:
the coverage matrix as ticks under the priorities' numbers with the key below, read here
against Every Day Matters' Appendix 2 in the seed; the findings grouped by kind with what
each means, the plan's and documents' titles and lines, no ids or file names. csv and json
keep the ids for scripts."""

from __future__ import annotations

import re

from click.testing import CliRunner
from conftest import BUNDLED, EDM, plain, seed_lines
from test_every_day_matters import read_matrix

from kgraph.cli.main import cli

EDM_TITLE = "Every Day Matters: Kent County Council's Children and Young People's Strategic Plan 2013-2016"


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--data", str(BUNDLED)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_coverage_table_reads_as_appendix_2() -> None:
    out = run("coverage", "every-day-matters").splitlines()
    header = next(i for i, ln in enumerate(out) if ln.startswith("Strategy "))
    keys = out[header].split()[1:-1]
    assert keys == ["1", "2", "3", "4", "5"]
    # the key under the table: each number is the seed's own column heading
    seed_header = next(ln for ln in seed_lines(EDM) if ln.startswith("Strategy/Policy/Plan\tWhat is it?"))
    printed = [plain(c) for c in seed_header.split("\t")[2:7]]
    start = out.index("Columns:")
    key = dict(re.match(r"\s+(\d)\s+(.*)", ln).groups() for ln in out[start + 1:start + 6])
    text = plain(" ".join(seed_lines(EDM))).casefold()
    for k, number in zip(keys, printed, strict=True):
        assert number.startswith(f"Priority {k}:")  # the seed's column k is Priority k
        heading, name = key[k].split(": ", 1)
        assert heading == f"Priority {k}" and name.casefold() in text  # the document's name
    assert key["1"].casefold() == printed[0].casefold()  # "Priority 1: Safeguarding and protection"
    # each strategy's ticks under the numbers the seed ticks, its total at the end
    ends = [m.end() for m in re.finditer(r"\S+", out[header])]
    rows = {}
    for ln in out[header + 2:start - 1]:
        if not ln.strip() or ln.startswith("Total"):
            continue
        ticks = {int(k) for k, e in zip(keys, ends[1:-1], strict=True) if ln[e - 1:e] == "✓"}
        rows[ln[:ends[0] + 52].rstrip(" …").strip()] = (ticks, int(ln.split()[-1]))
    seed = read_matrix()
    assert len(rows) == len(seed) == 27
    for r in seed:
        mine = [v for name, v in rows.items() if r["label"].startswith(name.rstrip("\u2026"))]
        assert mine, r["label"]
        assert mine[0] == (r["ticks"], len(r["ticks"])), r["label"]
    total = next(ln for ln in out if ln.startswith("Total "))
    assert int(total.split()[-1]) == sum(len(r["ticks"]) for r in seed) == 103


def test_findings_table_speaks_in_names() -> None:
    out = run("gaps", "every-day-matters")
    rows = run("gaps", "every-day-matters", "--format", "csv").splitlines()[1:]
    assert out.count("•") == len(rows) == 24
    assert out.startswith(f"Findings: {EDM_TITLE}")
    # no ids where a reader looks: no kind ids, entity slugs or seed file names
    for id_ in ("priority-without-indicator", "strategy-not-carried-forward",
                "every-day-matters-priority-5", EDM, ".txt:"):
        assert id_ not in out, id_
    assert "Priorities no key indicator measures (1) — severity: high" in out
    # the one high finding cites the seed's lines by the document's title
    flat = " ".join(out.split())
    assert f"Source: {EDM_TITLE}, lines 127 and 576" in flat
    lines = seed_lines(EDM)
    assert plain(lines[126]) == "Better use of resources"
    assert "Defined and monitored by the relevant boards" in lines[575]


def test_findings_markdown_and_scripts_formats() -> None:
    md = run("gaps", "every-day-matters", "--format", "markdown")
    assert md.startswith(f"# Findings: {EDM_TITLE}") and "\n## " in md
    assert md.count("\n- **") == 24
    csv_text = run("gaps", "every-day-matters", "--format", "csv")
    assert csv_text.startswith("kind,severity,plan,entity,label,evidence,source")
    assert "every-day-matters-priority-5" in csv_text  # ids stay for scripts


SEED_FILES = [EDM, "001_0875f0429e758a38.txt", "002_c29f79f91196a13d.txt", "003_c779910bd59c470d.txt"]


def test_every_table_names_plans_and_documents_by_title() -> None:
    views = {
        "overlaps": ["overlaps", "every-day-matters"],
        "aliases": ["overlaps", "--table", "aliases"],
        "indicators": ["indicators", "cypp-2008-11"],
        "crosswalk": ["crosswalk"],
        "trace": ["trace", "kscb", "--format", "table"],
        "compare": ["compare", "every-day-matters", "eip-strategy"],
        "named": ["named"],
    }
    for name, args in views.items():
        out = run(*args)
        for id_ in ("every-day-matters", "cypp-2008-11-priority-1", "cypp-2011-14-family-poverty",
                    "kscb-independent-chair", *SEED_FILES):
            assert id_ not in out, (name, id_)
        assert "_" not in out.splitlines()[0 if name != "overlaps" else 2], name  # headings in words
    crosswalk = run("crosswalk")
    assert "Kent Children and Young People's Plan 2008-2011" in crosswalk
    assert "Family Poverty" in crosswalk  # CYPP 2011-14's priority area, by name
    aliases = run("overlaps", "--table", "aliases")
    assert "Every Day Matters: Kent County Council" in aliases
    # csv keeps the ids for scripts
    assert "cypp-2008-11-priority-1" in run("crosswalk", "--format", "csv")
