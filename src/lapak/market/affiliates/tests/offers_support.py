"""Shared ground for the offers and invitations tests (no tests here): the catalogue's world (shop A verified,
with owner, manager and staff; shop B; a buyer, an operator, a regulator) plus two creators, and builders.

Import in a test module: `from lapak.market.affiliates.tests.offers_support import *  # noqa: F403`.
"""

from __future__ import annotations

import pytest

from lapak.market.catalog.tests import conftest as catalog_fixtures
from lapak.market.catalog.tests.test_api_support import CALLERS as CATALOG_CALLERS
from lapak.market.catalog.tests.test_api_support import call, cworld_fixture, error_of

build, english, people, region_tree, clothing, snacks = (
    catalog_fixtures.build, catalog_fixtures.english, catalog_fixtures.people, catalog_fixtures.region_tree,
    catalog_fixtures.clothing, catalog_fixtures.snacks,
)
CALLERS = (*CATALOG_CALLERS, "creator")
A = "/api/v1/affiliates"

__all__ = ["CALLERS", "A", "aworld_fixture", "build", "call", "clothing", "cworld_fixture", "english", "error_of",
           "people", "region_tree", "snacks"]


@pytest.fixture(name="aworld")
def aworld_fixture(cworld, make_user, bearer):
    """The catalogue's world with `creator` (creator role; also a caller column) and `creator2`, and one
    active product of shop A in `w.live`."""
    w = cworld
    for name in ("creator", "creator2"):
        user = make_user(email=f"{name}@example.test", roles=["creator"])
        w.users[name] = user
        w.headers[name] = bearer(user)
    w.live = w.product("active")
    return w
