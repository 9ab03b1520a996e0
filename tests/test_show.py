"""kgraph show: every document that names an entity, with quotes and line numbers;
unknown and ambiguous names list candidates and exit non-zero."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import BUNDLED, SEEDS, plain, seed_lines

from kgraph.cli.main import cli


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, [*args, "--data", str(BUNDLED)], catch_exceptions=False)


def test_kent_alcohol_strategy_in_every_document_that_names_it() -> None:
    result = run("show", "Kent Alcohol Strategy", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    cited = {(m["doc"], m["line"]) for m in data["mentions"]}
    # every seed line that names it (read from the seeds, not from the graph)
    named = {(p.name, i) for p in sorted(SEEDS.glob("0*.txt"))
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
             if "Kent Alcohol Strategy" in plain(line)}
    assert len({d for d, _ in named}) >= 2
    assert named <= cited
    for m in data["mentions"]:
        assert m["quote"]
    # its ticks in Every Day Matters, with their source quotes
    ticks = [f for f in data["facts"] if f["predicate"] == "contributes to"
             and f["target"] and f["target"].startswith("every-day-matters-priority-")]
    assert sorted(f["target"] for f in ticks) == ["every-day-matters-priority-2",
                                                  "every-day-matters-priority-4"]
    assert all(c["line"] == 522 for f in ticks for c in f["citations"])


def test_show_table_output_has_quotes_and_lines() -> None:
    """The reader's view names each document once, by title, in a numbered list at the end;
    each citation gives its number and line (000:522 and 002:1366 name the strategy); json
    keeps the file names for scripts."""
    result = run("show", "kent-alcohol-strategy")
    assert result.exit_code == 0
    out = result.output
    assert "_4e8c06e772435c57" not in out and "(kent-" not in out  # no file names, no slugs
    sources = out.splitlines()[out.splitlines().index("Sources:") + 1:]
    number = {ln.split("] ", 1)[1]: ln.split("]", 1)[0].strip(" [") for ln in sources}
    edm = number["Every Day Matters: Kent County Council's Children and Young People's "
                 "Strategic Plan 2013-2016"]
    pack = number["Specialist Children's Services Policy Overview and Scrutiny Committee agenda pack"]
    assert f"[{edm}] line 522" in out and f"[{pack}] line 1366" in out
    assert "Kent Alcohol Strategy" in plain(seed_lines("000_4e8c06e772435c57.txt")[521])
    assert "Alcohol Strategy" in plain(seed_lines("002_c29f79f91196a13d.txt")[1365])
    scripts = run("show", "kent-alcohol-strategy", "--format", "json").output
    assert "000_4e8c06e772435c57.txt" in scripts and "002_c29f79f91196a13d.txt" in scripts


def test_unknown_entity_lists_near_misses() -> None:
    result = run("show", "Kent Alcohol Strategie")
    assert result.exit_code == 4
    assert "no entity matches" in result.output
    assert "kent-alcohol-strategy" in result.output


def test_ambiguous_fragment_lists_candidates() -> None:
    result = run("show", "alcohol")
    assert result.exit_code == 4
    assert "say which" in result.output
    assert "kent-alcohol-strategy" in result.output


def test_injection_text_is_just_text() -> None:
    result = run("show", '"} UNION { ?s ?p ?o } #')
    assert result.exit_code == 4
    assert "no entity matches" in result.output


def test_a_misspelt_name_lists_near_misses_once_each_and_flags_read_in_words() -> None:
    # "Hidden Harm" as the seeds spell it (000:523), misspelt; and the board's short name
    hh = next(line for line in (SEEDS / "000_4e8c06e772435c57.txt").read_text(
        encoding="utf-8").splitlines() if "Kent Hidden Harm Strategy" in line)
    assert "Kent Hidden Harm Strategy" in plain(hh)
    result = run("show", "Kent Hiden Harm Strategy")
    assert result.exit_code == 4
    listed = [ln.split()[0] for ln in result.output.splitlines()[1:] if ln.startswith("  ")]
    assert listed[0] == "kent-hidden-harm-strategy"
    assert len(listed) == len(set(listed))  # each entity once, however many names are close
    result = run("trace", "kscbx")
    assert result.exit_code == 4 and "  kscb  Kent Safeguarding Children Board" in result.output
    # a doubtful mention's flag is a word, not its IRI (000:523 'Kent Safeguarding Board')
    shown = run("show", "kscb").output
    assert "[Ambiguous: " in shown and "ontology#" not in shown


def test_show_an_indicators_values_by_area_in_words() -> None:
    """NI112 (seed 003 line 772: -11.6%, -11.4%, -12.8%, national -13.3%, neighbours -12.5%):
    areas in words, each value with its line; a doubtful value says its doubt in words."""
    line = seed_lines("003_c779910bd59c470d.txt")[771]
    assert line.startswith("NI112 - Under 18 conception rate\t-11.6%\t-11.4%\t-12.8%")
    out = run("show", "ni112").output
    cite = next(ln.split("] ", 1)[0].strip(" [") for ln in out.splitlines()[
        out.splitlines().index("Sources:") + 1:] if "Second Annual Review 2009-2010" in ln)
    for value in ("Kent 2006/07: -11.6%", "Kent 2007/08: -11.4%", "Kent 2008/09: -12.8%",
                  "National latest: -13.3%", "Statistical neighbours latest: -12.5%"):
        assert f"  - {value} — [{cite}] line 772" in out, value
    assert "statistical-neighbours" not in out and "kent 20" not in out
    doubtful = run("show", "Rate of children subject to a CP plan per 10,000").output
    assert "Kent November 2017: 45.1 (doubtful: Ambiguous)" in doubtful  # 001:302 "At 45.1"
    assert "At 45.1 children subject to a CP plan per 10,000" in seed_lines(
        "001_0875f0429e758a38.txt")[301]


def test_show_as_csv_is_one_table() -> None:
    """``show --format csv`` is CSV (it was the terminal text): one header, a row per cited
    statement, every row as wide as the header; pandas and ``csv`` read the same rows; an
    indicator's values (NI112, seed 003 line 772) are rows of their own."""
    import csv
    import io

    import pandas as pd

    text = run("show", "ni112", "--format", "csv").output
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["entity", "part", "about", "value", "target", "doc", "line", "quote",
                       "flag", "note"]
    assert {len(r) for r in rows} == {10}
    frame = pd.read_csv(io.StringIO(text))
    assert len(frame) == len(rows) - 1
    values = frame[frame["part"] == "value"]
    got = dict(zip(values["about"], values["value"], strict=True))
    assert got["kent 2006/07 actual"] == "-11.6%" and got["national latest actual"] == "-13.3%"
    assert set(values["line"]) == {772}
    assert "Under 18 conception rate\t-11.6%" in seed_lines("003_c779910bd59c470d.txt")[771]
    kscb = pd.read_csv(io.StringIO(run("show", "kscb", "--format", "csv").output))
    assert {"mention", "fact", "linked from"} <= set(kscb["part"])
    assert (kscb.loc[kscb["part"] == "mention", "line"] > 0).all()


def _in_a_terminal(columns: int, *args: str) -> str:
    """What ``kgraph`` prints to a terminal ``columns`` wide (a pseudo-terminal: stdout is a
    tty, as when a reader types the command)."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "kgraph", *args, "--data", str(BUNDLED)],
                            stdout=follower, stderr=follower,
                            env={**os.environ, "COLUMNS": str(columns)})
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # the command ended and closed its side
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert proc.wait(timeout=60) == 0, out
    return out.decode("utf-8").replace("\r\n", "\n")


def test_show_in_a_terminal_is_folded_to_its_width_and_loses_no_word() -> None:
    """In an 80-column terminal no line runs past the edge; a folded fact or quote carries
    on indented under its own words; piped, each fact and citation stays one line (for
    grep), and the words are the same."""
    shown = _in_a_terminal(80, "show", "kent-alcohol-strategy")
    lines = shown.rstrip("\n").splitlines()
    assert lines and max(len(line) for line in lines) <= 80, max(lines, key=len)
    piped = run("show", "kent-alcohol-strategy").output
    assert max(len(line) for line in piped.splitlines()) > 200  # the description, one line
    assert shown.split() == piped.split()  # folded at spaces: no word lost or split
    # the seed's description of the strategy (000 line 522) begins a fact; its next words
    # are on the following lines, indented under the fact's text, not at the margin
    first = next(i for i, line in enumerate(lines)
                 if line.startswith("  - description: This is a three year partnership"))
    assert lines[first + 1].startswith("    ") and not lines[first + 1].startswith("    - ")
    assert "three year partnership strategy (2010-2013)" in plain(
        seed_lines("000_4e8c06e772435c57.txt")[521])
