"""The terminal views a policy officer reads (``--format table``, the default) speak in names:
the coverage matrix as ticks under the priorities' numbers with the key below, read here
against Every Day Matters' Appendix 2 in the seed; the findings grouped by kind with what
each means, the plan's and documents' titles and lines, no ids or file names. csv and json
keep the ids for scripts."""

from __future__ import annotations

import re

from click.testing import CliRunner
from conftest import BUNDLED, CYPP, EDM, plain, seed_lines
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
    first_key = [m.start() for m in re.finditer(r"\S+", out[header])][1]
    rows = {}
    for ln in out[header + 2:start - 1]:
        if not ln.strip() or ln.startswith("Total"):
            continue
        ticks = {int(k) for k, e in zip(keys, ends[1:-1], strict=True) if ln[e - 1:e] == "✓"}
        # the name as far as the terminal left room for it (cut with … when longer)
        rows[ln[:first_key].rstrip().rstrip("…")] = (ticks, int(ln.split()[-1]))
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
    assert " ".join(out.split("\n\n")[0].split()) == f"Findings: {EDM_TITLE}"  # wrapped to fit
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


def _blocks(out: list[str]) -> dict[str, list[str]]:
    """The indicators view as {indicator name: its value lines}: a name after "    • " (its
    wrapped part at six spaces), its values at eight (a wrapped part at ten)."""
    blocks: dict[str, list[str]] = {}
    name = None
    for line in out:
        if line.startswith("    • "):
            name = line[6:].strip()
            blocks[name] = []
        elif name and line.startswith("          "):
            blocks[name][-1] += " " + line.strip()
        elif name and line.startswith("        "):
            blocks[name].append(line.strip())
        elif name and line.startswith("      ") and not blocks[name]:
            del blocks[name]
            name = f"{name} {line.strip()}"
            blocks[name] = []
        else:
            name = None
    return blocks


YEARS = ["2006/07", "2007/08", "2008/09", "2009/10"]


def test_indicators_table_gives_the_seed_values_by_area() -> None:
    """The CYPP 2008-11 review's indicator table (seed 003, lines 750-860): each row's Kent
    values (the yearly columns) on the indicator's Kent line, in the seed's order, national
    and statistical-neighbour columns on their own lines; areas and doubts in words, no slugs;
    fits an 80-column terminal."""
    result = CliRunner().invoke(cli, ["indicators", "cypp-2008-11", "--data", str(BUNDLED)],
                                env={"COLUMNS": "80"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output.splitlines()
    assert out[0] == "Key indicators: Kent Children and Young People's Plan 2008-2011"
    assert max(map(len, out)) <= 80
    text = result.output
    for slug in ("statistical-neighbours", "shifted-column", "kent 20", "cypp-2008-11", ".txt"):
        assert slug not in text
    blocks = _blocks(out)
    seed = seed_lines(CYPP)
    rows = [ln.split("\t") for ln in seed[749:860] if re.match(r"(NI\d+|CT_\d+|KCC_\d+) - ", ln)]
    names = [r[0] for r in rows]
    checked = 0
    for cells in rows:
        name = cells[0]
        if names.count(name) > 1 or name not in blocks:
            continue
        lines = {ln.split(": ", 1)[0]: ln.split(": ", 1)[1] for ln in blocks[name] if ": " in ln}
        # the table's yearly columns: 2006/07 to 2009/10
        kent = {year: c for year, c in zip(YEARS, cells[1:5], strict=False)
                if re.fullmatch(r"-?[\d.,]+%?", c)}
        if kent and "?" not in lines.get("Kent", "?"):
            shown = dict(v.rsplit(" ", 1) for v in lines["Kent"].split(", "))
            assert {y: shown.get(y) for y in kent} == kent, (name, lines["Kent"], cells)
            checked += 1
        national = cells[7] if len(cells) > 7 else ""
        if re.fullmatch(r"-?[\d.,]+%?", national) and "?" not in lines.get("National", "?"):
            assert lines["National"] == f"latest {national}", (name, lines)
    assert checked >= 30
    # NI112 (seed 003 line 772): three years in Kent, then England's and the neighbours' latest
    assert blocks["NI112 - Under 18 conception rate"] == [
        "Kent: 2006/07 -11.6%, 2007/08 -11.4%, 2008/09 -12.8%", "National: latest -13.3%",
        "Statistical neighbours: latest -12.5%"]
    # a doubtful value is marked and its doubt named, with what it means at the end
    assert "Kent: 2006/07 30?, 2007/08 31?, 2008/09 30?" in blocks[
        "NI102 - Achievement gap - Expected level at KS4"]
    assert "? Possibly shifted column" in blocks["NI102 - Achievement gap - Expected level at KS4"]
    end = out.index("What the doubts mean:")
    assert any(ln.strip().startswith("Possibly shifted column: a table value may sit under the "
                                     "wrong column") for ln in out[end:])
    # csv keeps one row per indicator and priority, values in the one cell, ids kept
    csv_out = run("indicators", "cypp-2008-11", "--format", "csv").splitlines()
    assert csv_out[0] == "indicator,label,code,plan,priority,priority_label,values,flags"
    assert any(ln.startswith("ni112,") and "kent 2006/07=-11.6%" in ln for ln in csv_out)


def test_crosswalk_table_reads_as_the_transition_table() -> None:
    """Seed 003's transition table (each 2008-11 area for improvement beside
    the 2011-14 area of need it became; lines 618-624): in the crosswalk's reader view each CYPP 2008-11
    priority is followed by what it became, in words, with that table's line; fits 80
    columns; no ids, no file names."""
    result = CliRunner().invoke(cli, ["crosswalk", "--data", str(BUNDLED)],
                                env={"COLUMNS": "80"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    lines = out.splitlines()
    assert lines[0] == "What carried over from plan to plan"
    assert max(map(len, lines)) <= 80
    for id_ in ("cypp-2008-11", "cypp-2011-14-", "kscb", *SEED_FILES, "carried,", "dropped"):
        assert id_ not in out, id_
    assert ("From Kent Children and Young People's Plan 2008-2011 to Kent Children and Young "
            "People's Plan 2011-2014") in " ".join(lines)
    flat = re.sub(r"\s+", " ", out)
    seed = seed_lines(CYPP)
    for line, became in ((618, "Family Poverty"), (619, "Adolescent Engagement"),
                         (620, "Emotional and Mental Health"), (621, "Healthy Start in Life"),
                         (622, "Housing/ Accommodation"), (623, "Primary Attainment"),
                         (624, "Safeguarding")):
        assert became in plain(seed[line - 1])  # the 2011-14 area of need, on that line
        assert re.search(rf"(carried|merged|split) into {re.escape(became)} Source: [^•]*?"
                         rf"Second Annual Review 2009-2010, line {line}\b", flat), became
    assert "not carried into the next plan" in out  # the one 2008-11 priority with no successor


def test_overlaps_table_groups_are_the_seeds_identical_rows() -> None:
    """Every Day Matters' Appendix 2 read from the seed: strategies whose rows tick exactly
    the same priorities are one group of the overlaps view, with those priorities named;
    the similarity is explained in words; the pairs inside a group are not listed again."""
    result = CliRunner().invoke(cli, ["overlaps", "every-day-matters", "--data", str(BUNDLED)],
                                env={"COLUMNS": "80"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    lines = out.splitlines()
    assert " ".join(lines[:2]) == f"Overlaps: {EDM_TITLE}"
    assert max(map(len, lines)) <= 80
    assert "divided by the priorities either serves" in " ".join(lines[:6])
    text = re.sub(r"\s+", " ", out)
    groups = re.findall(r"• Group \d+, (\d+) strategies: (.*?) all serve (.*?)(?= • | Similar pairs)",
                        text)
    by_ticks: dict[frozenset[int], list[str]] = {}
    for r in read_matrix():
        by_ticks.setdefault(frozenset(r["ticks"]), []).append(r["label"])
    seed_groups = {k: v for k, v in by_ticks.items() if len(v) > 1}
    assert len(groups) == len(seed_groups) == 4
    for size, members, serve in groups:
        ticks = frozenset(int(n) for n in re.findall(r"Priority (\d):", serve))
        assert int(size) == len(seed_groups[ticks]), serve
        for label in seed_groups[ticks]:
            assert plain(label).split(" (")[0][:20] in members, (label, members)
    assert "similarity 0.80" in text and "The 73 pairs within the groups above are not repeated" in text


def test_wide_tables_read_as_blocks_and_compare_as_lists() -> None:
    """A reader's table wider than the terminal is a block per row, nothing cut: the
    commissioning table's first activity (seed 001 line 890, "£31m pa") with its value in
    pounds and its source by title; compare lists the strategies both plans name, then each
    plan's own, as many as the csv gives."""
    env = {"COLUMNS": "80"}
    out = CliRunner().invoke(cli, ["commissioning", "--data", str(BUNDLED)], env=env,
                             catch_exceptions=False).output
    lines = out.splitlines()
    assert max(map(len, lines)) <= 80 and "…" not in out
    assert "001_0875f0429e758a38" not in out and "value_gbp" not in out
    seed = seed_lines("001_0875f0429e758a38.txt")[889]
    assert seed.startswith("Effective delivery of Access to Resource Team (ART)") and "£31m pa" in seed
    assert lines[0] == "Effective delivery of Access to Resource Team (ART)"
    block = lines[1:lines.index("")]
    assert "  value in pounds: 31,000,000" in block and "  rank: 1" in block
    assert any("Children, Young People and Education Directorate Business Plan" in ln
               for ln in block)
    # a row whose name lost its first letter in the conversion (seed 001 line 893, "e-model
    # the ART function", read as "Re-model") says so, in words and in the csv
    assert seed_lines("001_0875f0429e758a38.txt")[892].startswith("e-model the ART function")
    cut = out[out.index("e-model the ART function"):].split("\n\n")[0]
    assert "  doubt: Cut off" in cut
    row = next(r for r in run("commissioning", "--format", "csv").splitlines() if "e-model" in r)
    assert ",001_0875f0429e758a38.txt:893,truncated," in row
    compared = CliRunner().invoke(cli, ["compare", "every-day-matters", "eip-strategy", "--data",
                                        str(BUNDLED)], env=env, catch_exceptions=False).output
    rows = run("compare", "every-day-matters", "eip-strategy", "--format", "csv").splitlines()[1:]
    both = sum(1 for r in rows if r.startswith("both,"))
    assert f"Named by both ({both}):" in compared
    assert compared.count("  • ") == len(rows)
    assert max(map(len, compared.splitlines())) <= 80


def test_stats_table_in_words_and_two_part_ofs_told_apart() -> None:
    """stats for a reader: types by the ontology's names, documents by title, what their
    citations cite in words; the two predicates read "part of" (org:subOrganizationOf,
    dcterms:isPartOf) are two rows a reader and a script can tell apart, each with the
    number of links a direct count gives."""
    from kgraph.backends import MemoryBackend

    out = CliRunner().invoke(cli, ["stats", "--data", str(BUNDLED)], env={"COLUMNS": "80"},
                             catch_exceptions=False).output
    assert max(map(len, out.splitlines())) <= 80
    assert "Organisational unit" in out and "OrganisationalUnit" not in out
    for name in SEED_FILES:
        assert name not in out
    store = MemoryBackend([BUNDLED])
    count = {p: int(store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{p}> ?o }}")[0]["n"])
             for p in ("http://www.w3.org/ns/org#subOrganizationOf",
                       "http://purl.org/dc/terms/isPartOf")}
    bodies = re.search(r"^part of \(bodies\)\s+(\d+)", out, re.M)
    documents = re.search(r"^part of \(documents\)\s+(\d+)", out, re.M)
    assert bodies and int(bodies.group(1)) == count["http://www.w3.org/ns/org#subOrganizationOf"]
    assert documents and int(documents.group(1)) == count["http://purl.org/dc/terms/isPartOf"]
    csv_out = run("stats", "--format", "csv")
    assert ",part of (bodies)," in csv_out and ",part of (documents)," in csv_out
    # the CYPP 2008-11 review's indicator values, counted directly
    values = int(store.select(
        "PREFIX kg: <https://w3id.org/kgraph/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
        "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o kg:indicator ?i ; kg:sourceDocument ?d . "
        f"?d dcterms:identifier \"{CYPP}\" }}")[0]["n"])
    block = out[out.index("'Positive About Our Future'"):].split("\n\n")[0]
    assert f"indicator values: {values}," in block


def test_coverage_and_report_say_when_a_plan_has_no_strategy_table(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """CYPP 2008-11 (seed 003) names three strategies in its priorities' text (line 293:
    "Priority 3: To improve parenting by implementing Every Parent Matters…") and has no
    strategy table: its coverage view
    and the report say so and call no priority the thinnest; Every Day Matters has one
    (Appendix 2) and keeps the table's sentence."""
    out = " ".join(run("coverage", "cypp-2008-11").split())
    assert "The source has no table of strategies against these priorities" in out
    assert "an empty column says nothing either way (not a gap)" in out
    edm = " ".join(run("coverage", "every-day-matters").split())
    assert "a ✓ where the plan's table says the strategy contributes" in edm
    assert "has no table" not in edm
    assert "implementing Every Parent Matters" in seed_lines(CYPP)[292]  # Priority 3, line 293
    report = tmp_path / "r.md"
    done = CliRunner().invoke(cli, ["report", "cypp-2008-11", "-o", str(report), "--data",
                                    str(BUNDLED)], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    text = report.read_text(encoding="utf-8")
    assert ("Kent Children and Young People's Plan 2008-2011: the source has no table of "
            "strategies against its 8 priorities; its text names 3 strategies under 3 of them "
            "(not a gap).") in text
    assert "Thinnest" not in text and "the thinnest" not in text
