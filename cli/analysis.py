"""Analysis commands: coverage, gaps, overlaps, trace, crosswalk, indicators, query, report."""

from __future__ import annotations

import sys

import click

from kgraph.cli.group import cli
from kgraph.cli.options import data_option, format_option, handle_errors, open_source, reading


@cli.command()
@click.argument("plan", required=False)
@click.option("--by", type=click.Choice(["outcome"]), default=None,
              help="Group rows by the outcome heading they sit under, in the document's order, "
              "with a subtotal per group.")
@data_option
@format_option()
@handle_errors
def coverage(plan: str | None, by: str | None, data: tuple[str, ...], fmt: str) -> None:
    """Strategy x priority matrix of PLAN (slug or title fragment), or of every plan.

    csv: one table, a row per plan and strategy (leading column: plan), no total rows;
    json: per plan its priorities, rows, totals (and subtotals with --by outcome)."""
    from kgraph.analysis.coverage import coverage as run
    from kgraph.formats import render_coverage

    source = open_source(data)
    covs = run(source, plan, by)
    untabled = None
    if fmt in ("table", "markdown"):  # a reader is told where a plan has no strategy table
        from kgraph.analysis.gaps import plans_without_table

        untabled = plans_without_table(source)
    click.echo(render_coverage(covs, fmt, untabled))


@cli.command()
@click.argument("plan", required=False)
@click.option("--min", "min_strategies", type=click.IntRange(min=1), default=3, show_default=True,
              help="A priority with fewer contributing strategies is thin.")
@data_option
@format_option()
@handle_errors
def gaps(plan: str | None, min_strategies: int, data: tuple[str, ...], fmt: str) -> None:
    """Gaps: thin or unmeasured priorities, unlinked indicators, unowned strategies, idle
    boards, strategies not carried forward, priorities with no successor.

    table and markdown: for reading, by kind with what each means, names and document
    titles; csv and json: one row per finding with its ids, for scripts."""
    from kgraph.analysis.gaps import COLUMNS, finding_rows, reader_words
    from kgraph.analysis.gaps import gaps as run
    from kgraph.analysis.plans import resolve_plan
    from kgraph.formats import records_csv, render
    from kgraph.reading import render_findings

    source = open_source(data)
    if fmt == "csv":  # the same table as the frame's, without one
        click.echo(records_csv(finding_rows(source, plan, min_strategies), COLUMNS))
        return
    found = run(source, plan, min_strategies)
    if fmt == "json":
        click.echo(render(found, fmt))
        return
    about = resolve_plan(source, plan).slug if plan else None
    click.echo(render_findings(found, fmt, reader_words(source, min_strategies), about))


@cli.command()
@click.argument("plan", required=False)
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.8, show_default=True,
              help="Minimum Jaccard similarity of covered priorities.")
@click.option("--table", "table", type=click.Choice(["identical", "similar", "clusters", "aliases"]),
              default=None, help="Print only this table (default: all four; in csv one table "
              "whose first column names each row's table).")
@data_option
@format_option()
@handle_errors
def overlaps(plan: str | None, threshold: float, table: str | None, data: tuple[str, ...],
             fmt: str) -> None:
    """Identical coverage, similar pairs, near-duplicate clusters, strategies with several names."""
    from kgraph.analysis.overlaps import overlaps as run
    from kgraph.formats import render, render_sections

    source = open_source(data)
    result = run(source, plan, threshold)
    words = reading(source, fmt)
    if table:
        click.echo(render(getattr(result, table), fmt, words))
    elif words is None:
        click.echo(render_sections(result.frames(), fmt))
    else:
        from kgraph.analysis.plans import resolve_plan
        from kgraph.reading import overlaps_view

        asked = resolve_plan(source, plan).slug if plan else None
        click.echo(overlaps_view(result, fmt, words, threshold, plan=asked).rstrip("\n"))


@cli.command()
@click.argument("entity")
@data_option
@format_option("tree", default="tree")
@handle_errors
def trace(entity: str, data: tuple[str, ...], fmt: str) -> None:
    """Accountability of ENTITY: a strategy's owner and boards up; a board's remit down."""
    from kgraph.analysis.trace import trace as run
    from kgraph.formats import render_sections

    source = open_source(data)
    result = run(source, entity)
    if fmt == "tree":
        click.echo(result.tree())
        return
    sections = result.sections()
    if fmt == "table":  # a step as a reader reads it: the link, the link as stated, the source
        from kgraph.reading import trace_links

        sections = {title: trace_links(frame) for title, frame in sections.items()}
    click.echo(render_sections(sections, fmt, words=reading(source, fmt)))


@cli.command()
@data_option
@format_option()
@handle_errors
def crosswalk(data: tuple[str, ...], fmt: str) -> None:
    """How priorities carried from plan to plan: carried, merged, split, dropped, new."""
    from kgraph.analysis.crosswalk import crosswalk as run
    from kgraph.formats import render

    source = open_source(data)
    words = reading(source, fmt)
    if words is None:
        click.echo(render(run(source), fmt))
        return
    from kgraph.reading import crosswalk_view

    click.echo(crosswalk_view(run(source), fmt, words).rstrip("\n"))


@cli.command()
@click.argument("scope", required=False)
@data_option
@format_option()
@handle_errors
def indicators(scope: str | None, data: tuple[str, ...], fmt: str) -> None:
    """Key indicators with priority, code and yearly values (SCOPE: a plan or a priority)."""
    from kgraph.analysis.indicators import indicators_with_values
    from kgraph.formats import render

    source = open_source(data)
    frame, values = indicators_with_values(source, scope)
    words = reading(source, fmt)
    if words is None:
        click.echo(render(frame, fmt))
        return
    from kgraph.reading import indicators_view

    plans = set(frame["plan"]) - {""}
    click.echo(indicators_view(frame, values, fmt, words,
                               plan=plans.pop() if scope and len(plans) == 1 else None).rstrip("\n"))


@cli.command()
@click.argument("file", metavar="FILE.rq|-")
@click.option("--allow-service", is_flag=True,
              help="Let a federated query (SERVICE) call the servers it names, bounded by "
              "KGRAPH_TIMEOUT. Default: refused (kgraph works offline).")
@data_option
@format_option()
@handle_errors
def query(file: str, allow_service: bool, data: tuple[str, ...], fmt: str) -> None:
    """Run the SPARQL in FILE (or - for stdin) over the graph (kg:, skos:, org:... predeclared).
    A missing, unreadable or non-UTF-8 FILE is bad input (exit 3, the file named)."""
    from kgraph.formats import render
    from kgraph.sparql import read_query, run_query

    text, name = read_query(file)
    click.echo(render(run_query(open_source(data), text, name,
                                allow_service=allow_service), fmt))


@cli.command()
@click.argument("plan", required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="File to write: .md (Markdown), .html (a print-friendly page) or .pdf "
                   "(printed by Debian's chromium).")
@click.option("--min", "min_strategies", type=click.IntRange(min=1), default=3,
              show_default=True, help="A priority with fewer contributing strategies is thin.")
@data_option
@handle_errors
def report(plan: str | None, output: str, min_strategies: int, data: tuple[str, ...]) -> None:
    """Write a report to circulate: summary, coverage, gaps, overlaps, accountability,
    continuity, indicators, data caveats and sources (PLAN limits every section to it)."""
    from kgraph.report import write_report

    path = write_report(open_source(data), output, plan, min_strategies)
    click.echo(f"wrote {path}", err=True)
    sys.exit(0)


@cli.command()
@click.argument("plan_a")
@click.argument("plan_b")
@data_option
@format_option()
@handle_errors
def compare(plan_a: str, plan_b: str, data: tuple[str, ...], fmt: str) -> None:
    """Strategies PLAN_A and PLAN_B both name, and those only one of them names."""
    from kgraph.analysis.compare import compare as run
    from kgraph.formats import render

    source = open_source(data)
    words = reading(source, fmt)
    frame = run(source, plan_a, plan_b)
    if words is None:
        click.echo(render(frame, fmt))
        return
    from kgraph.reading import compare_view, for_reading

    click.echo(compare_view(for_reading(frame, words), fmt))


@cli.command()
@click.option("--min-documents", "min_documents", type=click.IntRange(min=1), default=2,
              show_default=True, help="Only strategies named in at least this many source documents.")
@data_option
@format_option()
@handle_errors
def named(min_documents: int, data: tuple[str, ...], fmt: str) -> None:
    """Strategies named in at least N source documents, with the documents and names used."""
    from kgraph.analysis.documents import named_in
    from kgraph.formats import render

    source = open_source(data)
    click.echo(render(named_in(source, min_documents), fmt, reading(source, fmt)))


@cli.command()
@click.option("--all", "include_unvalued", is_flag=True,
              help="Also list commissioning activities no table gives a value for.")
@data_option
@format_option()
@handle_errors
def commissioning(include_unvalued: bool, data: tuple[str, ...], fmt: str) -> None:
    """Commissioning activities ranked by stated value (as printed and in GBP), with lead
    service, plan period, key decision and source line."""
    from kgraph.analysis.commissioning import commissioning as run
    from kgraph.formats import render

    source = open_source(data)
    click.echo(render(run(source, include_unvalued), fmt, reading(source, fmt)))
