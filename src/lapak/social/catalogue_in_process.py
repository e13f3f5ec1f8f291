"""The marketplace's public API answering social's catalogue client in the same process: for the demo seeder
(no server runs while it seeds) and for tests. The requests still go through the whole site, URL map, API and
error handlers included; only the network is skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import httpx
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from lapak.social.catalogue import catalogue_transport_set


class InProcessMarketplace:
    """The site's WSGI application, called the way Django's test client calls it: the request's start and end do
    not close the caller's database connections (which may hold a transaction, or a test's), even when the call
    is nested inside another request."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            body = b"".join(response)
            response.close()
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def catalogue_in_process() -> None:
    """Point the catalogue client at this process's marketplace (undo with `catalogue_transport_set(None)`)."""
    catalogue_transport_set(httpx.WSGITransport(app=InProcessMarketplace()))
