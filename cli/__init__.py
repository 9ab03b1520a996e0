"""The kgraph command line: a thin click layer over the kgraph library."""
