"""Refunds paid back through the project's sandbox gateway (QRIS: by the gateway; a virtual account: by bank
transfer to the buyer's account), with the gateway's refund notifications closing the loop once."""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.gateway_sandbox.tests.conftest import receiver  # noqa: F401  (a fixture)
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import JournalEntry
from lapak.market.orders.models import BankRefund, RefundRequest
from lapak.market.payments.services.refunds import refund_execute, refunds_execute_due
from lapak.market.payments.services.refunds_bank import (
    bank_refund_mark_paid,
    bank_refund_number,
    refund_bank_account_give,
)
from lapak.market.payments.tests.refund_support import (
    balance,
    budi_part,
    deliver,
    pay_through_sandbox,
    return_for_refund,
)
from lapak.market.payments.tests.test_sandbox_integration import forward, sandbox  # noqa: F401  (a fixture)


@pytest.fixture
def order(place, cart, market):
    from lapak.market.orders.tests.support import choices

    return place(shipping_choices={**choices(market), market.budi.public_id: ("sandbox", "REG")})


def test_a_return_on_a_qris_order_is_refunded_through_the_gateway_once(sandbox, receiver, order, buyer,  # noqa: F811
                                                                       market):
    intent = pay_through_sandbox(sandbox, receiver, order, buyer, "qris")
    so = deliver(budi_part(order, market))
    escrow_before = balance(AccountKind.ESCROW, so.public_id)
    refund = return_for_refund(so, buyer, market)
    assert refund.status == "requested" and 0 < refund.amount < escrow_before

    refund = refund_execute(refund_request=refund)
    assert refund.status == "paid" and refund.route == "gateway" and refund.attempts == 1 and refund.paid_at
    recorded = sandbox.get(f"/_control/{intent.provider_order_id}").json()["refunds"]
    assert [(r["refund_key"], r["amount"]) for r in recorded] == [(refund.public_id, refund.amount)]
    assert balance(AccountKind.ESCROW, so.public_id) == escrow_before - refund.amount
    assert balance(AccountKind.REFUNDS_PAYABLE, order.public_id) == 0
    entries = JournalEntry.objects.count()
    assert ledger_check() == []

    # The sandbox's partial_refund notification arrives afterwards: recorded, nothing counted twice.
    assert forward(receiver, intent.provider_order_id, 1) == ["no_change"]
    assert JournalEntry.objects.count() == entries and ledger_check() == []
    assert refund_execute(refund_request=refund).status == "paid"  # a second call pays nothing
    assert len(sandbox.get(f"/_control/{intent.provider_order_id}").json()["refunds"]) == 1


def test_the_notification_confirms_a_refund_whose_answer_was_lost(sandbox, receiver, order, buyer,  # noqa: F811
                                                                  market, settings):
    intent = pay_through_sandbox(sandbox, receiver, order, buyer, "qris")
    refund = return_for_refund(deliver(budi_part(order, market)), buyer, market)
    good_url = settings.MIDTRANS_BASE_URL
    settings.MIDTRANS_BASE_URL = "http://127.0.0.1:9"  # nothing listens: the gateway is unreachable
    refund = refund_execute(refund_request=refund)
    assert refund.status == "failed" and "payment_gateway_unavailable" in refund.error and refund.next_attempt_at
    assert refund_execute(refund_request=refund).status == "failed"  # not due yet: not claimed again
    assert refund.attempts == 1 and ledger_check() == []

    # The retry (the periodic task, once due) reaches the gateway; a lost answer is replaced by the notification.
    settings.MIDTRANS_BASE_URL = good_url
    counts = refunds_execute_due(now=refund.next_attempt_at)
    refund = RefundRequest.objects.get(pk=refund.pk)
    assert counts["paid"] == 1 and refund.status == "paid" and refund.attempts == 2 and refund.error == ""
    assert forward(receiver, intent.provider_order_id, 1) == ["no_change"]
    assert balance(AccountKind.REFUNDS_PAYABLE, order.public_id) == 0 and ledger_check() == []


def test_a_refund_confirmed_by_the_notification_alone(sandbox, receiver, order, buyer, market):  # noqa: F811
    from lapak.market.payments.gateways.registry import gateway_for
    from lapak.market.payments.services.refunds_ledger import ledger_refund_reserve

    intent = pay_through_sandbox(sandbox, receiver, order, buyer, "qris")
    refund = return_for_refund(deliver(budi_part(order, market)), buyer, market)
    # An executor claimed it, reserved it and asked the gateway, then died before it could record the answer.
    RefundRequest.objects.filter(pk=refund.pk).update(status="executing", route="gateway", attempts=1)
    ledger_refund_reserve(refund=refund)
    gateway_for("midtrans").refund(intent.provider_order_id, amount=refund.amount, key=refund.public_id)
    assert forward(receiver, intent.provider_order_id, 1) == ["no_change"]
    refund = RefundRequest.objects.get(pk=refund.pk)
    assert refund.status == "paid" and balance(AccountKind.REFUNDS_PAYABLE, order.public_id) == 0
    assert ledger_check() == []


def test_a_va_paid_order_is_refunded_to_the_buyers_bank_account(sandbox, receiver, order, buyer, market,  # noqa: F811
                                                                other_buyer):
    from lapak.core.audit.models import AuditEvent
    from lapak.core.errors import Conflict, NotFound, ValidationFailed

    intent = pay_through_sandbox(sandbox, receiver, order, buyer, "va", "bca")
    refund = refund_execute(refund_request=return_for_refund(deliver(budi_part(order, market)), buyer, market))
    assert refund.status == "awaiting_bank_account" and refund.route == "bank"
    assert sandbox.get(f"/_control/{intent.provider_order_id}").json()["refunds"] == []
    assert balance(AccountKind.REFUNDS_PAYABLE, order.public_id) == refund.amount and ledger_check() == []
    client = Client()
    client.force_login(buyer)
    page = client.get(f"/orders/{order.public_id}/").content.decode()
    assert f'id="refund-bank-{refund.public_id}"' in page and "refund-status--awaiting_bank_account" in page
    with pytest.raises(NotFound):
        refund_bank_account_give(refund_request=refund, buyer=other_buyer, bank_code="bca",
                                 account_number="1234567890", holder_name="Siti")
    with pytest.raises(ValidationFailed) as caught:
        refund_bank_account_give(refund_request=refund, buyer=buyer, bank_code="", account_number="12ab",
                                 holder_name=" ")
    assert set(caught.value.fields) == {"bank_code", "account_number", "holder_name"}

    row = refund_bank_account_give(refund_request=refund, buyer=buyer, bank_code="bca",
                                   account_number="1234 567 890", holder_name="Siti  Rahma")
    assert row.bank_code == "BCA" and row.holder_name == "Siti Rahma" and row.number_masked.endswith("7890")
    stored = bytes(BankRefund.objects.get(pk=row.pk).number_encrypted)
    assert b"1234567890" not in stored and "123456" not in row.number_masked
    assert RefundRequest.objects.get(pk=refund.pk).status == "executing"
    assert refunds_execute_due()["paid"] == 0  # a bank refund waits for the operator, it is not re-executed
    assert bank_refund_number(bank_refund=row, actor="usr_ops") == "1234567890"
    assert AuditEvent.objects.filter(action="identity.decrypt", subject_id=refund.public_id).count() == 1

    page = client.get(f"/orders/{order.public_id}/").content.decode()
    assert f'id="refund-bank-{refund.public_id}"' not in page and "refund-status--executing" in page
    refund = bank_refund_mark_paid(bank_refund=row, actor="usr_ops", transfer_ref="TRF-1")
    assert refund.status == "paid" and BankRefund.objects.get(pk=row.pk).paid_at
    assert bank_refund_mark_paid(bank_refund=row, actor="usr_ops").status == "paid"  # once
    assert balance(AccountKind.REFUNDS_PAYABLE, order.public_id) == 0 and ledger_check() == []
    with pytest.raises(Conflict):
        refund_bank_account_give(refund_request=refund, buyer=buyer, bank_code="bca",
                                 account_number="1234567890", holder_name="Siti")


def test_a_late_payment_is_given_back_through_the_gateway(sandbox, receiver, placed, buyer):  # noqa: F811
    from lapak.market.payments.models import PaymentRefundNeeded
    from lapak.market.payments.services import payment_intent_create

    intent = payment_intent_create(order=placed, buyer=buyer, method="qris")
    forward(receiver, intent.provider_order_id, 1)
    sandbox.post(f"/_control/{intent.provider_order_id}/expire")
    forward(receiver, intent.provider_order_id, 1)
    sandbox.post(f"/_control/{intent.provider_order_id}/settle", json={"force": True})
    assert forward(receiver, intent.provider_order_id, 1) == ["refund_needed"]
    assert refunds_execute_due() == {"paid": 1, "failed": 0, "waiting": 0}
    needed = PaymentRefundNeeded.objects.get(intent=intent)
    refund = RefundRequest.objects.get(source_ref=needed.public_id)
    assert refund.status == "paid" and refund.amount == placed.grand_total and needed.refunded_at
    assert sandbox.get(f"/_control/{intent.provider_order_id}").json()["refunds"][0]["amount"] == refund.amount
    assert forward(receiver, intent.provider_order_id, 1) == ["no_change"]
    assert balance(AccountKind.REFUNDS_PAYABLE, placed.public_id) == 0 and ledger_check() == []
    assert refunds_execute_due() == {"paid": 0, "failed": 0, "waiting": 0}


def test_two_partial_refunds_of_one_payment(sandbox, receiver, order, buyer, market):  # noqa: F811
    from lapak.market.orders.models import SellerOrder
    from lapak.market.orders.services.refunds import refund_request_add

    intent = pay_through_sandbox(sandbox, receiver, order, buyer, "qris")
    first, second = (refund_execute(refund_request=refund_request_add(seller_order=so, amount=10_000 * n))
                     for n, so in enumerate(SellerOrder.objects.filter(order=order).order_by("pk"), start=1))
    assert (first.status, second.status) == ("paid", "paid")
    recorded = sandbox.get(f"/_control/{intent.provider_order_id}").json()["refunds"]
    assert sorted(r["amount"] for r in recorded) == [10_000, 20_000]
    entries = JournalEntry.objects.count()
    outcomes = forward(receiver, intent.provider_order_id, 2)  # two partial_refund notifications
    assert set(outcomes) <= {"no_change", "duplicate"} and outcomes[0] == "no_change"
    assert JournalEntry.objects.count() == entries and ledger_check() == []
    assert balance(AccountKind.REFUNDS_PAYABLE, order.public_id) == 0
