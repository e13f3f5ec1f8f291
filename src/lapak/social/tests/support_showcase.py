"""The marketplace's real public API, answering social's catalogue client in-process (no network)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import httpx
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from lapak.social.catalogue import catalogue_transport_set


class InProcessMarketplace:
    """The site's WSGI application, called the way Django's test client calls it: the request's start and end do
    not close the test's database connections (which hold the test's transaction), even when the call is nested
    inside a test-client request to a social page."""

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


@pytest.fixture
def marketplace_api(settings):
    settings.MARKETPLACE_API_URL = "http://testserver/api/v1"
    catalogue_transport_set(httpx.WSGITransport(app=InProcessMarketplace()))
    yield
    catalogue_transport_set(None)


@pytest.fixture
def marketplace_down(settings):
    """Nothing listens on the discard port: the client's connection is refused, as when the catalogue is down."""
    settings.MARKETPLACE_API_URL = "http://127.0.0.1:9/api/v1"
    catalogue_transport_set(None)
    yield
    catalogue_transport_set(None)
