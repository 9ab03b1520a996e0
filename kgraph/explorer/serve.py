"""Serve a built site on the loopback interface, for a quick look.

Only the site's own files are served: no directory listings, no hidden files (the build's
marker), nothing a symbolic link reaches outside the folder, and a path holding a NUL
byte is a 400. Requests are answered only for a local host name (``localhost``,
``127.0.0.1``, ``[::1]``), so a web page cannot reach the site through DNS rebinding.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
import urllib.parse
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kgraph.errors import InputError, UsageError
from kgraph.explorer import urls
from kgraph.explorer.build import default_output

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})


def _host_name(header: str) -> str:
    header = header.strip().lower()
    if header.startswith("["):  # [::1]:8000
        return header[: header.find("]") + 1]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class SiteHandler(SimpleHTTPRequestHandler):
    """A file handler for one built site folder (``directory``), hardened as above."""

    server_version = "kgraph-site"
    sys_version = ""

    def _refuse(self) -> bool:
        """Send an error and return True if this request is not one to answer."""
        host = self.headers.get("Host")
        if host is not None and _host_name(host) not in LOCAL_HOSTS:
            self.send_error(HTTPStatus.FORBIDDEN, "this server answers for localhost only")
            return True
        raw = urllib.parse.urlsplit(self.path).path
        try:
            path = urllib.parse.unquote(raw, errors="strict")
        except UnicodeDecodeError:
            path = "\x00"  # not UTF-8: a bad path
        if "\x00" in path or "\\" in path:
            self.send_error(HTTPStatus.BAD_REQUEST, "bad path")
            return True
        parts = [p for p in path.split("/") if p]
        if any(p.startswith(".") for p in parts):  # hidden files, and any '..'
            self.send_error(HTTPStatus.NOT_FOUND, "not found")
            return True
        root = os.path.realpath(self.directory)
        real = os.path.realpath(os.path.join(root, *parts))
        if real != root and not real.startswith(root + os.sep):
            self.send_error(HTTPStatus.NOT_FOUND, "not found")  # a link out of the site
            return True
        return False

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if not self._refuse():
            super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        if not self._refuse():
            super().do_HEAD()

    def list_directory(self, path: Any) -> None:
        self.send_error(HTTPStatus.NOT_FOUND, "not found")  # no listings
        return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line in the log for a request that failed (a client gone), no traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError):
            return  # the client went away: nothing to say
        print(f"kgraph site serve: request from {client_address[0]} failed: {exc!r}",
              file=sys.stderr)


def server(directory: str | Path | None, port: int = 8000) -> ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1:``port`` (0: any free port) for the built site."""
    folder = Path(directory) if directory else default_output()
    if not (folder / urls.HOME).is_file():
        raise InputError(f"{folder}: no built site here; run `kgraph site build` first")
    handler = functools.partial(SiteHandler, directory=str(folder.resolve()))
    try:
        return _Server(("127.0.0.1", port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} on 127.0.0.1 is already in use: choose another "
                             "with --port (0 picks a free one)") from None
        if exc.errno == errno.EACCES:
            raise UsageError(f"port {port} needs privileges: choose one above 1023 with "
                             "--port") from None
        raise


def serve(directory: str | Path | None, port: int = 8000,
          announce: Callable[[str], None] = print) -> None:
    httpd = server(directory, port)
    host, bound = httpd.server_address[:2]
    announce(f"serving {directory or default_output()} on http://{host}:{bound}/ (Ctrl-C stops)")  # type: ignore[str-bytes-safe]  # an AF_INET address: host is a str
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
