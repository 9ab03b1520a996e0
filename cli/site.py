"""kgraph site build / serve: the static HTML explorer."""

from __future__ import annotations

import click

from kgraph.cli.group import cli
from kgraph.cli.options import data_option, handle_errors, open_source


@cli.group()
def site() -> None:
    """The static HTML explorer: build it, or serve it on 127.0.0.1 for a look."""


@site.command()
@data_option
@click.option("-o", "--output", type=click.Path(file_okay=False), default=None,
              help="Folder to write (replaced whole, atomically). Default: site/ at the "
                   "repository root.")
@click.option("--min", "min_strategies", type=click.IntRange(min=1), default=3,
              show_default=True, help="A priority with fewer contributing strategies is thin.")
@handle_errors
def build(data: tuple[str, ...], output: str | None, min_strategies: int) -> None:
    """Build the explorer: plans, coverage, gaps and overlaps, one page per entity, the
    network view and a search index, all usable offline from file://."""
    from kgraph.explorer.build import build_site

    result = build_site(open_source(data), output, min_strategies)
    click.echo(f"wrote {result.path} ({result.pages} pages, {result.files} files) "
               f"in {result.seconds:.1f} s")


@site.command()
@click.option("-d", "--directory", type=click.Path(file_okay=False), default=None,
              help="The built site. Default: site/ at the repository root.")
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@handle_errors
def serve(directory: str | None, port: int) -> None:
    """Serve a built site on http://127.0.0.1:PORT/ until interrupted."""
    from kgraph.explorer.serve import serve as run

    run(directory, port, announce=click.echo)
