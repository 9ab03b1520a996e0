"""Shared click options and the error → exit-code mapping."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click

from kgraph.errors import KgraphError
from kgraph.formats import FORMATS

data_option = click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="RDF file to load (repeatable; merged). Default: the bundled graph.",
)


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
        except KgraphError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper
