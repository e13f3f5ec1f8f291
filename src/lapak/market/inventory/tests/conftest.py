"""Fixtures for the inventory tests: a village, sellers, warehouses and catalogue variants.

The catalogue has no creation service yet, so variants are made with the ORM here (test code only)."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.utils import translation

from lapak.core.testing import race  # noqa: F401  (re-exported for the tests here)

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def village():
    from lapak.regions.models import Region

    def make(code, level, kind, name, parent=None, postcode=""):
        region, _created = Region.objects.get_or_create(
            code=code, defaults={"digits": code.replace(".", ""), "level": level, "kind": kind, "name": name,
                                 "parent": parent, "postcode": postcode})
        return region

    province = make("31", 1, "provinsi", "Daerah Khusus Ibukota Jakarta")
    regency = make("31.71", 2, "kota_administrasi", "Kota Administrasi Jakarta Pusat", province)
    district = make("31.71.01", 3, "kecamatan", "Gambir", regency)
    return make("31.71.01.1001", 4, "kelurahan", "Gambir", district, "10110")


@pytest.fixture
def shop(village):
    """make(name) -> a seller organisation with one warehouse (`org.wh`) and a `variant(quantity)` factory."""
    from lapak.market.catalog.models import Category, Product, Variant
    from lapak.market.inventory.services import stock_restock, warehouse_create
    from lapak.market.sellers.models import SellerOrganisation

    category, _created = Category.objects.get_or_create(slug="uji", defaults={"name_id": "Uji", "name_en": "Test"})

    def make(name="Toko Uji"):
        n = next(_serial)
        org = SellerOrganisation.objects.create(seller_type="individual", shop_name=name, shop_slug=f"toko-{n}")
        org.wh = warehouse_create(organisation=org, name="Gudang Utama", region=village, street="Jl. Merdeka 1",
                                  postcode="10110")
        product = Product.objects.create(seller=org, category=category, title=f"Kaos {n}")

        def variant(quantity=0, warehouse=None):
            v = Variant.objects.create(product=product, seller=org, sku=f"SKU-{next(_serial)}", price=50_000,
                                       weight_grams=200, length_mm=10, width_mm=10, height_mm=10)
            if quantity:
                stock_restock(variant=v, warehouse=warehouse or org.wh, quantity=quantity, actor="test")
            return v

        org.variant = variant
        return org

    return make


@pytest.fixture
def racing_db(transactional_db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("racing threads need a file-backed SQLite test database or PostgreSQL")


