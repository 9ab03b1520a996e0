"""``python -m kgraph``: the same as the ``kgraph`` command."""

from kgraph.cli.main import cli

if __name__ == "__main__":  # pragma: no cover - exercised by tests/test_packaging.py
    cli(prog_name="kgraph")
