"""Choosing how to pay: an intent per method, the previous one cancelled, expiry per method, refusals."""

from __future__ import annotations

import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError
from django.utils import timezone

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.orders.errors import OrderNotFound
from lapak.market.orders.models import Order
from lapak.market.orders.services import order_cancel_unpaid
from lapak.market.payments.gateways.base import GatewayUnavailable
from lapak.market.payments.models import IntentStatus, PaymentIntent
from lapak.market.payments.services import payment_intent_create, payment_intents_expire


@pytest.mark.parametrize(("method", "bank", "payment_type", "shown"), [
    ("qris", None, "qris", "qr_string"),
    ("va", "bca", "bank_transfer", "va_number"),
    ("va", "bni", "bank_transfer", "va_number"),
    ("va", "permata", "permata", "va_number"),
    ("va", "mandiri", "echannel", "bill_key"),
    ("ewallet", "gopay", "gopay", "redirect_url"),
    ("ewallet", "shopeepay", "shopeepay", "redirect_url"),
    ("card", None, "credit_card", "redirect_url"),
])
def test_an_intent_per_method_charges_the_order_total(midtrans, placed, buyer, method, bank, payment_type, shown):
    intent = payment_intent_create(order=placed, buyer=buyer, method=method, bank=bank)
    assert intent.status == IntentStatus.REQUIRES_ACTION
    assert intent.amount == placed.grand_total and intent.provider == "midtrans"
    assert intent.provider_order_id == intent.public_id
    assert getattr(intent, shown)
    sent = json.loads(midtrans.requests[-1].content)
    assert sent["payment_type"] == payment_type
    assert sent["transaction_details"] == {"order_id": intent.public_id, "gross_amount": placed.grand_total}
    assert intent.provider_ref == midtrans.transactions[intent.public_id]["transaction_id"]


def test_expiry_is_the_methods_but_never_past_the_orders_deadline(midtrans, placed, buyer, settings):
    settings.PAYMENT_METHOD_TTL = {"qris": timedelta(minutes=5)}
    now = timezone.now()
    qris = payment_intent_create(order=placed, buyer=buyer, method="qris", now=now)
    assert qris.expires_at == now + timedelta(minutes=5)
    va = payment_intent_create(order=placed, buyer=buyer, method="va", bank="bca", now=now)
    assert va.expires_at == placed.payment_due_at  # 24 h would outlive the order's 15-minute window
    sent = json.loads(midtrans.requests[-1].content)["custom_expiry"]
    # Counted from the intent's creation, not from when the gateway got the call: never past our deadline.
    assert sent == {"expiry_duration": int((placed.payment_due_at - now).total_seconds() // 60), "unit": "minute",
                    "order_time": timezone.localtime(now, ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%d %H:%M:%S +0700")}


def test_a_new_method_cancels_the_previous_intent_here_and_at_the_gateway(midtrans, placed, buyer):
    first = payment_intent_create(order=placed, buyer=buyer, method="qris")
    second = payment_intent_create(order=placed, buyer=buyer, method="va", bank="bri")
    first.refresh_from_db()
    assert first.status == IntentStatus.CANCELLED and second.status == IntentStatus.REQUIRES_ACTION
    assert midtrans.transactions[first.provider_order_id]["transaction_status"] == "cancel"
    assert PaymentIntent.objects.filter(order=placed, status__in=["requires_action", "pending"]).count() == 1


def test_the_database_allows_one_live_intent_per_order(midtrans, placed, buyer):
    intent = payment_intent_create(order=placed, buyer=buyer, method="qris")
    with pytest.raises(IntegrityError):
        PaymentIntent.objects.create(order=placed, method="qris", amount=1, provider="midtrans",
                                     provider_order_id="another", status=IntentStatus.PENDING)
    assert intent.is_live


def test_refusals(midtrans, placed, buyer, other_buyer):
    with pytest.raises(OrderNotFound):
        payment_intent_create(order=placed, buyer=other_buyer, method="qris")
    for method, bank, field in (("cash", None, "method"), ("va", None, "bank"), ("va", "gopay", "bank"),
                                ("ewallet", "bca", "bank"), ("qris", "bca", "bank")):
        with pytest.raises(ValidationFailed) as caught:
            payment_intent_create(order=placed, buyer=buyer, method=method, bank=bank)
        assert field in caught.value.fields
    with pytest.raises(Conflict):  # under a minute left
        payment_intent_create(order=placed, buyer=buyer, method="qris", now=placed.payment_due_at)
    order_cancel_unpaid(order=placed, actor_kind="buyer", actor=buyer)
    with pytest.raises(Conflict):
        payment_intent_create(order=Order.objects.get(pk=placed.pk), buyer=buyer, method="qris")
    assert not PaymentIntent.objects.exists() and midtrans.requests == []


def test_a_gateway_outage_fails_the_intent_and_leaves_the_order_payable(midtrans, placed, buyer):
    midtrans.fail_with = 503
    with pytest.raises(GatewayUnavailable):
        payment_intent_create(order=placed, buyer=buyer, method="qris")
    assert PaymentIntent.objects.get().status == IntentStatus.FAILED
    midtrans.fail_with = None
    assert payment_intent_create(order=placed, buyer=buyer, method="qris").status == IntentStatus.REQUIRES_ACTION


def test_cash_on_delivery_never_reaches_a_gateway(midtrans, placed, buyer):
    # JNE REG (the fixture's courier) does not collect cash: refused, nothing recorded (test_cod_accept.py has
    # the accepted case: pending, no gateway, no expiry, the order confirmed).
    with pytest.raises(ValidationFailed):
        payment_intent_create(order=placed, buyer=buyer, method="cod")
    assert midtrans.requests == [] and not PaymentIntent.objects.exists()
    assert Order.objects.get(pk=placed.pk).status == "awaiting_payment"


def test_expiry_task_closes_only_intents_past_their_time(midtrans, placed, buyer):
    intent = payment_intent_create(order=placed, buyer=buyer, method="qris")
    assert payment_intents_expire(now=intent.expires_at - timedelta(seconds=1)) == 0
    assert payment_intents_expire(now=intent.expires_at) == 1
    assert payment_intents_expire(now=intent.expires_at) == 0
    intent.refresh_from_db()
    assert intent.status == IntentStatus.EXPIRED
    assert Order.objects.get(pk=placed.pk).status == "awaiting_payment"  # the order's own expiry is orders'
