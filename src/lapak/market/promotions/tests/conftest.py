"""Promotions fixtures: the catalogue's (a verified shop built through the sellers services), a platform
operator, and builders of vouchers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.market.catalog.tests import conftest as catalog_fixtures

build, english, people, region_tree, clothing, snacks, shop = (
    catalog_fixtures.build, catalog_fixtures.english, catalog_fixtures.people, catalog_fixtures.region_tree,
    catalog_fixtures.clothing, catalog_fixtures.snacks, catalog_fixtures.shop,
)


def terms(**overrides) -> dict:
    """A fixed Rp10.000 voucher, valid from an hour ago for a week."""
    now = timezone.now()
    data = {"code": "HEMAT10", "kind": "fixed", "amount": 10_000, "min_spend": 50_000,
            "valid_from": now - timedelta(hours=1), "valid_until": now + timedelta(days=7)}
    data.update(overrides)
    return data


@pytest.fixture
def operator(make_user):
    return make_user(email="ops@example.test", roles=["operator"])


@pytest.fixture
def platform_voucher(operator):
    """`platform_voucher(**terms)`: a platform voucher issued through the service."""
    from lapak.market.promotions.services import voucher_create

    def make(**overrides):
        return voucher_create(actor=operator, data=terms(**overrides))

    return make
