"""The authorisation policy of /api/v1/payments/, as data, checked against every operation the API publishes
there. Columns are returns_api_support.CALLERS. A buyer's paths answer the order's buyer only (anyone else:
404, the order is not confirmed to exist; no token: 401). The gateway's webhook takes no token: the signature
decides whoever calls (genuine: 200 for everyone; a forged copy is 401 for everyone, checked as well)."""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.core.testing import published_operations
from lapak.market.ledger.models import JournalEntry
from lapak.market.orders.models import Order, OrderEvent
from lapak.market.orders.tests.returns_api_support import CALLERS, rworld_fixture  # noqa: F401
from lapak.market.payments.models import PaymentIntent, PaymentNotification
from lapak.market.payments.services import payment_intent_create
from lapak.market.sellers.tests.test_api_support import call, error_of

PAYMENTS = "/api/v1/payments"
INTENTS = PAYMENTS + "/orders/{order_id}/intents"

# Columns:     anonymous buyer other_buyer owner staff other_seller operator regulator
BUYER = (401, 200, 404, 404, 404, 404, 404, 404)
BUYER_CREATE = (401, 201, 404, 404, 404, 404, 404, 404)
GATEWAY = (200, 200, 200, 200, 200, 200, 200, 200)
TOKEN_ONLY = (401, 401, 401, 401, 401, 401, 401, 401)  # Xendit's webhook: no caller's token replaces Xendit's

MATRIX: dict[tuple[str, str], tuple[int, ...]] = {
    ("POST", INTENTS): BUYER_CREATE,
    ("GET", INTENTS + "/current"): BUYER,
    ("GET", PAYMENTS + "/orders/{order_id}/cod"): BUYER,
    ("POST", PAYMENTS + "/webhooks/midtrans"): GATEWAY,
    ("POST", PAYMENTS + "/webhooks/xendit"): TOKEN_ONLY,
    ("GET", PAYMENTS + "/orders/{order_id}/refunds"): BUYER,
    ("POST", PAYMENTS + "/refunds/{refund_id}/bank-account"): BUYER,
}
SEES = {BUYER: {"buyer"}, BUYER_CREATE: {"buyer"}, GATEWAY: set(), TOKEN_ONLY: set()}


def _order(w, midtrans) -> dict:
    order = w.placed()
    return {"order_id": order.public_id, "secret": order.public_id}


def _with_intent(w, midtrans) -> dict:
    order = w.placed()
    intent = payment_intent_create(order=order, buyer=w.buyer, method="qris")
    return {"order_id": order.public_id, "secret": intent.public_id}


def _notification(w, midtrans) -> dict:
    values = _with_intent(w, midtrans)
    values["body"] = midtrans.body(values["secret"], "pending")
    values["secret"] = "\x00never-in-an-answer"
    values.pop("order_id")
    return values


def _xendit_notification(w, midtrans) -> dict:
    from lapak.market.payments.tests.fake_xendit import fixture

    values = _with_intent(w, midtrans)
    body = fixture("callback_payment_succeeded")
    body["data"]["reference_id"] = values["secret"]
    return {"body": body, "secret": "\x00never-in-an-answer"}


def _refund(w, midtrans) -> dict:
    """A paid order with a refund of part of one shop's order, waiting for the buyer's bank account."""
    from lapak.market.orders.models import RefundRequest, SellerOrder
    from lapak.market.orders.services import order_mark_paid
    from lapak.market.orders.services.refunds import refund_request_add

    order = w.placed()
    order_mark_paid(order=order, payment_reference="pay-matrix")
    refund = refund_request_add(seller_order=SellerOrder.objects.filter(order=order).first(), amount=1000)
    RefundRequest.objects.filter(pk=refund.pk).update(status="awaiting_bank_account", route="bank")
    return {"order_id": order.public_id, "refund_id": refund.public_id, "secret": refund.public_id}


SETUP = {
    ("POST", INTENTS): {"path": _order, "json": {"method": "qris"}},
    ("GET", INTENTS + "/current"): {"path": _with_intent},
    ("GET", PAYMENTS + "/orders/{order_id}/cod"): {"path": _order},
    ("POST", PAYMENTS + "/webhooks/midtrans"): {"path": _notification},
    ("POST", PAYMENTS + "/webhooks/xendit"): {"path": _xendit_notification},
    ("GET", PAYMENTS + "/orders/{order_id}/refunds"): {"path": _refund},
    ("POST", PAYMENTS + "/refunds/{refund_id}/bank-account"): {
        "path": lambda w, m: {k: v for k, v in _refund(w, m).items() if k != "order_id"},
        "json": {"bank_code": "bca", "account_number": "1234567890", "holder_name": "Siti Rahma"}},
}


def _published_operations() -> set[tuple[str, str]]:
    return published_operations(PAYMENTS + "/")


def test_every_published_operation_has_a_row_and_every_row_is_published(db):
    published = _published_operations()
    assert sorted(published - set(MATRIX)) == [], "add these operations to the authorisation matrix"
    assert sorted(set(MATRIX) - published) == [], "these rows name operations the API no longer has"
    assert set(MATRIX) == set(SETUP)
    assert all(len(row) == len(CALLERS) for row in MATRIX.values())


def test_every_operation_has_a_summary(db):
    spec = Client().get("/api/v1/openapi.json").json()
    for path, item in spec["paths"].items():
        if path.startswith(PAYMENTS + "/"):
            assert all(op.get("summary") for op in item.values()), path


def _snapshot() -> tuple:
    counts = tuple(model.objects.count() for model in (PaymentIntent, JournalEntry, OrderEvent))
    return (*counts, tuple(Order.objects.order_by("pk").values_list("status", flat=True)),
            tuple(PaymentIntent.objects.order_by("pk").values_list("status", flat=True)))


@pytest.mark.parametrize(("method", "template"), sorted(MATRIX), ids=[f"{m} {p}" for m, p in sorted(MATRIX)])
def test_authorisation(rworld, midtrans, method, template):
    w = rworld
    row = MATRIX[(method, template)]
    setup = SETUP[(method, template)]
    values = setup["path"](w, midtrans)
    secret = values.pop("secret")
    body = values.pop("body", None) or setup.get("json")
    path = w.path(template, **values)
    expected = dict(zip(CALLERS, row, strict=True))
    actual = {}
    for caller in sorted(CALLERS, key=lambda c: expected[c] < 300):  # refusals first: the object is still fresh
        before = _snapshot()
        response = call(method, path, w.headers[caller], json_body=body)
        actual[caller] = response.status_code
        if response.status_code >= 400:
            assert error_of(response)["code"]
            assert _snapshot() == before, f"the refused call of {caller} changed something"
        if caller not in SEES[row]:
            assert secret not in response.content.decode(), f"{caller} read {secret}"
    assert actual == expected


def test_a_forged_notification_is_refused_whoever_sends_it(rworld, midtrans):
    values = _with_intent(rworld, midtrans)
    forged = midtrans.body(values["secret"], "settlement", key="not-the-server-key")
    for caller in CALLERS:
        response = call("POST", PAYMENTS + "/webhooks/midtrans", rworld.headers[caller], json_body=forged)
        assert response.status_code == 401
    assert PaymentNotification.objects.filter(outcome="forged").count() == len(CALLERS)
    assert not JournalEntry.objects.exists()
