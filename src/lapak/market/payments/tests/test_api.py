"""/api/v1/payments/: the buyer chooses a method and reads the instructions; the webhook's answers."""

from __future__ import annotations

import pytest

from lapak.market.orders.tests.returns_api_support import rworld_fixture  # noqa: F401
from lapak.market.payments.models import PaymentIntent
from lapak.market.payments.tests.conftest import notify
from lapak.market.sellers.tests.test_api_support import call, error_of

PAYMENTS = "/api/v1/payments"


@pytest.fixture
def world(rworld, midtrans):
    return rworld


def test_create_then_read_the_current_intent(world, midtrans):
    order = world.placed()
    headers = world.headers["buyer"]
    response = call("POST", f"{PAYMENTS}/orders/{order.public_id}/intents", headers,
                    json_body={"method": "va", "bank": "bca"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["method"], body["bank"], body["amount"], body["status"]) == ("va", "bca", order.grand_total,
                                                                              "requires_action")
    assert body["va_number"] and body["gateway_order_id"] == body["id"]
    assert body["sandbox_pay_url"].endswith(f"/pay/{body['id']}")
    current = call("GET", f"{PAYMENTS}/orders/{order.public_id}/intents/current", headers)
    assert current.status_code == 200 and current.json()["id"] == body["id"]
    notify(midtrans.settle(body["id"]))
    paid = call("GET", f"{PAYMENTS}/orders/{order.public_id}/intents/current", headers).json()
    assert paid["status"] == "paid" and paid["paid_at"] and paid["sandbox_pay_url"] == ""


def test_the_idempotency_key_replays_the_first_answer(world, midtrans):
    order = world.placed()
    headers = {**world.headers["buyer"], "HTTP_IDEMPOTENCY_KEY": "pay-once-1"}
    first = call("POST", f"{PAYMENTS}/orders/{order.public_id}/intents", headers, json_body={"method": "qris"})
    again = call("POST", f"{PAYMENTS}/orders/{order.public_id}/intents", headers, json_body={"method": "qris"})
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert PaymentIntent.objects.count() == 1 and len(midtrans.transactions) == 1


def test_errors_have_the_one_shape(world, midtrans):
    order = world.placed()
    headers = world.headers["buyer"]
    path = f"{PAYMENTS}/orders/{order.public_id}/intents"
    assert call("GET", path + "/current", headers).status_code == 404
    bad = call("POST", path, headers, json_body={"method": "va"})
    assert bad.status_code == 422 and "bank" in error_of(bad)["fields"]
    extra = call("POST", path, headers, json_body={"method": "qris", "amount": 1})
    assert extra.status_code == 422
    midtrans.fail_with = 503
    down = call("POST", path, headers, json_body={"method": "qris"})
    assert down.status_code == 502 and error_of(down)["code"] == "payment_gateway_unavailable"
    midtrans.fail_with = None
    call("POST", f"/api/v1/orders/{order.public_id}/cancel", headers)
    closed = call("POST", path, headers, json_body={"method": "qris"})
    assert closed.status_code == 409 and error_of(closed)["code"] == "order_not_awaiting_payment"


def test_webhook_answers(world, midtrans):
    order = world.placed()
    intent = call("POST", f"{PAYMENTS}/orders/{order.public_id}/intents", world.headers["buyer"],
                  json_body={"method": "qris"}).json()
    assert notify(b"{not json").status_code == 400
    assert error_of(notify(b"[]"))["code"] == "payment_notification_malformed"
    assert notify(midtrans.body(intent["id"], "settlement", key="nope")).status_code == 401
    assert notify(b"x" * (65 * 1024)).status_code == 413
    genuine = midtrans.settle(intent["id"])
    assert notify(genuine).json() == {"outcome": "paid"}
    assert notify(genuine).json() == {"outcome": "duplicate"}
    # A bearer token is neither needed nor used.
    assert notify(genuine, **world.headers["other_buyer"]).json() == {"outcome": "duplicate"}
