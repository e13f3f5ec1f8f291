"""A small public catalogue for the buyer page tests, built through the real services.

A test module registers the fixtures it uses by naming them (`catalogue = buyer_fixtures.catalogue`), as the
catalogue's conftest does with the sellers' fixtures.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from lapak.market.sellers.tests.conftest import VILLAGE, jpeg_bytes

SHIRT_VARIANTS = [  # (sku, size, colour, price, units on the shelf)
    ("KAOS-M-MERAH", "M", "Merah", 75_000, 10),
    ("KAOS-L-MERAH", "L", "Merah", 80_000, 3),
    ("KAOS-L-BIRU", "L", "Biru", 85_000, 0),
]


def variant_data(sku: str, price: int, options: dict) -> dict:
    return {"sku": sku, "price": price, "options": options, "weight_grams": 250, "length_mm": 300, "width_mm": 200,
            "height_mm": 20}


@pytest.fixture
def catalogue(build, people):
    """Fashion > T-shirts, a verified shop in Jakarta with stock, and two public listings plus a draft.

    `shirt`: three variants (size × colour), a picture, a halal certificate (it is only an example), Indonesian
    and English descriptions. `tea`: imported by a local seller, one variant, Indonesian description only."""
    from lapak.market.catalog.models import Category
    from lapak.market.catalog.services import (
        certificate_set,
        listing_transition,
        product_create,
        product_image_add,
        variant_create,
    )
    from lapak.market.inventory.services import stock_restock, warehouse_create
    from lapak.market.sellers.services import organisation_profile_update
    from lapak.regions.models import Region

    owner = people.owner
    shop = build.verified(shop="Toko Budi").organisation
    shop = organisation_profile_update(organisation=shop, actor=owner, data={
        "pickup_region_code": VILLAGE, "pickup_street": "Jl. Moh. Kahfi II No. 5"})
    fashion = Category.objects.create(slug="fesyen", name_id="Fesyen", name_en="Fashion")
    shirts = Category.objects.create(slug="kaos", name_id="Kaos", name_en="T-shirts", parent=fashion)
    drinks = Category.objects.create(slug="minuman", name_id="Minuman", name_en="Drinks")
    warehouse = warehouse_create(organisation=shop, name="Gudang Utama", region=Region.objects.get(code=VILLAGE),
                                 street="Jl. Merdeka 1", postcode="10110")

    shirt = product_create(seller=shop, actor=owner, data={
        "category": shirts, "title": "Kaos Katun Lengan Pendek", "origin": "domestic",
        "description_id": "Kaos katun nyaman untuk sehari-hari.",
        "description_en": "A comfortable cotton T-shirt for every day."})
    variants = {}
    for sku, size, colour, price, units in SHIRT_VARIANTS:
        variant = variant_create(product=shirt, actor=owner,
                                 data=variant_data(sku, price, {"size": size, "colour": colour}))
        if units:
            stock_restock(variant=variant, warehouse=warehouse, quantity=units, actor="test")
        variants[sku] = variant
    product_image_add(product=shirt, actor=owner, data=jpeg_bytes())
    product_image_add(product=shirt, actor=owner, data=jpeg_bytes(color=(10, 20, 200)))
    certificate_set(product=shirt, actor=owner, kind="halal", number="ID31110000123450721",
                    issuer="BPJPH", expires_on=timezone.localdate() + timedelta(days=400))
    shirt = listing_transition(product=shirt, actor=owner, to="submitted")

    tea = product_create(seller=shop, actor=owner, data={
        "category": drinks, "title": "Teh Hijau Jepang", "origin": "imported_local", "origin_country": "JP",
        "description_id": "Teh hijau impor dari Shizuoka."})
    tea_variant = variant_create(product=tea, actor=owner, data=variant_data("TEH-100", 120_000, {}))
    stock_restock(variant=tea_variant, warehouse=warehouse, quantity=50, actor="test")
    tea = listing_transition(product=tea, actor=owner, to="submitted")

    draft = product_create(seller=shop, actor=owner, data={
        "category": shirts, "title": "Kaos Rahasia", "origin": "domestic", "description_id": "Belum dijual."})
    variant_create(product=draft, actor=owner, data=variant_data("RAHASIA-1", 50_000, {}))

    assert shirt.status == tea.status == "active"
    return SimpleNamespace(shop=shop, owner=owner, fashion=fashion, shirts=shirts, drinks=drinks, shirt=shirt,
                           tea=tea, draft=draft, variants=variants, warehouse=warehouse)


def add_listing(catalogue: SimpleNamespace, *, title: str, price: int, category: object, units: int = 5,
                description: str = "Produk uji.") -> object:
    """One more public listing of the catalogue's shop, with a single variant and `units` on the shelf."""
    from lapak.market.catalog.services import listing_transition, product_create, variant_create
    from lapak.market.inventory.services import stock_restock

    product = product_create(seller=catalogue.shop, actor=catalogue.owner, data={
        "category": category, "title": title, "origin": "domestic", "description_id": description})
    variant = variant_create(product=product, actor=catalogue.owner,
                             data=variant_data(f"SKU-{product.pk}", price, {}))
    if units:
        stock_restock(variant=variant, warehouse=catalogue.warehouse, quantity=units, actor="test")
    return listing_transition(product=product, actor=catalogue.owner, to="submitted")


def client_in(language: str, user: object | None = None) -> Client:
    """A browser whose language cookie (the one the language switch sets) says `language`."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def buyer(make_user):
    return make_user(email="pembeli@example.test")


@pytest.fixture
def cold_cache(settings):
    """Caching on, as in production, but empty: what the query budget is measured against (a cache miss)."""
    settings.SEARCH_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()
