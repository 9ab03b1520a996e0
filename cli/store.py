"""kgraph load / generate (stores and synthetic graphs). Filled in by the scale work."""
