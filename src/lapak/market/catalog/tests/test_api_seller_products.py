"""The seller side of the catalogue API: a listing from draft to sale and back, through the API only."""

from __future__ import annotations

import json

from django.test import Client

from lapak.market.catalog.models import Product, ProductImage
from lapak.market.catalog.tests.conftest import VARIANT
from lapak.market.catalog.tests.test_api_support import C, call, cworld_fixture, error_of, media_files_fixture  # noqa: F401
from lapak.market.sellers.tests.conftest import jpeg_bytes

NEW = {"category": "pakaian", "title": "Kemeja Batik Tulis", "description_id": "Kemeja batik tulis dari Solo.",
       "description_en": "Hand-drawn batik shirt from Solo."}


def test_a_listing_from_draft_to_sale_to_removal(cworld, media_files):
    w = cworld
    owner = w.headers["owner_a"]
    products = C + f"/seller/{w.shop.public_id}/products"

    created = call("POST", products, owner, json_body=NEW)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["allowed_actions"] == ["submit", "remove"]
    assert body["origin"] == {"kind": "domestic", "label": "Made in Indonesia", "country": "ID", "hs_code": "",
                              "fob_value_usd_cents": None}
    product = f"{products}/{body['id']}"

    variant = call("POST", product + "/variants", owner, json_body=VARIANT)
    assert variant.status_code == 201 and variant.json()["price"] == 75_000 and variant.json()["available"] == 0
    picture = call("POST", product + "/images", owner, file=jpeg_bytes(size=(2000, 1000)))
    assert picture.status_code == 201, picture.content
    assert (picture.json()["width"], picture.json()["height"]) == (1600, 800)
    assert (media_files / picture.json()["url"].removeprefix("/media/")).exists()
    certificate = call("PUT", product + "/certificates/sni", owner, json_body={"number": "SPPT-SNI 123/2026"})
    assert certificate.status_code == 200 and certificate.json()["number"] == "SPPT-SNI 123/2026"

    submitted = call("POST", product + "/submit", owner)
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "active" and submitted.json()["published_at"]
    assert submitted.json()["allowed_actions"] == ["pause", "remove"]
    assert call("GET", C + f"/products/{body['id']}", {}).status_code == 200  # now public

    listed = call("GET", products + "?status=active", w.headers["staff_a"]).json()
    assert listed["count"] == 1
    [summary] = listed["items"]
    assert (summary["id"], summary["price_min"], summary["variant_count"]) == (body["id"], 75_000, 1)
    assert summary["thumbnail_url"].startswith("/media/catalog/thumbs/")

    renamed = call("PATCH", product, w.headers["manager_a"], json_body={"title": "Kemeja Batik Tulis Solo"})
    assert renamed.status_code == 200 and renamed.json()["title"] == "Kemeja Batik Tulis Solo"
    assert call("POST", product + "/pause", owner).json()["status"] == "paused"
    assert call("GET", C + f"/products/{body['id']}", {}).status_code == 404
    assert call("POST", product + "/resume", owner).json()["status"] == "active"
    again = call("POST", product + "/resume", owner)
    assert again.status_code == 409 and error_of(again)["code"] == "listing_transition_not_allowed"
    removed = call("POST", product + "/remove", owner)
    assert removed.json()["status"] == "removed" and removed.json()["allowed_actions"] == []
    frozen = call("PATCH", product, owner, json_body={"title": "Masih bisa?"})
    assert frozen.status_code == 409 and error_of(frozen)["code"] == "listing_not_editable"
    assert Product.objects.get(public_id=body["id"]).title == "Kemeja Batik Tulis Solo"


def test_staff_read_with_no_actions_offered(cworld):
    w = cworld
    product = w.product()
    response = call("GET", C + f"/seller/{w.shop.public_id}/products/{product.public_id}", w.headers["staff_a"])
    assert response.status_code == 200
    assert response.json()["status"] == "draft" and response.json()["allowed_actions"] == []


def test_submission_names_everything_missing_and_changes_nothing(cworld):
    w = cworld
    products = C + f"/seller/{w.shop.public_id}/products"
    body = call("POST", products, w.headers["owner_a"], json_body={**NEW, "category": "makanan-ringan"}).json()
    assert body["missing_certificates"] == ["bpom", "halal"]
    response = call("POST", f"{products}/{body['id']}/submit", w.headers["owner_a"])
    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"certificates.bpom", "certificates.halal", "variants"}
    assert Product.objects.get(public_id=body["id"]).status == "draft"


def test_an_unverified_shop_writes_drafts_but_cannot_submit(cworld):
    w = cworld
    product = f"/seller/{w.other.public_id}/products/{w.other_product.public_id}"
    response = call("POST", C + product + "/submit", w.headers["owner_b"])
    assert response.status_code == 403 and error_of(response)["code"] == "seller_not_verified"
    w.other_product.refresh_from_db()
    assert w.other_product.status == "draft"


def test_refusal_reasons_in_the_callers_language_then_reopen(cworld):
    w = cworld
    product = w.product("refused")
    path = C + f"/seller/{w.shop.public_id}/products/{product.public_id}"
    body = call("GET", path, w.headers["owner_a"], language="id").json()
    assert body["status"] == "refused" and body["status_label"] == "Ditolak"
    assert body["refusal_reasons"] == [{"rule_id": "OPERATOR", "message": "Foto tidak sesuai."}]
    assert body["allowed_actions"] == ["reopen", "remove"]
    reopened = call("POST", path + "/reopen", w.headers["owner_a"])
    assert reopened.status_code == 200 and reopened.json()["status"] == "draft"


def test_objects_of_another_shop_are_not_found_under_ones_own(cworld):
    w = cworld
    mine = C + f"/seller/{w.shop.public_id}/products"
    theirs = w.other_product.public_id
    for method, suffix in (("GET", ""), ("PATCH", ""), ("POST", "/submit"), ("POST", "/variants")):
        response = call(method, f"{mine}/{theirs}{suffix}", w.headers["owner_a"],
                        json_body={"title": "Punya saya"} if method == "PATCH" else (
                            VARIANT if suffix == "/variants" else None))
        assert response.status_code == 404 and error_of(response)["code"] == "product_not_found", suffix
    product = w.product()
    other_variant = w.other_product.variants.get().public_id
    response = call("PATCH", f"{mine}/{product.public_id}/variants/{other_variant}", w.headers["owner_a"],
                    json_body={"price": 1})
    assert response.status_code == 404 and error_of(response)["code"] == "variant_not_found"
    assert w.other_product.variants.get().price == VARIANT["price"]


def test_variant_update_and_picture_delete(cworld, media_files):
    w = cworld
    product = w.product()
    image = w.image(product)
    base = C + f"/seller/{w.shop.public_id}/products/{product.public_id}"
    variant = product.variants.get()
    changed = call("PATCH", f"{base}/variants/{variant.public_id}", w.headers["owner_a"],
                   json_body={"price": 80_000, "is_active": False, "options": {"size": "L"}})
    assert changed.status_code == 200
    assert (changed.json()["price"], changed.json()["is_active"], changed.json()["options"]) == (
        80_000, False, {"size": "L"})
    assert (media_files / image.image.name).exists()
    deleted = call("DELETE", f"{base}/images/{image.public_id}", w.headers["owner_a"])
    assert deleted.status_code == 204 and not ProductImage.objects.exists()
    assert not (media_files / image.image.name).exists()
    gone = call("DELETE", f"{base}/images/{image.public_id}", w.headers["owner_a"])
    assert gone.status_code == 404 and error_of(gone)["code"] == "image_not_found"
    missing = call("DELETE", f"{base}/certificates/halal", w.headers["owner_a"])
    assert missing.status_code == 404 and error_of(missing)["code"] == "certificate_not_found"


def test_idempotency_key_replays_a_product_creation(cworld):
    w = cworld
    products = C + f"/seller/{w.shop.public_id}/products"
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    headers = {**w.headers["owner_a"], "HTTP_IDEMPOTENCY_KEY": "create-batik-1"}
    first = client.post(products, json.dumps(NEW), content_type="application/json", **headers)
    second = client.post(products, json.dumps(NEW), content_type="application/json", **headers)
    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true" and second.json()["id"] == first.json()["id"]
    assert Product.objects.filter(title=NEW["title"]).count() == 1
    other = client.post(products, json.dumps({**NEW, "title": "Kemeja Lain"}), content_type="application/json",
                        **headers)
    assert other.status_code == 422 and error_of(other)["code"] == "idempotency_key_reused"
    assert Product.objects.filter(seller=w.shop).count() == 1
