"""Output a spreadsheet and a script open as they are: --format csv is one RFC 4180 table
(no comment lines, no sections, the header once), labels are whole outside the terminal
table, and the coverage matrix reads as Every Day Matters' Appendix 2 (re-read from the
seed by the test): its headings, its row names, its outcome groups in order, its totals."""

from __future__ import annotations

import csv
import io
import json
import re

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import BUNDLED, EDM, plain, seed_lines
from test_every_day_matters import read_matrix

from kgraph.cli.main import cli

EDM_TITLE = "Every Day Matters"


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--data", str(BUNDLED)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def parse(text: str) -> list[list[str]]:
    """The test's own strict reading: one table, the header once, no comment or blank lines."""
    lines = text.splitlines()
    assert lines, "no output"
    assert not any(line.startswith("#") for line in lines), "comment line in csv"
    assert all(line.strip() for line in lines), "blank line in csv"
    rows = list(csv.reader(io.StringIO(text), strict=True))
    assert all(len(r) == len(rows[0]) for r in rows), "rows of different lengths"
    assert rows[0] not in rows[1:], "header repeated"
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert frame.shape == (len(rows) - 1, len(rows[0]))
    return rows


def seed_groups() -> list[tuple[str, list[dict]]]:
    """Appendix 2's groups in the document's order: (heading as printed, rows)."""
    lines = seed_lines(EDM)
    groups: list[tuple[str, list[dict]]] = []
    start = next(i for i, ln in enumerate(lines) if ln.startswith("Appendix 2: Strategies"))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("### Priority 1"))
    for i in range(start, end):
        cells = lines[i].split("\t")
        name = plain(cells[0])
        if len(cells) == 7 and (name == "CROSS-CUTTING" or name.startswith("OUTCOME ")):
            groups.append((name, []))
    rows = read_matrix()
    cross = [r for r in rows if r["outcome"] is None]
    out = [(groups[0][0], cross)]
    for heading, _ in groups[1:]:
        n = int(re.match(r"OUTCOME (\d)", heading).group(1))
        out.append((heading, [r for r in rows if r["outcome"] and r["outcome"][0] == n]))
    return out


@pytest.mark.parametrize("command", [
    ["coverage"], ["coverage", "every-day-matters", "--by", "outcome"], ["overlaps"],
    ["overlaps", "--table", "similar"], ["gaps"], ["indicators"], ["crosswalk"], ["stats"],
    ["trace", "kscb"], ["compare", "every-day-matters", "eip-strategy"], ["named", "--min-documents", "2"],
    ["commissioning"],
])
def test_csv_is_one_table(command: list[str]) -> None:
    rows = parse(run(*command, "--format", "csv"))
    assert len(rows) >= 2, command


def test_coverage_csv_rows_against_the_seed() -> None:
    rows = parse(run("coverage", "--format", "csv"))
    header, body = rows[0], rows[1:]
    assert header[0] == "plan" and header[-1] == "total"
    edm = [r for r in body if r[0].startswith(EDM_TITLE)]
    assert len(edm) == len(read_matrix()) == 27  # one data row per App. 2 row, no TOTAL row
    assert not any(r[1] == "TOTAL" for r in body)
    # each row's priorities add up to its total, and blank cells are other plans' columns
    for r in body:
        ticks = [int(v) for v in r[4:-1] if v != ""]
        assert sum(ticks) == int(r[-1])


def test_full_labels_outside_the_terminal_table() -> None:
    longest = max((r["label"] for r in read_matrix()), key=len)
    assert len(longest) > 60  # longer than the terminal table's cells
    for fmt in ("csv", "json", "markdown"):
        out = run("coverage", "every-day-matters", "--format", fmt)
        assert "\u2026" not in out, fmt
        assert longest in out.replace("\\|", "|"), fmt
    assert "\u2026" in run("coverage", "every-day-matters")


def test_priority_headings_carry_notation_and_name() -> None:
    header = next(ln for ln in seed_lines(EDM) if ln.startswith("Strategy/Policy/Plan\tWhat is it?"))
    printed = [plain(c) for c in header.split("\t")[2:7]]
    assert [c.split(":")[0] for c in printed] == [f"Priority {n}" for n in range(1, 6)]
    (cov,) = json.loads(run("coverage", "every-day-matters", "--format", "json")).values()
    headings = [p["heading"] for p in cov["priorities"]]
    assert [h.split(":")[0] for h in headings] == [f"Priority {n}" for n in range(1, 6)]
    text = plain(" ".join(seed_lines(EDM))).casefold()
    for h, p in zip(headings, cov["priorities"], strict=True):
        assert h == f"{p['notation']}: {p['label']}"
        assert p["label"].casefold() in text  # the name is the document's
        assert p["slug"].startswith("every-day-matters-priority-")  # the slug is still there
    first = printed[0].split(": ", 1)[1].casefold()
    assert headings[0].split(": ", 1)[1].casefold() == first  # "Safeguarding and protection"
    assert set(cov["rows"][0]) >= set(headings)


def test_rows_named_as_the_plan_names_them() -> None:
    (cov,) = json.loads(run("coverage", "every-day-matters", "--format", "json")).values()
    names = {plain(r["strategy"]) for r in cov["rows"]}
    for row in read_matrix():
        bare = re.sub(r"\s*\([^)]*\)$", "", row["label"])  # "(Draft)" is a status, not a name
        assert row["label"] in names or bare in names, row["label"]
    tf = next(r for r in cov["rows"] if r["slug"] == "troubled-families-programme")
    assert tf["strategy"] == "Kent Troubled Families Programme Business Case"  # 000:503
    assert "Kent Troubled Families Programme Business Case" in plain(seed_lines(EDM)[502])
    assert tf["preferred_name"]  # the graph's preferred name is there too


def test_by_outcome_keeps_the_documents_groups_and_subtotals() -> None:
    groups = seed_groups()
    assert groups[0][0] == "CROSS-CUTTING" and len(groups) == 5
    (cov,) = json.loads(run("coverage", "every-day-matters", "--by", "outcome",
                            "--format", "json")).values()
    subs = cov["subtotals"]
    assert [s["outcome"].casefold() for s in subs][0] == "cross-cutting"
    for (heading, _rows), sub in zip(groups[1:], subs[1:], strict=True):
        words = plain(heading.split(": ", 1)[1]).casefold().replace("the their", "their").replace("&", "and")
        assert sub["outcome"].casefold() == words, (heading, sub["outcome"])
    headings = {n: next(p["heading"] for p in cov["priorities"] if p["notation"] == f"Priority {n}")
                for n in range(1, 6)}
    for (heading, rows), sub in zip(groups, subs, strict=True):
        assert sub["strategies"] == len(rows), heading
        for n in range(1, 6):
            assert sub[headings[n]] == sum(n in r["ticks"] for r in rows), (heading, n)
    # the rows come in the same group order, and the table shows a subtotal after each group
    order = [r["outcome"] for r in cov["rows"]]
    assert order == sorted(order, key=[s["outcome"] for s in subs].index)
    table = run("coverage", "every-day-matters", "--by", "outcome", "--format", "markdown")
    assert table.count("| Subtotal: ") == 5


def test_matrix_sum_is_the_totals(graph) -> None:  # type: ignore[no-untyped-def]
    from kgraph.analysis.coverage import coverage

    (cov,) = coverage(graph, "every-day-matters")
    seed = read_matrix()
    assert len(cov.matrix) == len(seed)
    sums = cov.matrix[cov.columns].sum()
    assert sums.tolist() == [sum(n in r["ticks"] for r in seed) for n in range(1, 6)]
    assert sums.to_dict() == {c: cov.totals[c] for c in cov.columns}
    assert int(cov.matrix["total"].sum()) == int(cov.totals["total"])


def test_overlaps_csv_names_each_rows_table() -> None:
    rows = parse(run("overlaps", "--format", "csv"))
    assert rows[0][0] == "table"
    titles = {r[0] for r in rows[1:]}
    assert titles <= {"identical coverage", "similar pairs", "clusters", "one strategy, several names"}
    assert len(titles) >= 2
    sections = json.loads(run("overlaps", "--format", "json"))
    assert len(rows) - 1 == sum(len(v) for v in sections.values())
    similar = parse(run("overlaps", "--table", "similar", "--format", "csv"))
    assert similar[0] == ["plan", "a", "b", "jaccard", "shared"]
    assert len(similar) - 1 == len(sections["similar pairs"])


def test_coverage_csv_is_the_stacked_matrices_without_pandas(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The coverage CSV of every plan is written from the matrices' columns by the csv
    module: byte for byte the table pandas makes by stacking the matrices (``stack``, then
    ``to_csv``) — on the bundled graph, by outcome, and on a generated graph of many plans —
    and the command does not import pandas for it."""

    from kgraph.analysis.coverage import coverage
    from kgraph.backends import MemoryBackend
    from kgraph.formats import render, render_coverage, stack
    from kgraph.generate import write

    generated = tmp_path / "g.ttl"
    write(generated, 20_000, seed=3)
    for path, by in ((BUNDLED, None), (BUNDLED, "outcome"), (generated, None)):
        covs = coverage(MemoryBackend([path]), None, by)
        table = stack([(c.plan.label, c.matrix) for c in covs], "plan")
        table = table[[*(c for c in table.columns if c != "total"), "total"]]
        assert render_coverage(covs, "csv") == render(table, "csv"), (path, by)
        assert len(covs) > 2
    loaded, out = _csv_run("coverage", "pandas")
    assert loaded == "False"
    assert out.startswith("plan,strategy,preferred_name,slug,")


def test_gaps_csv_is_the_frames_csv_without_pandas(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``kgraph gaps --format csv`` writes the findings from their records: byte for byte the
    CSV of the findings' DataFrame, on the bundled graph (every plan, each plan, another
    threshold) and on a generated graph of many plans; the command imports neither pandas nor
    networkx for it, and the walk of stated successions it uses is lineage's."""

    from kgraph.analysis.crosswalk import lineage
    from kgraph.analysis.gaps import COLUMNS, _successions, finding_rows, gaps
    from kgraph.analysis.plans import list_plans
    from kgraph.backends import MemoryBackend
    from kgraph.formats import records_csv, render
    from kgraph.generate import write

    generated = tmp_path / "g.ttl"
    write(generated, 20_000, seed=3)
    bundled = MemoryBackend([BUNDLED])
    asked = [(bundled, None, 3), (bundled, None, 5), (MemoryBackend([generated]), None, 3)]
    asked += [(bundled, p.slug, 3) for p in list_plans(bundled)]
    for graph, plan, least in asked:
        text = records_csv(finding_rows(graph, plan, least), COLUMNS)
        assert text == render(gaps(graph, plan, least), "csv"), (plan, least)
        assert len(pd.read_csv(io.StringIO(text))) == len(gaps(graph, plan, least))
    for graph in (bundled, asked[2][0]):
        links = lineage(graph)
        expected = set(zip(links["from"], links["to"], links["from_type"], links["to_type"],
                           links["from_plan"], strict=True))
        assert set(_successions(graph)) == expected
        assert len(expected) > 5
    loaded, out = _csv_run("gaps", "pandas", "networkx")
    assert loaded == "False False"
    assert out.startswith(",".join(COLUMNS) + "\n")


def _csv_run(command: str, *modules: str) -> tuple[str, str]:
    """``kgraph COMMAND --format csv`` on the bundled graph in a fresh process: whether each
    module was imported ("True False"), and what it printed."""
    import subprocess
    import sys

    probe = ("import sys; from kgraph.cli.main import cli\n"
             f"try:\n    cli([{command!r}, '--data', sys.argv[1], '--format', 'csv'])\n"
             "except SystemExit:\n    pass\n"
             f"print(*(m in sys.modules for m in {modules!r}), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, str(BUNDLED)], capture_output=True,
                          text=True, check=True)
    return done.stderr.strip().splitlines()[-1], done.stdout
