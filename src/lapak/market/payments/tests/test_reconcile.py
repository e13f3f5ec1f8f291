"""The reconciliation task asks the gateway about intents we heard nothing about, and applies the answer once."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lapak.market.ledger.models import JournalEntry
from lapak.market.orders.models import Order
from lapak.market.payments.models import IntentStatus, PaymentIntent, PaymentNotification
from lapak.market.payments.services import (
    payment_intent_create,
    payment_intent_refresh,
    payment_intents_expire,
    payment_intents_reconcile,
)
from lapak.market.payments.tests.conftest import notify


def test_a_lost_settlement_is_found_by_reconciliation_and_the_late_notification_is_a_duplicate(
        midtrans, placed, buyer):
    intent = payment_intent_create(order=placed, buyer=buyer, method="va", bank="bca")
    body = midtrans.settle(intent.provider_order_id)  # the gateway's notification never reached us
    assert payment_intents_reconcile(now=timezone.now()) == {"asked": 0, "failed": 0}  # too young to ask
    later = timezone.now() + timedelta(minutes=11)
    assert payment_intents_reconcile(now=later) == {"asked": 1, "failed": 0}
    assert Order.objects.get(pk=placed.pk).status == "paid"
    assert PaymentNotification.objects.get(source="status").outcome == "paid"
    assert notify(body).json() == {"outcome": "duplicate"}
    assert JournalEntry.objects.count() == 1
    assert payment_intents_reconcile(now=later) == {"asked": 0, "failed": 0}  # paid intents are not asked again


def test_an_intent_expired_here_is_asked_about_once_more(midtrans, placed, buyer):
    intent = payment_intent_create(order=placed, buyer=buyer, method="qris")
    payment_intents_expire(now=intent.expires_at)
    midtrans.settle(intent.provider_order_id)
    assert payment_intents_reconcile(now=intent.expires_at + timedelta(minutes=1))["asked"] == 1
    assert PaymentIntent.objects.get(pk=intent.pk).status == IntentStatus.PAID
    assert Order.objects.get(pk=placed.pk).status == "paid"


def test_a_still_pending_intent_changes_nothing_and_an_outage_is_counted(midtrans, placed, buyer):
    intent = payment_intent_create(order=placed, buyer=buyer, method="qris")
    later = timezone.now() + timedelta(minutes=11)
    assert payment_intents_reconcile(now=later) == {"asked": 1, "failed": 0}
    assert PaymentIntent.objects.get(pk=intent.pk).status == IntentStatus.REQUIRES_ACTION
    assert payment_intents_reconcile(now=later) == {"asked": 1, "failed": 0}  # a pending answer is a duplicate
    assert PaymentNotification.objects.filter(outcome="duplicate").count() == 1
    midtrans.fail_with = 503
    assert payment_intents_reconcile(now=later) == {"asked": 0, "failed": 1}


def test_refresh_on_the_buyers_request(midtrans, placed, buyer):
    intent = payment_intent_create(order=placed, buyer=buyer, method="qris")
    assert payment_intent_refresh(intent=intent).status == IntentStatus.REQUIRES_ACTION
    midtrans.settle(intent.provider_order_id)
    assert payment_intent_refresh(intent=intent).status == IntentStatus.PAID
