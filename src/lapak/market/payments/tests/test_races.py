"""A hundred copies of one notification at once (the gateway retrying while its first try is still being
processed): one processing, one ledger entry, the order paid once. Real threads on a real database."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from lapak.core.testing import race
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.models import JournalEntry
from lapak.market.orders.models import Order, OrderEvent
from lapak.market.payments.models import PaymentIntent, PaymentNotification
from lapak.market.payments.services import payment_intent_create

COPIES = 100


@pytest.mark.django_db(transaction=True)
def test_a_hundred_copies_of_one_settlement_at_once_are_processed_once(racing_db, midtrans, place, cart, buyer):
    order = place()
    intent = payment_intent_create(order=order, buyer=buyer, method="qris")
    body = json.dumps(midtrans.settle(intent.provider_order_id)).encode()

    def send() -> int:
        return Client().post("/api/v1/payments/webhooks/midtrans", body, content_type="application/json").status_code

    statuses = race(*[send] * COPIES)
    assert statuses == [200] * COPIES, [s for s in statuses if s != 200][:3]
    rows = PaymentNotification.objects.all()
    assert rows.count() == COPIES
    assert rows.filter(outcome="paid").count() == 1
    assert rows.filter(outcome="duplicate").count() == COPIES - 1
    assert JournalEntry.objects.count() == 1 and ledger_check() == []
    paid = Order.objects.get(pk=order.pk)
    assert paid.status == "paid"
    assert OrderEvent.objects.filter(order=paid, seller_order=None, to_status="paid").count() == 1


@pytest.mark.django_db(transaction=True)
def test_settlement_racing_a_method_switch_never_loses_the_money(racing_db, midtrans, place, cart, buyer):
    order = place()
    intent = payment_intent_create(order=order, buyer=buyer, method="qris")
    body = json.dumps(midtrans.settle(intent.provider_order_id)).encode()
    notified, switched = race(
        lambda: Client().post("/api/v1/payments/webhooks/midtrans", body, content_type="application/json"),
        lambda: payment_intent_create(order=Order.objects.get(pk=order.pk), buyer=buyer, method="va", bank="bca"))
    assert notified.status_code == 200
    paid = Order.objects.get(pk=order.pk)
    assert paid.status == "paid" and JournalEntry.objects.count() == 1 and ledger_check() == []
    # Either the switch came first (and the new intent was then cancelled by the payment) or it was refused.
    live = paid.payment_intents.filter(status__in=["requires_action", "pending"])
    assert not live.exists()
    assert isinstance(switched, Exception) or switched.pk != intent.pk


@pytest.mark.django_db(transaction=True)
def test_choosing_two_methods_at_once_leaves_one_live_intent(racing_db, midtrans, place, cart, buyer):
    order = place()
    outcomes = race(*[lambda bank=bank: payment_intent_create(order=order, buyer=buyer, method="va", bank=bank)
                      for bank in ("bca", "bni", "bri", "cimb")])
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    intents = list(PaymentIntent.objects.filter(order=order))
    assert len(intents) == 4
    live = [i for i in intents if i.status in ("requires_action", "pending")]
    assert len(live) == 1 and live[0].status == "requires_action"
    for intent in intents:  # every replaced one was cancelled at the gateway too
        expected = "pending" if intent.pk == live[0].pk else "cancel"
        assert midtrans.transactions[intent.provider_order_id]["transaction_status"] == expected
