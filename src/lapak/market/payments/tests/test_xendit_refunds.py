"""Xendit refunds are not final when Xendit accepts them (it answers PENDING): the refund stays executing with
Xendit's refund id and no "paid" ledger entry, until Xendit's refund.succeeded / refund.failed callback —
confirmed by reading the refund at Xendit, not the payment — or the refunds task's poll says how it ended."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import JournalEntry
from lapak.market.orders.models import RefundRequest, SellerOrder
from lapak.market.orders.services.refunds import refund_request_add
from lapak.market.payments.models import PaymentNotification
from lapak.market.payments.services.refunds import refund_execute, refunds_execute_due
from lapak.market.payments.tests.fake_xendit import xendit_fixture  # noqa: F401
from lapak.market.payments.tests.refund_support import balance
from lapak.market.payments.tests.test_xendit_webhook import callback, charged

AMOUNT = 50_000


@pytest.fixture
def pending(xendit, placed) -> RefundRequest:
    """Rp50,000 of a ShopeePay-paid order refunded through Xendit, which accepted the refund as PENDING."""
    wallet = charged(placed, "ewallet", "shopeepay")
    assert callback(xendit.pay(wallet.provider_order_id)).json() == {"outcome": "paid"}
    so = SellerOrder.objects.filter(order=placed).select_related("order", "seller").order_by("pk").first()
    return refund_execute(refund_request=refund_request_add(seller_order=so, amount=AMOUNT))


def paid_entries(refund: RefundRequest) -> int:
    return JournalEntry.objects.filter(key=f"refunds.paid:{refund.public_id}").count()


def payable(refund: RefundRequest) -> int:
    return balance(AccountKind.REFUNDS_PAYABLE, refund.order.public_id)


def asked(xendit, method: str, prefix: str) -> int:
    return sum(1 for r in xendit.seen if r.method == method and r.url.path.startswith(prefix))


def test_a_pending_answer_keeps_the_refund_executing_with_nothing_paid(pending, xendit, placed):
    made = xendit.refunds[pending.public_id]
    assert (pending.status, pending.gateway_ref, made["status"]) == ("executing", made["id"], "PENDING")
    assert paid_entries(pending) == 0 and payable(pending) == AMOUNT  # reserved, not paid
    assert balance(AccountKind.GATEWAY_CLEARING, "xendit") == placed.grand_total
    # Neither a repeated execution nor the task (before the poll is due) asks Xendit for a second refund.
    assert refund_execute(refund_request=pending).status == "executing"
    refunds_execute_due(now=timezone.now() + timedelta(minutes=5))
    assert asked(xendit, "POST", "/refunds") == 1 and asked(xendit, "GET", "/refunds/") == 0
    assert RefundRequest.objects.get(pk=pending.pk).status == "executing" and ledger_check() == []


def test_the_succeeded_callback_pays_the_refund_once(pending, xendit, placed):
    body = xendit.refunded(pending.public_id)
    assert callback(body).json() == {"outcome": "no_change"}
    assert callback(body).json() == {"outcome": "duplicate"}
    refund = RefundRequest.objects.get(pk=pending.pk)
    assert (refund.status, refund.gateway_ref, refund.error) == ("paid", body["data"]["id"], "") and refund.paid_at
    assert paid_entries(refund) == 1 and payable(refund) == 0
    assert balance(AccountKind.GATEWAY_CLEARING, "xendit") == placed.grand_total - AMOUNT
    row = PaymentNotification.objects.get(outcome="no_change")
    assert row.event_key == f"xendit:refund|{body['data']['id']}|SUCCEEDED"
    assert asked(xendit, "GET", f"/refunds/{body['data']['id']}") == 2  # each copy confirmed by reading the refund
    assert ledger_check() == []


def test_a_succeeded_body_xendit_does_not_confirm_pays_nothing(pending, xendit):
    body = xendit.refunded(pending.public_id)
    xendit.refunds[pending.public_id]["status"] = "PENDING"  # the body says succeeded; Xendit, asked, does not
    assert callback(body).json() == {"outcome": "no_change"}
    assert RefundRequest.objects.get(pk=pending.pk).status == "executing" and paid_entries(pending) == 0
    body["data"]["id"] = "rfd-nobody"
    assert callback(body).json() == {"outcome": "unconfirmed"}


def test_the_failed_callback_marks_the_refund_failed_and_keeps_the_money_payable(pending, xendit, placed):
    body = xendit.refunded(pending.public_id, status="FAILED", failure_code="INSUFFICIENT_BALANCE")
    assert callback(body).json() == {"outcome": "no_change"}
    assert callback(body).json() == {"outcome": "duplicate"}
    refund = RefundRequest.objects.get(pk=pending.pk)
    assert (refund.status, refund.gateway_ref) == ("failed", "") and "INSUFFICIENT_BALANCE" in refund.error
    assert refund.next_attempt_at is not None and refund.paid_at is None
    assert paid_entries(refund) == 0 and payable(refund) == AMOUNT
    assert balance(AccountKind.GATEWAY_CLEARING, "xendit") == placed.grand_total
    # The retry asks under the same key; Xendit still holds that refund as failed, so it refuses again: the
    # refund goes to the buyer's bank account instead (the money stays payable until the transfer is made).
    refunds_execute_due(now=refund.next_attempt_at)
    refund.refresh_from_db()
    assert (refund.status, refund.route, refund.attempts) == ("awaiting_bank_account", "bank", 2)
    assert "INSUFFICIENT_BALANCE" in refund.error
    assert paid_entries(refund) == 0 and payable(refund) == AMOUNT and ledger_check() == []


def test_a_lost_callback_is_made_up_by_the_poll(pending, xendit, placed):
    start = timezone.now()
    refunds_execute_due(now=start + timedelta(minutes=11))  # still PENDING at Xendit: asked, unchanged
    assert asked(xendit, "GET", "/refunds/") == 1
    assert RefundRequest.objects.get(pk=pending.pk).status == "executing"
    refunds_execute_due(now=start + timedelta(minutes=15))  # asked 4 minutes ago: not yet again
    assert asked(xendit, "GET", "/refunds/") == 1
    body = xendit.refunded(pending.public_id)  # Xendit paid it; its callback never arrives
    assert refunds_execute_due(now=start + timedelta(minutes=22))["paid"] == 1
    refund = RefundRequest.objects.get(pk=pending.pk)
    assert (refund.status, refund.gateway_ref) == ("paid", body["data"]["id"]) and paid_entries(refund) == 1
    assert balance(AccountKind.GATEWAY_CLEARING, "xendit") == placed.grand_total - AMOUNT
    # The callback arriving late after all changes nothing more.
    assert callback(body).json() == {"outcome": "no_change"} and paid_entries(refund) == 1
    assert ledger_check() == []


def test_the_poll_marks_a_refund_xendit_failed_as_failed(pending, xendit):
    xendit.refunded(pending.public_id, status="FAILED", failure_code="REFUND_FAILED")
    assert refunds_execute_due(now=timezone.now() + timedelta(minutes=11))["failed"] == 1
    refund = RefundRequest.objects.get(pk=pending.pk)
    assert refund.status == "failed" and "REFUND_FAILED" in refund.error
    assert paid_entries(refund) == 0 and payable(refund) == AMOUNT and ledger_check() == []


@pytest.mark.django_db(transaction=True)
def test_callbacks_and_polls_racing_pay_the_refund_once(racing_db, xendit, placed):
    import json

    from lapak.core.testing import race
    from lapak.market.payments.services.refunds import refund_poll

    wallet = charged(placed, "ewallet", "shopeepay")
    assert callback(xendit.pay(wallet.provider_order_id)).json() == {"outcome": "paid"}
    so = SellerOrder.objects.filter(order=placed).select_related("order", "seller").order_by("pk").first()
    refund = refund_execute(refund_request=refund_request_add(seller_order=so, amount=AMOUNT))
    body = json.dumps(xendit.refunded(refund.public_id)).encode()
    later = timezone.now() + timedelta(minutes=11)
    outcomes = race(*[lambda: callback(body).json()] * 6, *[lambda: refund_poll(refund_request=refund, now=later)] * 4)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    refund.refresh_from_db()
    assert refund.status == "paid" and paid_entries(refund) == 1 and payable(refund) == 0
    assert balance(AccountKind.GATEWAY_CLEARING, "xendit") == placed.grand_total - AMOUNT and ledger_check() == []
