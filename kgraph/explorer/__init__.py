"""The static HTML explorer: ``build.build_site`` turns the graph into an offline site.

Data flows one way: ``facts`` and kgraph's analyses → ``sitedata`` (run once) → ``pages``
and ``network`` (plain dicts, each page's JSON twin) → Jinja templates → files; ``urls``
makes every path, ``network`` places every node, ``kinds`` maps entity types to page
kinds and colours.
"""
