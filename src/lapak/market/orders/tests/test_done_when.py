"""Issue 5's "done when", through the public API: a buyer buys from two sellers in one checkout, both sellers ship
with the sandbox courier, whose signed webhooks deliver the parcels, the buyer confirms one and returns the other,
the seller accepts, the parcel goes back, and a refund request is written — every step on the timelines.

Only the payment is a service call (`order_mark_paid`, the entry point the payments issue will drive)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.market.orders.models import OrderEvent, RefundRequest, SellerOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(api_client, bearer):
    def send(who, method, path, body=None, *, key=None):
        kwargs = dict(bearer(who))
        if key is not None:
            kwargs["HTTP_IDEMPOTENCY_KEY"] = key
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        response = getattr(api_client, method)(f"/api/v1{path}", **kwargs)
        assert response.status_code in (200, 201), (path, response.status_code, response.content[:500])
        return response.json()

    return send


def _courier_runs(api_client, capture, minutes: int) -> None:
    """Let the sandbox courier take its steps for `minutes`, posting each signed event to Lapak's webhook."""
    from lapak.market.shipping.services import sandbox_tick

    def post(body: bytes, headers: dict[str, str]) -> int:
        return api_client.post("/api/v1/shipping/webhooks/sandbox", data=body, content_type="application/json",
                               headers=headers).status_code

    for minute in range(1, minutes + 1):
        with capture(execute=True):  # the outbox delivers after each webhook's commit, as the worker would
            sandbox_tick(now=timezone.now() + timedelta(minutes=minute * 2), deliver=post)


def test_buy_from_two_ship_deliver_confirm_one_return_the_other(call, api_client, buyer, market, address,
                                                              django_capture_on_commit_callbacks):
    from lapak.market.orders.services import order_mark_paid

    budi, sari = market.budi.public_id, market.sari.public_id
    call(buyer, "post", "/cart/lines", {"variant": market.shirt.public_id, "quantity": 2}, key="add-1")
    call(buyer, "post", "/cart/lines", {"variant": market.batik.public_id, "quantity": 1}, key="add-2")
    sandbox = {"courier": "sandbox", "service": "REG"}
    order = call(buyer, "post", "/cart/checkout", {"address": address.public_id, "vouchers": [],
                                                   "shipping": {budi: sandbox, sari: sandbox}}, key="place-1")
    assert [so["seller"] for so in order["seller_orders"]] == [budi, sari]
    order_mark_paid(order=order_id_row(order["id"]), payment_reference="pay-done-when")

    for owner, org in ((market.budi_owner, budi), (market.sari_owner, sari)):
        so = next(s["id"] for s in order["seller_orders"] if s["seller"] == org)
        call(owner, "post", f"/orders/seller/{org}/orders/{so}/accept", key=f"accept-{org}")
        shipped = call(owner, "post", f"/orders/seller/{org}/orders/{so}/ship", {}, key=f"ship-{org}")
        assert shipped["status"] == "shipped"

    _courier_runs(api_client, django_capture_on_commit_callbacks, minutes=3)
    order = call(buyer, "get", f"/orders/{order['id']}")
    assert {so["status"] for so in order["seller_orders"]} == {"delivered"}
    budi_so, sari_so = (next(s for s in order["seller_orders"] if s["seller"] == org) for org in (budi, sari))

    call(buyer, "post", f"/orders/{order['id']}/seller-orders/{sari_so['id']}/confirm", key="confirm-sari")
    ret = call(buyer, "post", f"/orders/{order['id']}/seller-orders/{budi_so['id']}/returns", {
        "lines": [{"variant": market.shirt.public_id, "quantity": 2}], "reason": "wrong_item",
        "description": "Ukurannya L, saya pesan M."}, key="return-1")
    assert ret["status"] == "requested" and ret["refund_amount"] > 0
    seller_view = call(market.budi_owner, "get", f"/orders/seller/{budi}/returns/{ret['id']}")
    assert seller_view["status"] == "requested"
    call(market.budi_owner, "post", f"/orders/seller/{budi}/returns/{ret['id']}/accept", {"goods_back": True},
         key="accept-return")
    sent_back = call(buyer, "post", f"/orders/returns/{ret['id']}/ship-back", {}, key="ship-back")
    assert sent_back["status"] == "shipped_back"

    _courier_runs(api_client, django_capture_on_commit_callbacks, minutes=3)
    done = call(buyer, "get", f"/orders/returns/{ret['id']}")
    assert done["status"] == "refund_requested"
    refund = RefundRequest.objects.get()
    # The whole parcel came back for the seller's mistake: the goods and the shipping are refunded.
    assert refund.amount == ret["refund_amount"] == 150_000 + budi_so["shipping"]["fee"]
    assert SellerOrder.objects.get(public_id=sari_so["id"]).status == "completed"

    timeline = call(buyer, "get", f"/orders/{order['id']}")["events"]
    steps = [(e["kind"], e["to_status"]) for e in timeline if e["seller_order"] == budi_so["id"]]
    for step in [("status_change", "accepted"), ("status_change", "shipped"), ("status_change", "delivered"),
                 ("return", "requested"), ("return", "accepted"), ("return", "shipped_back"),
                 ("return", "refund_requested")]:
        assert step in steps, (step, steps)
    assert OrderEvent.objects.filter(kind="shipping", data__return=ret["id"]).exists()
    assert ("status_change", "completed") in [(e["kind"], e["to_status"]) for e in timeline
                                              if e["seller_order"] == sari_so["id"]]


def order_id_row(public_id: str):
    from lapak.market.orders.models import Order

    return Order.objects.get(public_id=public_id)
