"""Serve a built site on the loopback interface, for a quick look."""

from __future__ import annotations

import functools
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kgraph.errors import InputError
from kgraph.explorer import urls
from kgraph.explorer.build import default_output


def server(directory: str | Path | None, port: int = 8000) -> ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1:``port`` (0: any free port) for the built site."""
    folder = Path(directory) if directory else default_output()
    if not (folder / urls.HOME).is_file():
        raise InputError(f"{folder}: no built site here; run `kgraph site build` first")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


def serve(directory: str | Path | None, port: int = 8000,
          announce: Callable[[str], None] = print) -> None:
    httpd = server(directory, port)
    host, bound = httpd.server_address[:2]
    announce(f"serving {directory or default_output()} on http://{host}:{bound}/ (Ctrl-C stops)")
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
