"""The kgraph command group, alone, so that the command modules import it without
importing main.py, which imports them (no import cycle)."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kgraph")
def cli() -> None:
    """kgraph: strategies, priorities, boards and indicators of public-sector plans
    as an RDF knowledge graph.

    Exit codes (README's table; kgraph.errors.EXIT_CODES): 0 ok; 1 does not conform /
    differs; 2 usage; 3 bad input or output (a missing, unreadable or malformed file, an
    unwritable folder, a full disk); 4 entity not found or ambiguous; 5 curated tables or
    workbook have problems or exceed the limits; 6 bad query; 7 store or SPARQL endpoint
    unavailable or failing.
    """
