"""The product list and the product editor's fields and variants: what the services refuse is shown beside the
field it concerns (422), and nothing is saved."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lapak.market.catalog.models import Product, Variant
from lapak.market.catalog.services import listing_transition, product_create
from lapak.market.catalog.tests.conftest import product_data
from lapak.market.catalog.tests.seller_support import client_for, error_of, seller_url, text

pytestmark = pytest.mark.django_db

GOOD_PRODUCT = {"category": "pakaian", "title": "Kemeja Batik Tulis", "description_id": "Batik tulis asli Solo.",
                "description_en": "", "origin": "domestic", "origin_country": "", "hs_code": "", "fob_value_usd": ""}
GOOD_VARIANT = {"sku": "BATIK-L", "price": "250.000", "options": "size: L\ncolour: Coklat", "weight_grams": "300",
                "length_mm": "300", "width_mm": "250", "height_mm": "30", "is_active": "on"}


def test_creating_a_product_saves_a_draft_and_opens_the_editor(shop, owner, clothing):
    response = client_for(owner).post(seller_url("product_new", shop.public_id), GOOD_PRODUCT)
    product = Product.objects.get()
    assert response.status_code == 302 and response["Location"] == seller_url("product", shop.public_id,
                                                                                product.public_id)
    assert (product.title, product.status, product.origin_country) == ("Kemeja Batik Tulis", "draft", "ID")
    page = text(client_for(owner).get(response["Location"]))
    assert "Kemeja Batik Tulis" in page and 'id="variant-form"' in page and 'id="no-variants"' in page


@pytest.mark.parametrize("change, field, message", [
    ({"title": "ab"}, "title", "3 to 200 characters"),
    ({"category": ""}, "category", "Choose a category"),
    ({"category": "tidak-ada"}, "category", "valid choice"),
    ({"description_id": "   "}, "description_id", "Bahasa Indonesia"),
    ({"origin": "cross_border_direct", "origin_country": "CN"}, "hs_code", "HS code"),
    ({"origin": "cross_border_direct", "origin_country": "CN", "hs_code": "61091000"}, "fob_value_usd", "FOB"),
    ({"origin": "imported_local", "origin_country": "C1"}, "origin_country", "two-letter"),
    ({"fob_value_usd": "sepuluh dolar"}, "fob_value_usd", "US dollars"),
    ({"fob_value_usd": "99999999999999"}, "fob_value_usd", "from 1 to"),
    ({"hs_code": "12ab"}, "hs_code", "8-digit"),
    ({"origin": "martian"}, "origin", "valid choice"),
])
def test_bad_product_fields_are_shown_beside_them_and_nothing_is_saved(shop, owner, clothing, change, field,
                                                                       message):
    response = client_for(owner).post(seller_url("product_new", shop.public_id), {**GOOD_PRODUCT, **change})
    assert response.status_code == 422
    assert message in error_of(text(response), field)
    assert 'value="Kemeja Batik Tulis"' in text(response) or change.get("title")
    assert not Product.objects.exists()


def test_editing_the_fields_saves_them_and_bad_edits_change_nothing(shop, owner, draft):
    client = client_for(owner)
    url = seller_url("product", shop.public_id, draft.public_id)
    assert client.post(url, {**GOOD_PRODUCT, "title": "Kaos Baru"}).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Kaos Baru"
    refused = client.post(url, {**GOOD_PRODUCT, "title": "x", "origin": "cross_border_direct"})
    assert refused.status_code == 422
    assert "3 to 200" in error_of(text(refused), "title")
    draft.refresh_from_db()
    assert (draft.title, draft.origin) == ("Kaos Baru", "domestic")


def test_a_submitted_listing_cannot_be_edited(shop, owner, draft, monkeypatch):
    from lapak.market.catalog.tests.conftest import deny_with

    monkeypatch.setattr("lapak.market.catalog.services.listing.compliance_decide", deny_with(outcome="review"))
    listing_transition(product=draft, actor=owner, to="submitted")
    client = client_for(owner)
    page = text(client.get(seller_url("product", shop.public_id, draft.public_id)))
    assert 'id="product-form"' not in page and 'id="product-view"' in page
    response = client.post(seller_url("product", shop.public_id, draft.public_id), {**GOOD_PRODUCT, "title": "Baru"})
    assert response.status_code == 409 and "cannot be changed" in text(response)
    draft.refresh_from_db()
    assert draft.title == "Kaos Katun Lengan Pendek"


def test_adding_a_variant_reads_rupiah_and_options(shop, owner, draft):
    response = client_for(owner).post(seller_url("variant_add", shop.public_id, draft.public_id), GOOD_VARIANT)
    assert response.status_code == 302
    variant = Variant.objects.get(sku="BATIK-L")
    assert (variant.price, variant.options, variant.is_active) == (250_000, {"size": "L", "colour": "Coklat"}, True)


@pytest.mark.parametrize("change, field, message", [
    ({"price": "murah"}, "price", "whole number"),
    ({"price": "-5"}, "price", "from 1 to"),
    ({"price": "9" * 30}, "price", "from 1 to"),
    ({"price": ""}, "price", "whole number"),
    ({"weight_grams": "0"}, "weight_grams", "from 1 to"),
    ({"height_mm": "1.5"}, "height_mm", "whole number"),
    ({"sku": "KAOS-M-MERAH"}, "sku", "already uses this SKU"),
    ({"sku": "bad sku!"}, "sku", "SKU of up to 64"),
    ({"options": "size M"}, "options", "name: value"),
    ({"options": "size: M\nSize: L"}, "options", "given twice"),
    ({"options": "\n".join(f"o{i}: v" for i in range(6))}, "options", "up to 5 options"),
])
def test_bad_variant_fields_are_shown_beside_them_and_nothing_is_saved(shop, owner, draft, change, field,
                                                                       message):
    response = client_for(owner).post(seller_url("variant_add", shop.public_id, draft.public_id),
                                      {**GOOD_VARIANT, **change})
    assert response.status_code == 422
    assert message in error_of(text(response), field)
    assert list(Variant.objects.values_list("sku", flat=True)) == ["KAOS-M-MERAH"]


def test_editing_a_variant_and_a_bad_edit_changing_nothing(shop, owner, draft):
    variant = draft.variants.get()
    client = client_for(owner)
    url = seller_url("variant", shop.public_id, draft.public_id, variant.public_id)
    page = text(client.get(url))
    assert 'value="KAOS-M-MERAH"' in page and "size: M\ncolour: Merah" in page
    refused = client.post(url, {**GOOD_VARIANT, "sku": "KAOS-M-MERAH", "price": "0"})
    assert refused.status_code == 422 and "from 1 to" in error_of(text(refused), "price")
    variant.refresh_from_db()
    assert variant.price == 75_000
    assert client.post(url, {**GOOD_VARIANT, "sku": "KAOS-M-MERAH", "price": "80000"}).status_code == 302
    variant.refresh_from_db()
    assert (variant.price, variant.is_active) == (80_000, True)
    # An unticked box switches the variant off.
    client.post(url, {**GOOD_VARIANT, "sku": "KAOS-M-MERAH", "is_active": ""})
    variant.refresh_from_db()
    assert variant.is_active is False


def test_the_list_filters_by_state_and_pages_by_keyset(shop, owner, clothing, active):
    for n in range(30):
        product_create(seller=shop, actor=owner, data=product_data(clothing, title=f"Produk nomor {n:02d}"))
    client = client_for(owner)
    first = text(client.get(seller_url("products", shop.public_id)))
    assert "Produk nomor 29" in first and "Produk nomor 05" in first and "Produk nomor 04" not in first
    assert 'rel="next"' in first
    after = Product.objects.get(title="Produk nomor 05").public_id
    second = text(client.get(seller_url("products", shop.public_id) + f"?after={after}"))
    assert "Produk nomor 04" in second and active.title in second and "Produk nomor 05" not in second
    assert 'rel="next"' not in second
    live = text(client.get(seller_url("products", shop.public_id) + "?status=active"))
    assert active.title in live and "Produk nomor" not in live and 'data-status="active"' in live
    # Junk in the query string shows the first page of everything rather than failing.
    for junk in ("?status=<script>", "?after=" + "x" * 500, "?after=prd_nope"):
        assert client.get(seller_url("products", shop.public_id) + junk).status_code == 200


JUNK = st.text(st.characters(blacklist_categories=["Cs"]), max_size=60) | st.sampled_from(
    ["-0", "1e9", "NaN", "9" * 45, "Rp 1.000.000.000.000.001", "0x10", "１２３", "1_000", " ", "\x00"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(price=JUNK, weight=JUNK, options=JUNK, fob=JUNK)
def test_no_typed_text_makes_the_forms_fail_with_a_500(shop, owner, draft, price, weight, options, fob):
    client = client_for(owner)
    variant = client.post(seller_url("variant_add", shop.public_id, draft.public_id),
                          {**GOOD_VARIANT, "sku": "JUNK-1", "price": price, "weight_grams": weight,
                           "options": options})
    assert variant.status_code in (302, 422)
    product = client.post(seller_url("product", shop.public_id, draft.public_id),
                          {**GOOD_PRODUCT, "origin": "cross_border_direct", "origin_country": "CN",
                           "hs_code": "61091000", "fob_value_usd": fob})
    assert product.status_code in (302, 422)
