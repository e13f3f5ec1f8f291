"""Cart fixtures: the buyer catalogue (a verified shop with stock) plus more shops, all through real services."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection

from lapak.market.catalog.tests import buyer_fixtures
from lapak.market.catalog.tests.buyer_fixtures import variant_data
from lapak.market.sellers.tests import conftest as sellers_fixtures
from lapak.market.sellers.tests.conftest import VILLAGE

build, people, region_tree = sellers_fixtures.build, sellers_fixtures.people, sellers_fixtures.region_tree
catalogue, buyer = buyer_fixtures.catalogue, buyer_fixtures.buyer


@pytest.fixture
def other_buyer(make_user):
    return make_user(email="pembeli.lain@example.test")


@pytest.fixture
def shops(build, catalogue):
    """make(name, serial) -> another verified shop with a warehouse; `shop.listing(title, price, units)` adds a
    public single-variant listing and returns its variant."""
    from lapak.market.catalog.services import listing_transition, product_create, variant_create
    from lapak.market.inventory.services import stock_restock, warehouse_create
    from lapak.market.sellers.services import organisation_profile_update
    from lapak.regions.models import Region

    def make(name: str, serial: int) -> SimpleNamespace:
        owner = build.user(full_name="Sari Dewi")
        org = build.verified(owner=owner, nik=f"317101120590{serial:04d}", shop=name,
                             account=f"55500000{serial:02d}").organisation
        org = organisation_profile_update(organisation=org, actor=owner, data={
            "pickup_region_code": VILLAGE, "pickup_street": "Jl. Kebon Sirih 2"})
        warehouse = warehouse_create(organisation=org, name="Gudang", region=Region.objects.get(code=VILLAGE),
                                     street="Jl. Kebon Sirih 2", postcode="10110")

        def listing(title: str, price: int, units: int = 20) -> object:
            product = product_create(seller=org, actor=owner, data={
                "category": catalogue.shirts, "title": title, "origin": "domestic", "description_id": "Uji."})
            variant = variant_create(product=product, actor=owner,
                                     data=variant_data(f"SKU-{product.pk}", price, {}))
            if units:
                stock_restock(variant=variant, warehouse=warehouse, quantity=units, actor="test")
            listing_transition(product=product, actor=owner, to="submitted")
            return variant

        return SimpleNamespace(org=org, owner=owner, listing=listing)

    return make


@pytest.fixture
def racing_db(transactional_db):
    """Threads racing on a real database need a file-backed SQLite test database or PostgreSQL."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("racing threads need a file-backed SQLite test database or PostgreSQL")
