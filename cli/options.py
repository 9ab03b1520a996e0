"""Shared click options and the error → exit-code mapping."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click

from kgraph.errors import KgraphError, exit_status
from kgraph.formats import FORMATS

_data = click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(readable=False),  # kgraph.loader.check_input says (exit 3)
    help="RDF file to load (repeatable; merged). Default: the bundled graph.",
)

STORE_KEY = "kgraph.store"
STORE_USED = "kgraph.store.used"


def _remember_store(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """Check the spec now (a usage error, exit 2) and keep it for ``chosen_store``."""
    from kgraph.backends import parse_spec
    from kgraph.errors import InputError

    if value is None:
        return
    try:
        spec = parse_spec(value)
    except InputError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    source = ctx.get_parameter_source(param.name or "store")
    ctx.meta[STORE_KEY] = (spec, source)
    if spec.kind != "memory":
        ctx.call_on_close(functools.partial(_warn_unread, ctx, spec))


def _warn_unread(ctx: click.Context, spec: Any) -> None:
    if not ctx.meta.get(STORE_USED):
        click.echo(f"warning: `kgraph {ctx.info_name}` does not read --store / KGRAPH_STORE "
                   f"yet: it read the --data files or the bundled graph, not {spec}", err=True)


store_option = click.option(
    "--store",
    envvar="KGRAPH_STORE",
    default="memory",
    show_default=True,
    expose_value=False,
    callback=_remember_store,
    metavar="STORE",
    help="Where the graph lives: memory (the --data files, else the bundled graph), "
    "oxigraph:PATH (a store made by `kgraph load`) or sparql:URL (a SPARQL 1.1 endpoint). "
    "Env: KGRAPH_STORE.",
)


def data_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--data FILE... and --store STORE: which graph a command reads."""
    return _data(store_option(func))


def chosen_store(data: tuple[str, ...]) -> tuple[Any, tuple[str, ...]]:
    """The store spec and files to open. --data beats a store set only by KGRAPH_STORE;
    --data with an explicit persistent --store is a usage error (load files first)."""
    from kgraph.backends import StoreSpec

    ctx = click.get_current_context()
    spec, source = ctx.meta.get(STORE_KEY, (StoreSpec("memory"), None))
    ctx.meta[STORE_USED] = True
    if data and spec.kind != "memory":
        if source == click.core.ParameterSource.COMMANDLINE:
            raise click.UsageError(
                f"--data reads files into memory; to query {spec}, load them first with "
                f"`kgraph load --store {spec} FILE...`")
        spec = StoreSpec("memory")
    return spec, data


def format_option(*extra: str, default: str = "table") -> Callable[[Any], Any]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice([*FORMATS, *extra]),
        default=default,
        show_default=True,
        help="Output format.",
    )


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into a message on stderr and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (KgraphError, OSError, UnicodeDecodeError, MemoryError) as exc:
            status = exit_status(exc)  # the one table: kgraph.errors.EXIT_CODES
            if status is None:
                raise
            click.echo(f"Error: {status[0]}", err=True)
            sys.exit(status[1])

    return wrapper


def open_source(data: tuple[str, ...]):  # type: ignore[no-untyped-def]  # a Backend, imported lazily
    """The backend --store / KGRAPH_STORE chose (memory: --data files or the bundled graph)."""
    from kgraph.backends import open_backend

    spec, files = chosen_store(data)
    return open_backend(spec, files)


def reading(source: Any, fmt: str) -> Any:
    """For the reader's formats (table, markdown): the names, plan and document titles the
    view uses instead of ids (kgraph.reading.for_reading); None for csv and json."""
    if fmt not in ("table", "markdown"):
        return None
    from kgraph.analysis.gaps import reader_words

    return reader_words(source)
