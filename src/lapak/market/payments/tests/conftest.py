"""Payments fixtures: the orders' world (two shops, a buyer with an address, placed orders) and a fake Midtrans
under the real SDK."""

from __future__ import annotations

import json

import pytest

from lapak.market.orders.tests import conftest as order_fixtures
from lapak.market.payments.tests.fake_midtrans import BASE_URL, SERVER_KEY, FakeMidtrans

build, people, region_tree, catalogue, buyer, other_buyer, shops, racing_db = (
    order_fixtures.build, order_fixtures.people, order_fixtures.region_tree, order_fixtures.catalogue,
    order_fixtures.buyer, order_fixtures.other_buyer, order_fixtures.shops, order_fixtures.racing_db)
places, couriers, address, market, cart, place = (
    order_fixtures.places, order_fixtures.couriers, order_fixtures.address, order_fixtures.market,
    order_fixtures.cart, order_fixtures.place)


@pytest.fixture
def midtrans(settings, monkeypatch):
    """A fake Midtrans the adapter reaches through the official SDK (MIDTRANS_BASE_URL points at it)."""
    from lapak.market.payments.gateways import registry

    fake = FakeMidtrans()
    settings.MIDTRANS_BASE_URL = BASE_URL
    settings.MIDTRANS_SERVER_KEY = SERVER_KEY
    settings.MIDTRANS_IS_PRODUCTION = False
    monkeypatch.setattr(registry, "http_client_factory", fake.client)
    return fake


@pytest.fixture
def placed(place, cart):
    """An order of the buyer awaiting payment: goods 520,000 from two shops, plus shipping."""
    return place()


def notify(body: dict | bytes, **headers: str):
    """POST a notification to the Midtrans webhook as the gateway would."""
    from django.test import Client

    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Client().post("/api/v1/payments/webhooks/midtrans", raw, content_type="application/json", **headers)
