"""Views for readers (the ``table`` and ``markdown`` formats): names instead of ids, plans
and source documents by their titles, citations as "title, line N", findings grouped by
kind with what each means, coverage as ticks under short column keys. No rdflib here:
the words come in a ``ReaderWords`` the caller fills from the graph.

One module per view; the words and helpers they share are in ``kgraph.reading.words``."""

from kgraph.reading.coverage import coverage_view
from kgraph.reading.crosswalk import crosswalk_view
from kgraph.reading.findings import render_findings
from kgraph.reading.indicators import indicators_view
from kgraph.reading.overlaps import overlaps_view
from kgraph.reading.tables import blocks_view, compare_view, trace_links
from kgraph.reading.words import TABLE_CELL_MAX, ReaderWords, for_reading, source_words, terminal_width

__all__ = ["TABLE_CELL_MAX", "ReaderWords", "blocks_view", "compare_view", "coverage_view",
           "crosswalk_view", "for_reading", "indicators_view", "overlaps_view",
           "render_findings", "source_words", "terminal_width", "trace_links"]
