"""The checkout and orders API: placing with an Idempotency-Key, a buyer's own orders only, and the seller desk
(owners and managers act, staff read, other shops and regulators get nothing)."""

from __future__ import annotations

import json

import pytest

from lapak.market.orders.tests.support import choices

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(api_client, bearer, buyer):
    mine = bearer(buyer)

    def send(method, path, body=None, *, who=None, key=None):
        kwargs = dict(mine if who is None else who)
        if key is not None:
            kwargs["HTTP_IDEMPOTENCY_KEY"] = key
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(api_client, method)(f"/api/v1{path}", **kwargs)

    return send


def _checkout_body(address, market):
    return {"address": address.public_id, "vouchers": [],
            "shipping": {k: {"courier": c, "service": s} for k, (c, s) in choices(market).items()}}


@pytest.fixture
def placed(call, cart, address, market):
    response = call("post", "/cart/checkout", _checkout_body(address, market), key="klik-1")
    assert response.status_code == 201, response.json()
    return response.json()


def test_checkout_needs_an_idempotency_key(call, cart, address, market):
    from lapak.market.orders.models import Order

    response = call("post", "/cart/checkout", _checkout_body(address, market))
    assert response.status_code == 400 and response.json()["error"]["code"] == "idempotency_key_required"
    assert not Order.objects.exists()


def test_checkout_places_once_per_key(call, placed, address, market, cart):
    from lapak.market.orders.models import Order

    assert placed["id"].startswith("ord_") and placed["status"] == "awaiting_payment"
    assert placed["goods_total"] == 520_000 and placed["ppn_total"] == 51_532
    assert [so["seller"] for so in placed["seller_orders"]] == [market.budi.public_id, market.sari.public_id]
    assert placed["address"]["village_code"] == "32.73.01.1001"
    again = call("post", "/cart/checkout", _checkout_body(address, market), key="klik-1")
    assert again.status_code == 201 and again.json()["id"] == placed["id"]
    assert Order.objects.count() == 1


def test_checkout_errors_have_the_one_shape(call, cart, address, market):
    body = _checkout_body(address, market)
    body["shipping"][market.sari.public_id] = {"courier": "jne", "service": "KILAT"}
    response = call("post", "/cart/checkout", body, key="k2")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "courier_not_serving"
    assert list(response.json()["error"]["fields"]) == [f"shipping.{market.sari.public_id}"]
    response = call("post", "/cart/checkout", {**body, "surprise": 1}, key="k3")
    assert response.status_code == 422 and "surprise" in response.json()["error"]["fields"]


def test_a_buyer_sees_only_their_orders(call, placed, bearer, other_buyer):
    listed = call("get", "/orders/").json()
    assert [o["id"] for o in listed] == [placed["id"]]
    detail = call("get", f"/orders/{placed['id']}").json()
    assert [e["to_status"] for e in detail["events"]] == ["awaiting_payment"]
    theirs = bearer(other_buyer)
    assert call("get", "/orders/", who=theirs).json() == []
    response = call("get", f"/orders/{placed['id']}", who=theirs)
    assert response.status_code == 404 and response.json()["error"]["code"] == "order_not_found"
    assert call("post", f"/orders/{placed['id']}/cancel", who=theirs, key="x").status_code == 404
    assert call("get", "/orders/", who={}).status_code == 401


def test_a_buyer_cancels_an_unpaid_order(call, placed):
    response = call("post", f"/orders/{placed['id']}/cancel", key="c1")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert {so["status"] for so in response.json()["seller_orders"]} == {"cancelled"}


def _paid(placed):
    from lapak.market.orders.models import Order
    from lapak.market.orders.services import order_mark_paid

    order_mark_paid(order=Order.objects.get(public_id=placed["id"]), payment_reference="pay_1")


def test_the_seller_desk(call, placed, bearer, market, make_user):
    from lapak.market.sellers.services import member_add

    budi_so, sari_so = (so["id"] for so in placed["seller_orders"])
    owner = bearer(market.budi_owner)
    staff = make_user(email="staf@example.test")
    member_add(organisation=market.budi, actor=market.budi_owner, user=staff, role="staff")
    base = f"/orders/seller/{market.budi.public_id}/orders"

    listed = call("get", base, who=owner).json()
    assert [so["id"] for so in listed] == [budi_so] and listed[0]["order"] == placed["id"]
    assert listed[0]["address"]["recipient_name"] == "Sari Wulandari"
    response = call("post", f"{base}/{budi_so}/accept", who=owner, key="a0")
    assert response.status_code == 409  # not paid yet
    assert response.json()["error"]["code"] == "order_transition_not_allowed"
    _paid(placed)
    assert [so["id"] for so in call("get", f"{base}?status=paid", who=owner).json()] == [budi_so]
    assert call("get", base, who=bearer(staff)).status_code == 200  # staff read
    assert call("post", f"{base}/{budi_so}/accept", who=bearer(staff), key="a1").status_code == 403
    assert call("post", f"{base}/{sari_so}/accept", who=owner, key="a2").status_code == 404  # Toko Sari's
    response = call("post", f"{base}/{budi_so}/accept", who=owner, key="a3")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    response = call("post", f"{base}/{budi_so}/cancel", {"reason": ""}, who=owner, key="a4")
    assert response.status_code == 422
    response = call("post", f"{base}/{budi_so}/cancel", {"reason": "Stok rusak"}, who=owner, key="a5")
    assert response.status_code == 200 and response.json()["cancel_reason"] == "Stok rusak"


@pytest.mark.parametrize("who", ["buyer", "sari_owner", "regulator", "anonymous"])
def test_outsiders_get_nothing_from_a_shops_desk(call, placed, bearer, market, make_user, buyer, who):
    _paid(placed)
    budi_so = placed["seller_orders"][0]["id"]
    headers = {"buyer": lambda: bearer(buyer), "sari_owner": lambda: bearer(market.sari_owner),
               "regulator": lambda: bearer(make_user(email="ojk@example.test", roles=["regulator"], jurisdiction="ID")),
               "anonymous": lambda: {}}[who]()
    base = f"/orders/seller/{market.budi.public_id}/orders"
    expected = {"buyer": 404, "sari_owner": 404, "regulator": 403, "anonymous": 401}[who]
    assert call("get", base, who=headers).status_code == expected
    assert call("post", f"{base}/{budi_so}/accept", who=headers, key="o1").status_code == expected
    assert call("post", f"{base}/{budi_so}/cancel", {"reason": "x"}, who=headers, key="o2").status_code == expected
