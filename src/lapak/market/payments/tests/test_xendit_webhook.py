"""Xendit's callbacks through POST /api/v1/payments/webhooks/xendit and the notification inbox: an intent charged
through the fake Xendit (under the real SDK) is paid, closed or refunded exactly once, and a callback without the
verification token changes nothing."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lapak.core.testing import race
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import JournalEntry
from lapak.market.orders.models import Order, OrderStatus, SellerOrder
from lapak.market.orders.services.refunds import refund_request_add
from lapak.market.payments.gateways.base import ChargeRequest
from lapak.market.payments.gateways.registry import XENDIT, gateway_for
from lapak.market.payments.models import IntentStatus, PaymentIntent, PaymentNotification, PaymentRefundNeeded
from lapak.market.payments.services import payment_intent_refresh
from lapak.market.payments.services.refunds import refund_execute
from lapak.market.payments.tests.fake_xendit import CALLBACK_TOKEN, fixture, xendit_fixture  # noqa: F401
from lapak.market.payments.tests.refund_support import balance

URL = "/api/v1/payments/webhooks/xendit"


def charged(order, method: str = "va", channel: str = "bni") -> PaymentIntent:
    """An intent of `order` charged at Xendit, recorded the way payment_intent_create records one: pending
    first, then charged, then the instructions kept (test_the_setting_charges_new_intents_through_xendit
    goes through payment_intent_create itself)."""
    now = timezone.now()
    intent = PaymentIntent(order=order, method=method, channel=channel, amount=order.grand_total, provider=XENDIT,
                           status=IntentStatus.PENDING, expires_at=now + timedelta(hours=1), created_at=now)
    intent.provider_order_id = intent.public_id
    intent.save()
    answer = gateway_for(XENDIT).charge(ChargeRequest(
        provider_order_id=intent.provider_order_id, amount=intent.amount, method=method, channel=channel,
        expiry_minutes=60, order_time=now, customer_name=order.recipient_name))
    PaymentIntent.objects.filter(pk=intent.pk).update(status=IntentStatus.REQUIRES_ACTION,
                                                      provider_ref=answer.provider_ref, va_number=answer.va_number)
    intent.refresh_from_db()
    return intent


@pytest.fixture
def va(xendit, placed):
    return charged(placed)


def callback(body: dict | bytes, token: str | None = CALLBACK_TOKEN):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    extra = {"HTTP_X_CALLBACK_TOKEN": token} if token is not None else {}
    return Client().post(URL, raw, content_type="application/json", **extra)


def order_of(intent) -> Order:
    return Order.objects.get(pk=intent.order_id)


def test_a_paid_callback_pays_the_order_and_moves_the_money_to_escrow(xendit, va):
    assert va.va_number == "8808999912345678" and va.provider_ref.startswith("pr-")
    response = callback(xendit.pay(va.provider_order_id))
    assert response.status_code == 200 and response.json() == {"outcome": "paid"}
    order = order_of(va)
    assert order.status == OrderStatus.PAID and order.payment_reference == va.public_id
    va.refresh_from_db()
    assert va.status == IntentStatus.PAID and va.paid_at
    assert balance(AccountKind.GATEWAY_CLEARING, "xendit") == order.grand_total
    for so in SellerOrder.objects.filter(order=order):
        assert balance(AccountKind.ESCROW, so.public_id) == so.goods_subtotal + so.shipping_fee
    assert ledger_check() == []
    row = PaymentNotification.objects.get()
    assert (row.provider, row.outcome, row.signature_ok, row.intent) == ("xendit", "paid", True, va)
    assert row.event_key == f"xendit:{va.provider_order_id}|SUCCEEDED|{va.amount}"
    assert b'"payment.succeeded"' in bytes(row.body)
    # The callback token is a standing secret: it is not kept with the notification.
    assert row.headers and not any(name.lower() == "x-callback-token" for name in row.headers)


def test_a_duplicate_callback_is_processed_once(xendit, va):
    body = xendit.pay(va.provider_order_id)
    assert callback(body).json() == {"outcome": "paid"}
    assert callback(body).json() == {"outcome": "duplicate"}
    assert JournalEntry.objects.count() == 1
    assert list(PaymentNotification.objects.order_by("pk").values_list("outcome", flat=True)) == ["paid", "duplicate"]


@pytest.mark.django_db(transaction=True)
def test_twenty_copies_of_one_callback_at_once_are_processed_once(racing_db, xendit, placed):
    intent = charged(placed)
    body = json.dumps(xendit.pay(intent.provider_order_id)).encode()
    statuses = race(*[lambda: callback(body).status_code] * 20)
    assert statuses == [200] * 20, [s for s in statuses if s != 200][:3]
    outcomes = list(PaymentNotification.objects.values_list("outcome", flat=True))
    assert sorted(outcomes) == ["duplicate"] * 19 + ["paid"]
    assert JournalEntry.objects.count() == 1 and ledger_check() == []
    assert order_of(intent).status == OrderStatus.PAID


@pytest.mark.parametrize("token", [None, "", "guessed-token"])
def test_a_callback_without_the_token_is_401_recorded_as_forged_and_changes_nothing(xendit, va, token):
    body = xendit.pay(va.provider_order_id)
    response = callback(body, token=token)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "payment_signature_invalid"
    row = PaymentNotification.objects.get()
    assert (row.outcome, row.signature_ok, row.event_key) == ("forged", False, "")
    assert order_of(va).status == OrderStatus.AWAITING_PAYMENT and not JournalEntry.objects.exists()
    assert "x-callback-token" not in {k.lower() for k in row.headers} or token is not None
    # The forged copy took no key: the genuine callback still pays.
    assert callback(body).json() == {"outcome": "paid"}


def test_a_wrong_amount_is_recorded_and_the_money_kept_for_a_refund(xendit, va):
    body = xendit.pay(va.provider_order_id, amount=1000)  # Xendit took Rp1,000
    assert callback(body).json() == {"outcome": "amount_mismatch"}
    assert order_of(va).status == OrderStatus.AWAITING_PAYMENT
    assert "1000" in PaymentNotification.objects.get().error
    needed = PaymentRefundNeeded.objects.get(intent=va)
    assert (needed.amount, needed.reason) == (1000, "amount_mismatch")


def test_an_expired_virtual_account_closes_the_intent(xendit, va):
    assert callback(xendit.expired(va.provider_order_id)).json() == {"outcome": "closed"}
    va.refresh_from_db()
    assert va.status == IntentStatus.EXPIRED and va.closed_at
    assert callback(xendit.expired(va.provider_order_id)).json() == {"outcome": "duplicate"}


@pytest.mark.parametrize("body", [b"", b"{", b"[1]", json.dumps({"event": "payment.succeeded"}).encode()])
def test_a_malformed_callback_is_400_and_stored(xendit, va, body):
    response = callback(body)
    assert response.status_code == 400
    row = PaymentNotification.objects.get()
    assert bytes(row.body) == body and row.outcome == "malformed" and row.event_key == ""
    assert order_of(va).status == OrderStatus.AWAITING_PAYMENT


def test_an_order_xendit_does_not_know_answers_200_so_it_stops_and_a_large_body_is_413(xendit, va, settings):
    # Every callback that could change something is confirmed by asking Xendit (services/notifications.py).
    assert callback(fixture("callback_payment_succeeded")).json() == {"outcome": "unconfirmed"}
    settings.PAYMENTS_WEBHOOK_MAX_BYTES = 100
    assert callback(xendit.pay(va.provider_order_id)).status_code == 413


def test_our_status_question_and_the_callback_share_one_event(xendit, va):
    body = xendit.pay(va.provider_order_id)  # Xendit has the money; its callback is late
    assert payment_intent_refresh(intent=va).status == IntentStatus.PAID
    assert callback(body).json() == {"outcome": "duplicate"}
    assert JournalEntry.objects.count() == 1
    assert list(PaymentNotification.objects.order_by("pk").values_list("source", "outcome")) == [
        ("status", "paid"), ("webhook", "duplicate")]


def test_a_refund_goes_back_through_xendit_and_is_paid_when_xendit_says_so(xendit, placed):
    """Xendit accepts a refund as PENDING: it stays executing until its refund.succeeded callback, confirmed by
    reading the refund (test_xendit_refunds.py has the failures, the poll and the duplicates)."""
    wallet = charged(placed, "ewallet", "shopeepay")
    assert wallet.redirect_url == "" and callback(xendit.pay(wallet.provider_order_id)).json() == {"outcome": "paid"}
    so = SellerOrder.objects.filter(order=placed).select_related("order", "seller").order_by("pk").first()
    refund = refund_execute(refund_request=refund_request_add(seller_order=so, amount=50_000))
    assert (refund.status, refund.route) == ("executing", "gateway") and refund.gateway_ref.startswith("rfd-")
    made = xendit.refunds[refund.public_id]
    assert made["metadata"]["lapak_order_id"] == wallet.provider_order_id and made["amount"] == 50_000
    assert callback(xendit.refunded(refund.public_id)).json() == {"outcome": "no_change"}
    refund.refresh_from_db()
    assert refund.status == "paid" and len(xendit.refunds) == 1
    assert balance(AccountKind.GATEWAY_CLEARING, "xendit") == placed.grand_total - 50_000
    assert ledger_check() == []


def test_the_setting_charges_new_intents_through_xendit(xendit, placed, buyer, settings):
    from django.core.exceptions import ImproperlyConfigured

    from lapak.market.payments.services import payment_intent_create

    settings.PAYMENT_GATEWAY = XENDIT
    intent = payment_intent_create(order=placed, buyer=buyer, method="va", bank="bri")
    assert (intent.provider, intent.status) == (XENDIT, IntentStatus.REQUIRES_ACTION) and intent.va_number
    settings.PAYMENT_GATEWAY = "paypal"
    with pytest.raises(ImproperlyConfigured):
        payment_intent_create(order=placed, buyer=buyer, method="qris")
