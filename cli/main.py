"""kgraph command group. Each command: resolve arguments, one library call, render."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kgraph.cli.group import cli
from kgraph.cli.options import data_option, format_option, handle_errors, open_source, reading


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(readable=False))  # the library checks (exit 3)
@click.option("--engine", type=click.Choice(["kgraph", "pyshacl"]), default="kgraph",
              show_default=True,
              help="kgraph: the SHACL Core constraints checked on Oxigraph (the same results "
                   "as pySHACL, in time that grows with the graph); pyshacl: pySHACL checks "
                   "them (much slower on big graphs).")
@handle_errors
def validate(files: tuple[str, ...], engine: str) -> None:
    """Validate FILES (default: the bundled graph) against the SHACL shapes."""
    from kgraph.validation import validate as run

    report = run(list(files) or None, progress=lambda line: click.echo(line, err=True),
                 engine=engine)
    click.echo(report.render())
    sys.exit(0 if report.conforms else 1)


@cli.command()
@click.argument("entity")
@data_option
@format_option()
@handle_errors
def show(entity: str, data: tuple[str, ...], fmt: str) -> None:
    """Everything the graph says about ENTITY (IRI, slug or label fragment), with quotes.
    In a terminal the table format is folded to its width; piped, each fact stays one line."""
    from kgraph.entity import describe
    from kgraph.formats import render_description
    from kgraph.reading.words import fold, terminal_width

    source = open_source(data)
    text = render_description(describe(source, entity), fmt, reading(source, fmt))
    if fmt == "table" and sys.stdout.isatty():
        text = fold(text, terminal_width())
    click.echo(text)


@cli.command()
@data_option
@format_option()
@handle_errors
def stats(data: tuple[str, ...], fmt: str) -> None:
    """Entity counts by type and stated-link counts by predicate."""
    from kgraph import stats as st
    from kgraph.formats import render_sections

    graph = open_source(data)
    entities, links, cited = st.entity_counts(graph), st.link_counts(graph), st.citation_counts(graph)
    words = reading(graph, fmt)
    if words is not None:
        entities, links, cited = st.for_readers(entities, links, cited, words.documents)
    click.echo(render_sections({"Entities by type": entities, "Stated links by predicate": links,
                                "Citations by document": cited}, fmt, words=words))


@cli.command(name="compile")
@click.option("--sources", type=click.Path(readable=False), default=None,
              help="Curated tables folder. Default: data/sources of the checkout.")
@click.option("--seeds", type=click.Path(readable=False), default=None,
              help="Seed documents folder. Default: ../shared/seeds beside the checkout.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Turtle file to write. Default: data/strategies.ttl of the checkout.")
@handle_errors
def compile_(sources: str | None, seeds: str | None, output: str | None) -> None:
    """Compile the curated tables into the bundled Turtle graph (atomically)."""
    from kgraph.curation.compile import build

    path, triples = build(
        Path(sources) if sources else None,
        Path(seeds) if seeds else None,
        Path(output) if output else None,
    )
    click.echo(f"wrote {path} ({triples} triples)")


# Register the other command modules on the group (they import `cli` from group.py).
from kgraph.cli import analysis as _analysis  # noqa: E402,F401
from kgraph.cli import exchange as _exchange  # noqa: E402,F401
from kgraph.cli import extract as _extract  # noqa: E402,F401
from kgraph.cli import site as _site  # noqa: E402,F401
from kgraph.cli import store as _store  # noqa: E402,F401

if __name__ == "__main__":  # pragma: no cover
    cli()
