"""Bad input: clear per-field errors and nothing partly saved."""

from __future__ import annotations

import pytest

from lapak.core.errors import NotFound, ValidationFailed
from lapak.market.catalog.models import Product, Variant
from lapak.market.catalog.services import product_create, product_update, variant_create, variant_update
from lapak.market.catalog.tests.conftest import VARIANT, product_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("field", "value"), [
    ("price", 0), ("price", -1), ("price", 1_000_000_000_001), ("price", "75000"), ("price", 7.5),
    ("price", True), ("weight_grams", 0), ("weight_grams", 5_000_000), ("length_mm", -3),
    ("height_mm", 100_000), ("sku", ""), ("sku", "has space"), ("options", {"size": 5}), ("options", ["M"]),
])
def test_bad_variant_fields(draft, owner, field, value):
    with pytest.raises(ValidationFailed) as caught:
        variant_create(product=draft, actor=owner, data={**VARIANT, "sku": "OTHER-1", field: value})
    assert list(caught.value.fields) == [field]
    assert draft.variants.count() == 1


def test_every_bad_field_is_reported_at_once(draft, owner):
    with pytest.raises(ValidationFailed) as caught:
        variant_update(variant=draft.variants.get(), actor=owner, data={"price": -5, "width_mm": 0, "colour": "x"})
    assert set(caught.value.fields) == {"price", "width_mm", "colour"}
    assert draft.variants.get().price == VARIANT["price"]


def test_sku_unique_per_seller_not_globally(draft, owner, shop, clothing):
    other = product_create(seller=shop, actor=owner, data=product_data(clothing, title="Kaos Lain"))
    with pytest.raises(ValidationFailed) as caught:
        variant_create(product=other, actor=owner, data=dict(VARIANT))
    assert list(caught.value.fields) == ["sku"]


def test_bad_product_fields(shop, owner, clothing):
    with pytest.raises(ValidationFailed) as caught:
        product_create(seller=shop, actor=owner, data={"category": "no-such", "title": "x", "description_id": "",
                                                      "origin": "moon"})
    assert set(caught.value.fields) == {"category", "title", "description_id", "origin"}
    with pytest.raises(ValidationFailed) as caught:
        product_create(seller=shop, actor=owner, data=product_data(clothing, origin="cross_border_direct",
                                                                   origin_country="CN", hs_code="6109.10"))
    assert set(caught.value.fields) == {"hs_code"}
    with pytest.raises(ValidationFailed) as caught:
        product_create(seller=shop, actor=owner, data=product_data(clothing, origin="cross_border_direct",
                                                                   origin_country="CN"))
    assert set(caught.value.fields) == {"hs_code", "fob_value_usd_cents"}
    with pytest.raises(ValidationFailed) as caught:
        product_create(seller=shop, actor=owner, data=product_data(clothing, fob_value_usd_cents=12.5,
                                                                   origin="imported_local", origin_country="CN"))
    assert set(caught.value.fields) == {"fob_value_usd_cents"}
    assert not Product.objects.exists()


def test_cross_border_product_and_inactive_category(shop, owner, clothing):
    product = product_create(seller=shop, actor=owner, data=product_data(
        clothing, origin="cross_border_direct", origin_country="cn", hs_code="6109.1000",
        fob_value_usd_cents=450))
    assert (product.origin_country, product.hs_code, product.fob_value_usd_cents) == ("CN", "61091000", 450)
    clothing.is_active = False
    clothing.save()
    with pytest.raises(ValidationFailed):
        product_update(product=product, actor=owner, data={"category": clothing})


def test_missing_indonesian_description_in_id(shop, owner, clothing, draft):
    with pytest.raises(ValidationFailed) as caught:
        product_update(product=draft, actor=owner, data={"description_id": "  "})
    assert list(caught.value.fields) == ["description_id"]


def test_staff_and_strangers_cannot_write(draft, people):
    with pytest.raises(NotFound):
        variant_create(product=draft, actor=people.stranger, data={**VARIANT, "sku": "X-1"})
    assert Variant.objects.count() == 1
