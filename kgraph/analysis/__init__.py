"""Analyses over the graph: each returns DataFrames or small dataclasses, never text."""
