"""Authoring and exchange commands: template, import, export, diff."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kgraph.cli.group import cli
from kgraph.cli.options import data_option, format_option, handle_errors

EXPORT_FORMATS = ("ttl", "nt", "jsonld", "csv", "analysis", "xlsx", "graphml")


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="The .xlsx workbook to write.")
@click.option("--csv", "csv_dir", type=click.Path(file_okay=False), default=None,
              help="Write the template as a folder of CSV files (one per sheet) instead.")
@click.option("--from", "filled", type=click.Path(readable=False), default=None,
              help="A folder of filled CSV sheets to put into the workbook (CSV → .xlsx).")
@handle_errors
def template(output: str | None, csv_dir: str | None, filled: str | None) -> None:
    """Write a blank, documented workbook to fill in with a plan."""
    from kgraph.exchange.template import write_template

    if bool(output) == bool(csv_dir):
        raise click.UsageError("give either -o FILE.xlsx or --csv DIR")
    path = write_template(csv_dir or output or "", csv=bool(csv_dir), filled=filled)
    click.echo(f"wrote {path}", err=True)


@cli.command(name="import")
@click.argument("workbook", type=click.Path(readable=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="Turtle file to write (.nt for N-Triples).")
@data_option
@click.option("--alone", is_flag=True,
              help="Import without the existing graph: the workbook must define everything "
                   "it refers to.")
@click.option("--progress/--no-progress", default=None,
              help="Say each step and its time on stderr (default: when stderr is a "
                   "terminal).")
@handle_errors
def import_(workbook: str, output: str, data: tuple[str, ...], alone: bool,
            progress: bool | None) -> None:
    """Check a filled WORKBOOK (.xlsx, .ods or CSV folder) and write it, merged into the
    graph (default: the bundled one), as RDF. Every bad row is listed; nothing is written
    then. An .ods (LibreOffice) gets the same checks and size limits as an .xlsx, and at
    most 200,000 cell elements (its reader holds the whole file in memory)."""
    import time

    from kgraph.exchange.importer import import_workbook, write_graph
    from kgraph.loader import load

    shown = sys.stderr.isatty() if progress is None else progress
    say = (lambda line: click.echo(line, err=True)) if shown else None
    if say:
        say("reading the existing graph..." if not alone else "importing alone...")
    result = import_workbook(workbook, None if alone else load(data), progress=say)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    start = time.monotonic()
    if say:
        say(f"writing {output}...")
    triples = write_graph(result.graph, Path(output), result.source)
    if say:
        say(f"  ({time.monotonic() - start:.1f} s)")
    click.echo(f"{result.summary()}\nwrote {output} ({triples} triples)", err=True)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default=None,
              help="Output format (default: from the file suffix; a folder is csv). csv: "
                   "tables for a spreadsheet, a cell that starts like a formula (= + - @) "
                   "gets a leading apostrophe, and `kgraph import` reads it back. analysis: "
                   "tables for pandas or R, text as it is and each indicator value also as "
                   "a number (value_number: 1,501 -> 1501, 12.9% -> 12.9).")
@click.option("-o", "--output", type=click.Path(), required=True,
              help="File to write (a folder for csv).")
@data_option
@click.option("--progress/--no-progress", default=None,
              help="Say each step and its time on stderr (default: when stderr is a "
                   "terminal).")
@handle_errors
def export(fmt: str | None, output: str, data: tuple[str, ...], progress: bool | None) -> None:
    """Write the graph as Turtle, N-Triples, JSON-LD, CSV tables (the template's layout),
    an .xlsx workbook with coverage matrices, or GraphML for Gephi and yEd."""
    import time

    from kgraph.exchange.export import export as run
    from kgraph.loader import load

    shown = sys.stderr.isatty() if progress is None else progress
    start = time.monotonic()
    if shown:
        click.echo(f"reading {', '.join(data) or 'the bundled graph'}...", err=True)
    graph = load(data)
    if shown:
        click.echo(f"  {len(graph):,} triples in {time.monotonic() - start:.1f} s; "
                   f"writing {output}...", err=True)
        start = time.monotonic()
    path = run(graph, output, fmt)
    if shown:
        click.echo(f"  ({time.monotonic() - start:.1f} s)", err=True)
    click.echo(f"wrote {path}", err=True)


@cli.command()
@click.argument("old", type=click.Path(readable=False))
@click.argument("new", type=click.Path(readable=False))
@format_option()
@handle_errors
def diff(old: str, new: str, fmt: str) -> None:
    """What changed from OLD to NEW (RDF files or workbooks), by meaning: entities, names,
    coverage ticks, accountability, indicators, facts, values. Exit 0 if the same, 1 if not."""
    from kgraph.exchange.diff import diff_files
    from kgraph.formats import render_sections

    result = diff_files(old, new)
    if result.equal:
        click.echo("{}" if fmt == "json" else result.summary())
    else:
        if fmt == "table":
            click.echo(result.summary() + "\n")
        click.echo(render_sections(result.changed(), fmt))
    sys.exit(0 if result.equal else 1)
