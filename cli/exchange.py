"""kgraph template / import / export / diff (in progress)."""
