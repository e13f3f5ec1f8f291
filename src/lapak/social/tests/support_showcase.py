"""The marketplace's real public API, answering social's catalogue client in-process (no network)."""

from __future__ import annotations

import httpx
import pytest

from lapak.social.catalogue import catalogue_transport_set
from lapak.social.catalogue_in_process import InProcessMarketplace


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
