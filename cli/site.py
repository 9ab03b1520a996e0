"""kgraph site build / serve (the static explorer). Filled in by the explorer work."""
