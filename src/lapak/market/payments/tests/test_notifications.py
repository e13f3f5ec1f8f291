"""The notification inbox through the webhook: stored raw, verified, processed once, tolerant of reordering,
never losing a payment."""

from __future__ import annotations

import pytest

from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.models import JournalEntry
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.orders.models import Order, OrderStatus, SellerOrder
from lapak.market.payments.models import IntentStatus, PaymentIntent, PaymentNotification, PaymentRefundNeeded
from lapak.market.payments.services import payment_intent_create, payment_intents_expire
from lapak.market.payments.tests.conftest import notify
from lapak.market.payments.tests.fake_midtrans import sign


@pytest.fixture
def qris(midtrans, placed, buyer):
    return payment_intent_create(order=placed, buyer=buyer, method="qris")


def order_of(intent) -> Order:
    return Order.objects.get(pk=intent.order_id)


def test_settlement_pays_the_order_and_moves_the_money_to_escrow_per_seller_order(midtrans, qris):
    response = notify(midtrans.settle(qris.provider_order_id))
    assert response.status_code == 200 and response.json() == {"outcome": "paid"}
    order = order_of(qris)
    assert order.status == OrderStatus.PAID and order.payment_reference == qris.public_id
    qris.refresh_from_db()
    assert qris.status == IntentStatus.PAID and qris.paid_at
    entry = JournalEntry.objects.get()
    assert entry.cause_id == qris.public_id
    assert ledger_balance(kind="gateway_clearing", owner_ref="midtrans") == order.grand_total
    for so in SellerOrder.objects.filter(order=order):
        assert ledger_balance(kind="escrow", owner_ref=so.public_id) == so.goods_subtotal + so.shipping_fee
    assert ledger_check() == []
    row = PaymentNotification.objects.get()
    assert row.signature_ok and row.outcome == "paid" and row.intent == qris and row.processed_at
    assert b'"settlement"' in bytes(row.body)


def test_a_forged_notification_is_401_stored_and_changes_nothing(midtrans, qris):
    body = midtrans.body(qris.provider_order_id, "settlement", key="guessed-key")
    response = notify(body)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "payment_signature_invalid"
    row = PaymentNotification.objects.get()
    assert (row.outcome, row.signature_ok, row.event_key) == ("forged", False, "")
    assert order_of(qris).status == OrderStatus.AWAITING_PAYMENT and not JournalEntry.objects.exists()
    # The forged copy did not take the event's key: the genuine notification still pays.
    assert notify(midtrans.settle(qris.provider_order_id)).json() == {"outcome": "paid"}


@pytest.mark.parametrize("body", [b"", b"{", b"[1]", b'{"order_id": "x"}', b'{"order_id": 1, "status_code": "200"}',
                                  "\u00e9".encode("latin-1")])
def test_malformed_bodies_are_400_and_stored(midtrans, qris, body):
    response = notify(body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] in ("malformed_request", "payment_notification_malformed")
    row = PaymentNotification.objects.get()
    assert bytes(row.body) == body and row.outcome == "malformed" and row.processed_at and row.event_key == ""
    assert not JournalEntry.objects.exists() and order_of(qris).status == OrderStatus.AWAITING_PAYMENT


def test_a_signed_body_with_a_fraction_of_a_rupiah_is_malformed(midtrans, qris):
    body = midtrans.body(qris.provider_order_id, "settlement", amount=f"{qris.amount}.50")
    assert notify(body).status_code == 400
    assert PaymentNotification.objects.get().outcome == "malformed"
    assert order_of(qris).status == OrderStatus.AWAITING_PAYMENT


def test_a_wrong_amount_is_refused_recorded_and_the_money_kept_for_a_refund(midtrans, qris):
    body = midtrans.move(qris.provider_order_id, "settlement", amount="1000.00")  # the gateway took Rp1,000
    assert notify(body).json() == {"outcome": "amount_mismatch"}
    assert order_of(qris).status == OrderStatus.AWAITING_PAYMENT
    row = PaymentNotification.objects.get()
    assert "1000" in row.error
    refund = PaymentRefundNeeded.objects.get()
    assert (refund.amount, refund.reason) == (1000, "amount_mismatch")
    assert ledger_balance(kind="refunds_payable", owner_ref=order_of(qris).public_id) == 1000
    assert ledger_check() == []
    # A pending notice with another amount is only recorded.
    assert notify(midtrans.body(qris.provider_order_id, "pending", amount="5.00")).json() == \
        {"outcome": "amount_mismatch"}
    assert PaymentRefundNeeded.objects.count() == 1


def test_a_duplicate_is_processed_once(midtrans, qris):
    body = midtrans.settle(qris.provider_order_id)
    assert notify(body).json() == {"outcome": "paid"}
    assert notify(body).json() == {"outcome": "duplicate"}
    assert notify(body).status_code == 200
    assert JournalEntry.objects.count() == 1 and PaymentNotification.objects.count() == 3
    assert PaymentNotification.objects.filter(outcome="duplicate").count() == 2


def test_an_order_the_gateway_does_not_know_is_recorded_as_unconfirmed(midtrans, qris):
    body = midtrans.body(qris.provider_order_id, "settlement")
    body["order_id"] = "pay_SOMEONEELSE"
    body["signature_key"] = sign(body["order_id"], body["status_code"], body["gross_amount"])
    assert notify(body).json() == {"outcome": "unconfirmed"}
    row = PaymentNotification.objects.get()
    assert row.outcome == "unconfirmed" and row.event_key == "" and "pay_SOMEONEELSE" in row.error
    assert order_of(qris).status == OrderStatus.AWAITING_PAYMENT and not JournalEntry.objects.exists()


def test_an_order_the_gateway_knows_and_we_do_not_is_recorded_and_acknowledged(midtrans, qris):
    midtrans.transactions["pay_SOMEONEELSE"] = {**midtrans.transactions[qris.provider_order_id],
                                                "order_id": "pay_SOMEONEELSE", "transaction_status": "settlement"}
    assert notify(midtrans.body("pay_SOMEONEELSE")).json() == {"outcome": "unknown_order"}
    assert PaymentNotification.objects.get().outcome == "unknown_order"
    assert order_of(qris).status == OrderStatus.AWAITING_PAYMENT


def test_a_signed_replay_claiming_payment_is_not_believed_without_the_gateways_word(midtrans, qris):
    # Midtrans signs order id, status code and amount only: a genuine "200" body can be re-labelled.
    body = midtrans.body(qris.provider_order_id, "settlement")  # the gateway still says pending
    assert notify(body).json() == {"outcome": "no_change"}
    row = PaymentNotification.objects.get()
    assert "pending" in row.error and "settlement" in row.error
    assert order_of(qris).status == OrderStatus.AWAITING_PAYMENT and not JournalEntry.objects.exists()
    assert notify(midtrans.settle(qris.provider_order_id)).json() == {"outcome": "paid"}  # now it is paid


def test_a_gateway_that_cannot_confirm_leaves_the_notification_for_the_retry(midtrans, qris):
    body = midtrans.settle(qris.provider_order_id)
    midtrans.fail_with = 503
    assert notify(body).status_code == 502
    row = PaymentNotification.objects.get()
    assert row.outcome == "received" and row.event_key == "" and "confirm" in row.error
    assert order_of(qris).status == OrderStatus.AWAITING_PAYMENT
    midtrans.fail_with = None
    assert notify(body).json() == {"outcome": "paid"}  # the gateway's retry


def test_settlement_after_the_order_was_cancelled_needs_a_refund(midtrans, qris, buyer):
    from lapak.market.orders.services import order_cancel_unpaid

    order_cancel_unpaid(order=order_of(qris), actor_kind="buyer", actor=buyer)
    assert notify(midtrans.settle(qris.provider_order_id)).json() == {"outcome": "refund_needed"}
    qris.refresh_from_db()
    assert qris.status == IntentStatus.PAID  # the money is recorded on the intent, not lost
    refund = PaymentRefundNeeded.objects.get(intent=qris)
    assert (refund.amount, refund.reason) == (qris.amount, "order_closed")
    assert ledger_balance(kind="refunds_payable", owner_ref=order_of(qris).public_id) == qris.amount
    assert ledger_check() == []
    assert notify(midtrans.body(qris.provider_order_id, "settlement")).json() == {"outcome": "duplicate"}
    assert PaymentRefundNeeded.objects.count() == 1


def test_settlement_after_the_intent_expired_still_pays_an_order_awaiting_payment(midtrans, qris):
    payment_intents_expire(now=qris.expires_at)
    assert notify(midtrans.settle(qris.provider_order_id)).json() == {"outcome": "paid"}
    assert order_of(qris).status == OrderStatus.PAID


def test_settlement_of_an_old_intent_after_switching_pays_and_cancels_the_new_one(midtrans, qris, buyer):
    new = payment_intent_create(order=order_of(qris), buyer=buyer, method="va", bank="bca")
    # Paid at the gateway just before our cancel reached it.
    assert notify(midtrans.move(qris.provider_order_id, "settlement")).json() == {"outcome": "paid"}
    new.refresh_from_db()
    assert new.status == IntentStatus.CANCELLED
    # And if the new one is paid too, that money goes back.
    assert notify(midtrans.move(new.provider_order_id, "settlement")).json() == {"outcome": "refund_needed"}
    assert PaymentRefundNeeded.objects.get().reason == "already_paid"
    assert JournalEntry.objects.count() == 2 and ledger_check() == []


def test_reordered_notifications_leave_a_paid_order_paid(midtrans, qris):
    assert notify(midtrans.settle(qris.provider_order_id)).json() == {"outcome": "paid"}
    assert notify(midtrans.body(qris.provider_order_id, "pending")).json() == {"outcome": "no_change"}
    # A late "expire" is confirmed with the gateway, which says settlement: already processed.
    assert notify(midtrans.body(qris.provider_order_id, "expire")).json() == {"outcome": "duplicate"}
    qris.refresh_from_db()
    assert qris.status == IntentStatus.PAID and order_of(qris).status == OrderStatus.PAID


def test_expire_closes_the_intent_and_cancels_the_unpaid_order(midtrans, qris):
    assert notify(midtrans.move(qris.provider_order_id, "expire")).json() == {"outcome": "closed"}
    qris.refresh_from_db()
    assert qris.status == IntentStatus.EXPIRED
    assert order_of(qris).status == OrderStatus.CANCELLED


def test_a_denied_card_leaves_the_order_payable_another_way(midtrans, placed, buyer):
    card = payment_intent_create(order=placed, buyer=buyer, method="card")
    assert notify(midtrans.move(card.provider_order_id, "deny")).json() == {"outcome": "closed"}
    card.refresh_from_db()
    assert card.status == IntentStatus.FAILED and order_of(card).status == OrderStatus.AWAITING_PAYMENT


def test_a_cancel_of_the_replaced_intent_does_not_cancel_the_order(midtrans, qris, buyer):
    payment_intent_create(order=order_of(qris), buyer=buyer, method="va", bank="bni")
    assert notify(midtrans.body(qris.provider_order_id, "cancel")).json() == {"outcome": "no_change"}
    assert order_of(qris).status == OrderStatus.AWAITING_PAYMENT


def test_a_card_capture_then_settlement_pays_once(midtrans, placed, buyer):
    card = payment_intent_create(order=placed, buyer=buyer, method="card")
    assert notify(midtrans.move(card.provider_order_id, "capture")).json() == {"outcome": "paid"}
    assert notify(midtrans.move(card.provider_order_id, "settlement")).json() == {"outcome": "no_change"}
    assert JournalEntry.objects.count() == 1
    assert PaymentIntent.objects.get(pk=card.pk).status == IntentStatus.PAID
