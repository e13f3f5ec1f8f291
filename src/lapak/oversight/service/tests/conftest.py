"""Fixtures for the money and service figures: the world of source rows and readers of each kind."""

from __future__ import annotations

import pytest

from lapak.market.payments.tests import conftest as payments_fixtures
from lapak.market.payments.tests import release_support
from lapak.oversight.service.tests.support import World

# The payments tests' world (two shops, a buyer, a placed order paid by QRIS through a fake Midtrans, delivered and
# completed), re-exported so test_real_flow builds its facts through the real services.
build, people, region_tree, catalogue, buyer, other_buyer, shops, places, couriers, address, market, cart, place = (
    payments_fixtures.build, payments_fixtures.people, payments_fixtures.region_tree, payments_fixtures.catalogue,
    payments_fixtures.buyer, payments_fixtures.other_buyer, payments_fixtures.shops, payments_fixtures.places,
    payments_fixtures.couriers, payments_fixtures.address, payments_fixtures.market, payments_fixtures.cart,
    payments_fixtures.place)
midtrans, paid_order, completed = payments_fixtures.midtrans, release_support.paid_order, release_support.completed


@pytest.fixture
def world(db):
    return World()



