"""kgraph load / generate: fill a persistent store or an endpoint; make synthetic graphs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kgraph.cli.group import cli
from kgraph.cli.options import handle_errors


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(readable=False))
@click.option("--store", "store", envvar="KGRAPH_STORE", required=True, metavar="STORE",
              help="oxigraph:PATH (made if missing) or sparql:URL (Graph Store Protocol at "
              "KGRAPH_GRAPH_STORE, default: the /query URL's /store). Env: KGRAPH_STORE.")
@click.option("--graph", "graph", default=None, metavar="IRI",
              help="Named graph for the one FILE. Default: one graph per file name, so "
              "loading a file again replaces its graph atomically.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar. Default: when stderr is a terminal.")
@handle_errors
def load(files: tuple[str, ...], store: str, graph: str | None, progress: bool | None) -> None:
    """Load FILES into a persistent store or a SPARQL endpoint, one named graph per file."""
    from kgraph.backends import open_backend, parse_spec
    from kgraph.backends.files import check_files

    spec = parse_spec(store)
    if spec.kind == "memory":
        raise click.UsageError("kgraph load fills a persistent store: --store oxigraph:PATH "
                               "or sparql:URL (memory reads --data files at every command)")
    total = check_files([Path(f) for f in files])  # exit 3 before any store is made
    show = progress if progress is not None else sys.stderr.isatty()
    with open_backend(spec, create=True) as backend, click.progressbar(
        length=total, label=f"loading into {spec}", file=sys.stderr,
        show_pos=False, show_percent=True, show_eta=True, hidden=not show,
    ) as bar:
        graphs, freed = getattr(backend, "leftovers", (0, 0))
        if graphs or freed:
            click.echo(f"removed what interrupted loads left in {spec}: {graphs} unfinished "
                       f"graph(s), {freed / 2**20:.1f} MiB of files", err=True)
        report = backend.load([Path(f) for f in files], graph, progress=bar.update)
    size = f"{report.triples} triples" if report.triples is not None else f"{total} bytes"
    click.echo(f"loaded {len(files)} file(s) into {report.store} in {report.seconds:.1f} s "
               f"({size}; graphs: {', '.join(report.graphs) or 'as named in the files'})")


@cli.command()
@click.option("--triples", type=click.IntRange(min=1), required=True,
              help="About how many triples to make (councils and plan generations scale).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Random seed: the same seed and size give the same file.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="File to write: .ttl (Turtle) or .nt (N-Triples).")
@handle_errors
def generate(triples: int, seed: int, output: str) -> None:
    """Write a synthetic graph of many councils' plans (conforms to the shapes)."""
    from kgraph.generate import write

    count = write(Path(output), triples, seed)
    click.echo(f"wrote {output} ({count} triples, seed {seed})")
