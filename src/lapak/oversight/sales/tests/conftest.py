"""Fixtures for the sellers and sales rollup tests: the hand-built market, readers, and the market of the order
tests (real checkout and payment services) for the cash-on-delivery test."""

from __future__ import annotations

import pytest

from lapak.market.orders.tests import conftest as order_fixtures
from lapak.oversight.sales.tests import support

build, people, region_tree, catalogue, buyer, other_buyer, shops, racing_db = (
    order_fixtures.build, order_fixtures.people, order_fixtures.region_tree, order_fixtures.catalogue,
    order_fixtures.buyer, order_fixtures.other_buyer, order_fixtures.shops, order_fixtures.racing_db)
places, couriers, address, market, cart, place = (
    order_fixtures.places, order_fixtures.couriers, order_fixtures.address, order_fixtures.market,
    order_fixtures.cart, order_fixtures.place)


@pytest.fixture
def world(db):
    support.regions_make()
    return support.categories_make()


