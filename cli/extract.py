"""`kgraph extract`: draft a workbook from plan documents, for a person to review."""

from __future__ import annotations

from pathlib import Path

import click

from kgraph.cli.group import cli
from kgraph.cli.options import data_option, handle_errors, open_source


@cli.command()
@click.argument("documents", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="The draft .xlsx workbook to write.")
@click.option("--csv", "csv_dir", type=click.Path(file_okay=False), default=None,
              help="Write the draft as a folder of CSV files instead.")
@click.option("--title", "titles", multiple=True, metavar="FILE=NAME",
              help="The plan's name for a document whose first heading is not it "
                   "(repeatable).")
@click.option("--alone", is_flag=True,
              help="Do not match names against a graph (default: the bundled graph, or "
                   "--data/--store).")
@data_option
@handle_errors
def extract(documents: tuple[str, ...], output: str | None, csv_dir: str | None,
            titles: tuple[str, ...], alone: bool, data: tuple[str, ...]) -> None:
    """Read plan DOCUMENTS (.txt, .pdf, .docx) and draft a workbook: the plan's outcomes and
    priorities, tick matrices, indicator lists, tables of linked strategies and governance
    sentences, every row with its line, quote and confidence. Review it, then
    `kgraph import` it; nothing reaches the graph before that."""
    from kgraph.extract import extract as run
    from kgraph.extract import write_draft

    if bool(output) == bool(csv_dir):
        raise click.UsageError("give either -o DRAFT.xlsx or --csv DIR")
    named = {}
    for t in titles:
        file, sep, name = t.partition("=")
        if not sep or not name.strip():
            raise click.UsageError(f"--title {t!r}: write it as FILE=NAME")
        named[Path(file).name] = name.strip()
    draft = run(documents, None if alone else open_source(data), named)
    path = write_draft(draft, csv_dir or output or "", csv=bool(csv_dir))
    counts = ", ".join(f"{len(rows)} {sheet}" for sheet, rows in draft.sheets.items()
                       if sheet != "sources")
    click.echo(f"{', '.join(draft.documents)}: drafted {counts}; "
               f"{len(draft.matched)} name(s) matched to the graph", err=True)
    click.echo(f"wrote {path} (review it, then: kgraph import {path} -o plan.ttl)", err=True)
