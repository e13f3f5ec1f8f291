"""A threaded wsgiref server for running the gateway without gunicorn (tests, `python -m ... --wsgiref`)."""

from __future__ import annotations

import threading
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Tests start many requests; stay silent."""


def make_threaded_server(app: Any, host: str = "127.0.0.1", port: int = 0, *, quiet: bool = True) -> WSGIServer:
    """A wsgiref server answering each request in its own thread; port 0 picks a free one."""
    handler = _QuietHandler if quiet else WSGIRequestHandler
    return make_server(host, port, app, server_class=_ThreadingWSGIServer, handler_class=handler)


def serve_in_thread(app: Any, host: str = "127.0.0.1", port: int = 0) -> tuple[WSGIServer, str]:
    """Start serving in a daemon thread; returns the server (call shutdown()) and its base URL."""
    server = make_threaded_server(app, host, port)
    # A short poll interval so shutdown() returns at once (tests start and stop many servers).
    threading.Thread(target=server.serve_forever, args=(0.05,), name="gateway-wsgiref", daemon=True).start()
    return server, f"http://{host}:{server.server_port}"
