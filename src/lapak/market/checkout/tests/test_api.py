"""The cart API: happy paths, bad input in the one error shape, idempotency, and nobody else's cart in reach."""

from __future__ import annotations

import json

import pytest

from lapak.market.checkout.models import Cart, CartLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(api_client, bearer, buyer):
    auth = bearer(buyer)

    def send(method, path, body=None, *, headers=None, who=None):
        kwargs = dict(auth if who is None else who)
        kwargs.update(headers or {})
        if body is not None:
            kwargs.update(data=json.dumps(body) if not isinstance(body, str) else body,
                          content_type="application/json")
        return getattr(api_client, method)(f"/api/v1/cart{path}", **kwargs)

    return send


def test_add_read_change_and_remove(catalogue, call):
    shirt, tea = catalogue.variants["KAOS-M-MERAH"], catalogue.tea.variants.get()
    assert call("get", "/").json() == {"id": "", "currency": "IDR", "groups": [], "line_count": 0, "unit_count": 0,
                                       "total": 0, "can_checkout": False}
    response = call("post", "/lines", {"variant": shirt.public_id, "quantity": 2})
    assert response.status_code == 201
    call("post", "/lines", {"variant": tea.public_id})
    body = call("get", "/").json()
    assert body["id"].startswith("cart_") and body["total"] == 270_000 and body["can_checkout"] is True
    (group,) = body["groups"]
    assert group["seller"] == {"id": catalogue.shop.public_id, "shop_name": "Toko Budi",
                               "shop_slug": catalogue.shop.shop_slug}
    line = group["lines"][0]
    assert {k: line[k] for k in ("variant", "title", "variant_label", "quantity", "price", "stored_price",
                                 "price_changed", "available", "unavailable", "insufficient_stock", "line_total")} == {
        "variant": shirt.public_id, "title": "Kaos Katun Lengan Pendek", "variant_label": "M / Merah",
        "quantity": 2, "price": 75_000, "stored_price": 75_000, "price_changed": None, "available": 10,
        "unavailable": False, "insufficient_stock": False, "line_total": 150_000}
    assert call("patch", f"/lines/{shirt.public_id}", {"quantity": 5}).json()["unit_count"] == 6
    body = call("delete", f"/lines/{tea.public_id}").json()
    assert body["line_count"] == 1 and body["total"] == 375_000
    assert call("patch", f"/lines/{shirt.public_id}", {"quantity": 0}).json()["line_count"] == 0


def test_a_price_change_is_flagged_and_acknowledged(catalogue, call):
    from lapak.market.catalog.services import variant_update

    shirt = catalogue.variants["KAOS-M-MERAH"]
    call("post", "/lines", {"variant": shirt.public_id, "quantity": 1})
    variant_update(variant=shirt, actor=catalogue.owner, data={"price": 70_000})
    line = call("get", "/").json()["groups"][0]["lines"][0]
    assert (line["price_changed"], line["stored_price"], line["price"]) == ("down", 75_000, 70_000)
    stale = call("post", "/acknowledge", {"lines": [{"variant": shirt.public_id, "price": 75_000}]})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "price_changed_again"
    body = call("post", "/acknowledge", {"lines": [{"variant": shirt.public_id, "price": 70_000}]}).json()
    assert body["groups"][0]["lines"][0]["price_changed"] is None and body["can_checkout"] is True


@pytest.mark.parametrize("body, field, message", [
    ({"variant": "var_01JD3Q6Y8W9M2K4N7P5R0S1T2V", "quantity": 1}, "variant", "This product is not for sale."),
    ({"quantity": 1}, "variant", "This field is required."),
    ({"variant": "SHIRT", "quantity": 0}, "quantity", "Enter at least 1."),
    ({"variant": "SHIRT", "quantity": -3}, "quantity", "Enter at least 1."),
    ({"variant": "SHIRT", "quantity": 10_001}, "quantity", "At most 10,000 units fit in one cart line."),
    ({"variant": "SHIRT", "quantity": 11}, "quantity", "Only 10 left."),
    ({"variant": "SHIRT", "quantity": "2"}, "quantity", "Enter a whole number."),
    ({"variant": "SHIRT", "quantity": 2.5}, "quantity", "Enter a whole number."),
    ({"variant": "SHIRT", "quantity": True}, "quantity", "Enter a whole number."),
    ({"variant": "SHIRT", "quantity": 1, "price": 1}, "price", "This field is not allowed."),
])
def test_bad_input_is_a_422_naming_the_field(catalogue, call, body, field, message):
    if body.get("variant") == "SHIRT":
        body = {**body, "variant": catalogue.variants["KAOS-M-MERAH"].public_id}
    response = call("post", "/lines", body)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["fields"][field] == [message]
    assert not Cart.objects.exists()


def test_malformed_json_is_a_400(catalogue, call):
    response = call("post", "/lines", "{not json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "malformed_request"


def test_anonymous_callers_are_refused(api_client, catalogue):
    assert api_client.get("/api/v1/cart/").status_code == 401
    response = api_client.post("/api/v1/cart/lines", data=json.dumps(
        {"variant": catalogue.variants["KAOS-M-MERAH"].public_id, "quantity": 1}), content_type="application/json")
    assert response.status_code == 401 and response.json()["error"]["code"] == "not_authenticated"
    assert not CartLine.objects.exists()


def test_another_buyer_cannot_see_or_touch_my_cart(catalogue, call, bearer, other_buyer):
    shirt = catalogue.variants["KAOS-M-MERAH"]
    call("post", "/lines", {"variant": shirt.public_id, "quantity": 2})
    them = bearer(other_buyer)
    assert call("get", "/", who=them).json()["line_count"] == 0
    for method, path, body in (("patch", f"/lines/{shirt.public_id}", {"quantity": 9}),
                               ("delete", f"/lines/{shirt.public_id}", None),
                               ("post", "/acknowledge", {"lines": [{"variant": shirt.public_id, "price": 1}]})):
        response = call(method, path, body, who=them)
        assert response.status_code == 404, (method, response.content)
        assert response.json()["error"]["code"] == "cart_line_not_found"
    # Even once they have a cart of their own, my line stays out of reach.
    call("post", "/lines", {"variant": catalogue.tea.variants.get().public_id}, who=them)
    assert call("patch", f"/lines/{shirt.public_id}", {"quantity": 9}, who=them).status_code == 404
    assert CartLine.objects.get(variant=shirt).quantity == 2


def test_a_retried_add_with_the_same_idempotency_key_adds_once(catalogue, call):
    body = {"variant": catalogue.variants["KAOS-M-MERAH"].public_id, "quantity": 2}
    first = call("post", "/lines", body, headers={"HTTP_IDEMPOTENCY_KEY": "add-1"})
    again = call("post", "/lines", body, headers={"HTTP_IDEMPOTENCY_KEY": "add-1"})
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert CartLine.objects.get().quantity == 2


def test_the_openapi_document_describes_the_cart(api_client):
    paths = api_client.get("/api/v1/openapi.json").json()["paths"]
    assert paths["/api/v1/cart/lines"]["post"]["summary"] == "Add a product to my cart"
    assert set(paths["/api/v1/cart/lines/{variant_id}"]) == {"patch", "delete"}
