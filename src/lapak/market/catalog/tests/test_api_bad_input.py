"""Bad input to the catalogue API: a 4xx in the one error shape naming each bad field, and nothing saved."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from lapak.market.catalog.models import Certificate, Product, ProductImage, Variant
from lapak.market.catalog.tests.conftest import VARIANT
from lapak.market.catalog.tests.test_api_support import C, call, cworld_fixture, error_of, media_files_fixture  # noqa: F401
from lapak.market.inventory.models import Stock, StockMovement, Warehouse
from lapak.market.sellers.tests.conftest import PDF_BYTES, jpeg_bytes

NEW = {"category": "pakaian", "title": "Kemeja Batik Tulis", "description_id": "Kemeja batik tulis dari Solo."}


def _saved() -> tuple:
    return tuple(m.objects.count() for m in (Product, Variant, ProductImage, Certificate, Warehouse, Stock,
                                             StockMovement))


def _refused(response, status: int = 422, code: str = "validation_error") -> dict:
    assert response.status_code == status, response.content
    error = error_of(response)
    assert error["code"] == code, error
    return error["fields"]


@pytest.mark.parametrize(("change", "fields"), [
    ({"category": "tidak-ada"}, {"category"}),
    ({"description_id": ""}, {"description_id"}),
    ({"description_id": None}, {"description_id"}),
    ({"title": "ab"}, {"title"}),
    ({"title": 5}, {"title"}),
    ({"title": "Kaos\x00"}, {"payload"}),  # NUL anywhere: the body as a whole
    ({"price": 75_000}, {"price"}),  # a variant's field, not a product's
    ({"origin": "moon"}, {"origin"}),
    ({"origin": "cross_border_direct", "origin_country": "CN"}, {"hs_code", "fob_value_usd_cents"}),
    ({"origin": "imported_local", "origin_country": "CN", "fob_value_usd_cents": -100}, {"fob_value_usd_cents"}),
    ({"category": "tidak-ada", "title": "x", "description_id": ""}, {"category", "title", "description_id"}),
])
def test_bad_products_are_refused_per_field(cworld, change, fields):
    w = cworld
    body = {k: v for k, v in {**NEW, **change}.items()}
    if "description_id" in change and change["description_id"] is None:
        body.pop("description_id")  # left out entirely: Indonesian shops must still give it
    before = _saved()
    response = call("POST", C + f"/seller/{w.shop.public_id}/products", w.headers["owner_a"], json_body=body)
    assert set(_refused(response)) == fields
    assert _saved() == before


@pytest.mark.parametrize(("change", "field"), [
    ({"price": 0}, "price"), ({"price": -1}, "price"), ({"price": 10**13}, "price"), ({"price": 10**40}, "price"),
    ({"price": "75000"}, "price"), ({"price": 7.5}, "price"), ({"price": True}, "price"), ({"price": None}, "price"),
    ({"weight_grams": 0}, "weight_grams"), ({"weight_grams": 5_000_000}, "weight_grams"),
    ({"length_mm": -3}, "length_mm"), ({"height_mm": 100_000}, "height_mm"), ({"sku": ""}, "sku"),
    ({"sku": "has space"}, "sku"), ({"options": {"size": 5}}, "options.size"), ({"options": ["M"]}, "options"),
    ({"options": {f"k{i}": "v" for i in range(6)}}, "options"), ({"colour": "merah"}, "colour"),
    ({"is_active": "yes"}, "is_active"),
])
def test_bad_variants_are_refused_per_field(cworld, change, field):
    w = cworld
    product = w.product(variant=False)
    before = _saved()
    response = call("POST", C + f"/seller/{w.shop.public_id}/products/{product.public_id}/variants",
                    w.headers["owner_a"], json_body={**VARIANT, **change})
    assert list(_refused(response)) == [field]
    assert _saved() == before


def test_every_bad_variant_field_is_reported_at_once(cworld):
    w = cworld
    product = w.product()
    variant = product.variants.get()
    response = call("PATCH", C + f"/seller/{w.shop.public_id}/products/{product.public_id}/variants/"
                    f"{variant.public_id}", w.headers["owner_a"], json_body={"price": -5, "width_mm": 0, "sku": "a b"})
    assert set(_refused(response)) == {"price", "width_mm", "sku"}
    variant.refresh_from_db()
    assert (variant.price, variant.width_mm, variant.sku) == (VARIANT["price"], VARIANT["width_mm"], f"SKU-{w.serial}")


@pytest.mark.parametrize(("kind", "body", "field"), [
    ("bpom", {"number": "12345"}, "number"),
    ("bpom", {"number": "MD 12345678901"}, "number"),  # one digit short
    ("halal", {"number": "HALAL-OK"}, "number"),
    ("sni", {"number": "<script>"}, "number"),
    ("sni", {"number": ""}, "number"),
    ("bpom", {"number": "MD 123456789012", "expires_on": "2001-01-01"}, "expires_on"),
    ("bpom", {"number": "MD 123456789012", "expires_on": "31/12/2099"}, "expires_on"),
    ("bpom", {"number": "MD 123456789012", "valid": True}, "valid"),
    ("iso9001", {"number": "MD 123456789012"}, "kind"),
])
def test_bad_certificates_are_refused(cworld, kind, body, field):
    w = cworld
    product = w.product()
    response = call("PUT", C + f"/seller/{w.shop.public_id}/products/{product.public_id}/certificates/{kind}",
                    w.headers["owner_a"], json_body=body)
    assert list(_refused(response)) == [field]
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(("data", "code"), [
    (PDF_BYTES, "upload_not_image"), (b"GIF89a not really", "upload_not_image"), (b"", "upload_empty"),
    (b"\xff\xd8\xff\xe0 truncated", "upload_not_image"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "upload_not_image"),
])
def test_files_that_are_not_pictures_are_refused(cworld, media_files, data, code):
    w = cworld
    product = w.product()
    response = call("POST", C + f"/seller/{w.shop.public_id}/products/{product.public_id}/images",
                    w.headers["owner_a"], file=data)
    assert list(_refused(response, code=code)) == ["file"]
    assert not ProductImage.objects.exists()
    assert not any(p.is_file() for p in media_files.rglob("*"))


def test_an_upload_without_a_file_names_the_field(cworld):
    w = cworld
    product = w.product()
    response = Client().post(C + f"/seller/{w.shop.public_id}/products/{product.public_id}/images", {},
                             **w.headers["owner_a"])
    assert list(_refused(response)) == ["file"]


def test_a_picture_too_large_for_the_upload_limit_is_413(cworld, settings):
    w = cworld
    settings.API_MAX_UPLOAD_BYTES = 10_000
    product = w.product()
    response = call("POST", C + f"/seller/{w.shop.public_id}/products/{product.public_id}/images",
                    w.headers["owner_a"], file=jpeg_bytes(size=(1200, 900)) + b"\x00" * 20_000)
    _refused(response, status=413, code="payload_too_large")
    assert not ProductImage.objects.exists()


@pytest.mark.parametrize(("raw", "status", "code"), [
    (b"{not json", 400, "malformed_request"), (b"[1, 2]", 400, "malformed_request"),
    (b'"a string"', 400, "malformed_request"), (b"null", 400, "malformed_request"),
    (b"", 422, "validation_error"),  # no body at all: the body is the missing field
])
def test_malformed_json_is_refused(cworld, raw, status, code):
    w = cworld
    before = _saved()
    response = Client().post(C + f"/seller/{w.shop.public_id}/products", raw, content_type="application/json",
                             **w.headers["owner_a"])
    _refused(response, status=status, code=code)
    assert _saved() == before


def test_json_bodies_over_the_limit_are_413(cworld):
    w = cworld
    body = json.dumps({**NEW, "description_id": "x" * 300_000})
    response = Client().post(C + f"/seller/{w.shop.public_id}/products", body, content_type="application/json",
                             **w.headers["owner_a"])
    _refused(response, status=413, code="payload_too_large")
    assert not Product.objects.filter(seller=w.shop).exists()


@pytest.mark.parametrize(("change", "fields"), [
    ({"quantity": 0}, {"quantity"}), ({"quantity": -5}, {"quantity"}), ({"quantity": 10**8}, {"quantity"}),
    ({"quantity": "5"}, {"quantity"}), ({"quantity": 2.5}, {"quantity"}),
    ({"warehouse": "wh_NOPE"}, {"warehouse"}), ({"variant": "var_NOPE"}, {"variant"}),
    ({"warehouse": "wh_NOPE", "variant": "var_NOPE", "quantity": -1}, {"warehouse", "variant", "quantity"}),
    ({"note": "x"}, {"note"}),
])
def test_bad_restocks_are_refused(cworld, change, fields):
    w = cworld
    product = w.product()
    body = {"warehouse": w.warehouse.public_id, "variant": product.variants.get().public_id, "quantity": 5, **change}
    before = _saved()
    response = call("POST", C + f"/seller/{w.shop.public_id}/stock/restock", w.headers["owner_a"], json_body=body)
    assert set(_refused(response)) == fields
    assert _saved() == before


def test_another_shops_variant_or_warehouse_cannot_be_stocked(cworld, build):
    from lapak.market.inventory.services import warehouse_create

    w = cworld
    theirs = warehouse_create(organisation=w.other, name="Gudang B", region=w.village, street="Jl. B 1",
                              postcode="10110")
    mine = w.product().variants.get()
    for body, field in (
        ({"warehouse": w.warehouse.public_id, "variant": w.other_product.variants.get().public_id}, "variant"),
        ({"warehouse": theirs.public_id, "variant": mine.public_id}, "warehouse"),
    ):
        response = call("POST", C + f"/seller/{w.shop.public_id}/stock/adjust", w.headers["owner_a"],
                        json_body={**body, "quantity": 50})
        assert list(_refused(response)) == [field]
    assert not Stock.objects.exists()


@pytest.mark.parametrize(("change", "field"), [
    ({"region_code": "31"}, "region_code"), ({"region_code": "99.99.99.9999"}, "region_code"),
    ({"postcode": "123"}, "postcode"), ({"postcode": "١٠١١٠"}, "postcode"), ({"name": ""}, "name"),
    ({"street": ""}, "street"),
])
def test_bad_warehouses_are_refused(cworld, change, field):
    w = cworld
    body = {"name": "Gudang Dua", "region_code": w.village.code, "street": "Jl. Kebon Sirih 2", "postcode": "10110"}
    response = call("POST", C + f"/seller/{w.shop.public_id}/warehouses", w.headers["owner_a"],
                    json_body={**body, **change})
    assert list(_refused(response)) == [field]
    assert Warehouse.objects.count() == 1


def test_validation_messages_follow_the_language(cworld):
    w = cworld
    response = call("POST", C + f"/seller/{w.shop.public_id}/products", w.headers["owner_a"],
                    json_body={**NEW, "description_id": ""}, language="id")
    [message] = _refused(response)["description_id"]
    assert message == "Tulis deskripsi dalam Bahasa Indonesia."
