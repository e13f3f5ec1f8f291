"""Daily reconciliation against the project's sandbox gateway, in-process (ADR 0013): a clean day is ok; each
kind of mismatch, made on purpose, is listed; running a day again replaces its report."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from lapak.gateway_sandbox.tests.conftest import receiver  # noqa: F401  (a fixture)
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.services import credit, debit, ledger_account, ledger_post
from lapak.market.payments.models import PaymentIntent
from lapak.market.payments.models_reconciliation import ReconciliationItem, ReconciliationReport
from lapak.market.payments.services import payment_intent_create
from lapak.market.payments.services.reconciliation import reconciliation_run
from lapak.market.payments.services.refunds import refund_execute
from lapak.market.payments.tests.reconciliation_support import another_order, gateway, today  # noqa: F401
from lapak.market.payments.tests.refund_support import budi_part, deliver, pay_through_sandbox, return_for_refund
from lapak.market.payments.tests.test_sandbox_integration import forward


@pytest.fixture
def order(place, cart, market):
    from lapak.market.orders.tests.support import choices

    return place(shipping_choices={**choices(market), market.budi.public_id: ("sandbox", "REG")})


def _refund_by_bank(intent: PaymentIntent, buyer) -> None:
    from lapak.market.orders.models import SellerOrder
    from lapak.market.orders.services.refunds import refund_request_add
    from lapak.market.payments.services.refunds_bank import bank_refund_mark_paid, refund_bank_account_give

    refund = refund_execute(refund_request=refund_request_add(
        seller_order=SellerOrder.objects.get(order_id=intent.order_id), amount=10_000))
    row = refund_bank_account_give(refund_request=refund, buyer=buyer, bank_code="bca", account_number="1234567890",
                                   holder_name="Siti")
    assert bank_refund_mark_paid(bank_refund=row, actor="usr_ops").status == "paid"


def _kinds(report: ReconciliationReport) -> list[tuple[str, str, str]]:
    return [(i.kind, i.record_kind, i.reference) for i in report.items.order_by("kind", "reference")]


def test_a_clean_day_is_ok(gateway, receiver, order, buyer, market, address):  # noqa: F811
    intent = pay_through_sandbox(gateway.control, receiver, order, buyer, "qris")
    refund = refund_execute(refund_request=return_for_refund(deliver(budi_part(order, market)), buyer, market))
    assert refund.status == "paid" and refund.route == "gateway"
    second = pay_through_sandbox(gateway.control, receiver, another_order(buyer, address, market, "k2"), buyer,
                                 "va", "bca")
    _refund_by_bank(second, buyer)  # paid out by an operator's transfer: never at the gateway, not reconciled

    report = reconciliation_run(day=today())
    assert report.status == "ok" and _kinds(report) == [] and report.mismatch_count == 0
    assert (report.gateway_count, report.ledger_count) == (3, 3)
    assert report.gateway_paid == report.ledger_paid == intent.amount + second.amount
    assert report.gateway_refunded == report.ledger_refunded == refund.amount
    assert report.runs == 1 and report.provider == "midtrans" and report.day == today()


def test_each_mismatch_is_listed(gateway, receiver, order, buyer, market, address):  # noqa: F811
    paid = pay_through_sandbox(gateway.control, receiver, order, buyer, "qris")
    refund = refund_execute(refund_request=return_for_refund(deliver(budi_part(order, market)), buyer, market))
    # 1. Settled at the gateway, its notification never handed over: not in the ledger.
    unheard = payment_intent_create(order=another_order(buyer, address, market, "k2"), buyer=buyer, method="qris")
    gateway.control.post(f"/pay/{unheard.provider_order_id}")
    # 2. The gateway lost the refund's record; 3. it says the payment was Rp1.000 more.
    assert gateway.sql("DELETE FROM refunds WHERE refund_key = ?", refund.public_id) == 1
    assert gateway.sql("UPDATE transactions SET gross_amount = gross_amount + 1000 WHERE order_id = ?",
                       paid.provider_order_id) == 1
    # 4. The ledger books a payment the gateway never settled; 5. and books another one twice.
    third = payment_intent_create(order=another_order(buyer, address, market, "k3"), buyer=buyer, method="qris")
    clearing = ledger_account(kind=AccountKind.GATEWAY_CLEARING, owner_ref="midtrans")
    revenue = ledger_account(kind=AccountKind.COMMISSION_REVENUE)
    ledger_post(key="test:ghost", cause_type="payment_intent", cause_id=third.public_id, memo="no gateway record",
                postings=[debit(clearing, third.amount), credit(revenue, third.amount)])
    ledger_post(key="test:twice", cause_type="payment_intent", cause_id=paid.public_id, memo="booked twice",
                postings=[debit(clearing, 5000), credit(revenue, 5000)])

    report = reconciliation_run(day=today())
    assert report.status == "mismatch" and report.mismatch_count == 4
    assert _kinds(report) == [
        ("duplicated", "payment", paid.provider_order_id),
        ("missing_at_gateway", "payment", third.provider_order_id),
        ("missing_at_gateway", "refund", refund.public_id),
        ("missing_in_ledger", "payment", unheard.provider_order_id)]
    twice = report.items.get(kind="duplicated")
    assert (twice.gateway_count, twice.ledger_count, twice.ledger_amount) == (1, 2, paid.amount + 5000)
    unheard_item = report.items.get(kind="missing_in_ledger")
    assert unheard_item.gateway_amount == unheard.amount and unheard_item.ledger_amount is None
    assert report.gateway_refunded == 0 and report.ledger_refunded == refund.amount


def test_an_amount_that_differs(gateway, receiver, placed, buyer):  # noqa: F811
    paid = pay_through_sandbox(gateway.control, receiver, placed, buyer, "ewallet", "gopay")
    gateway.sql("UPDATE transactions SET gross_amount = 1000 WHERE order_id = ?", paid.provider_order_id)
    report = reconciliation_run(day=today())
    [item] = report.items.all()
    assert (item.kind, item.gateway_amount, item.ledger_amount) == ("amount_differs", 1000, paid.amount)
    assert item.transaction_ids == [PaymentIntent.objects.get(pk=paid.pk).provider_ref]


def test_a_run_again_replaces_the_days_report(gateway, receiver, placed, buyer):  # noqa: F811
    intent = payment_intent_create(order=placed, buyer=buyer, method="qris")
    forward(receiver, intent.provider_order_id, 1)
    gateway.control.post(f"/pay/{intent.provider_order_id}")
    first = reconciliation_run(day=today())
    assert first.status == "mismatch" and _kinds(first) == [("missing_in_ledger", "payment", intent.provider_order_id)]
    assert reconciliation_run(day=today()).pk == first.pk and ReconciliationItem.objects.count() == 1

    assert forward(receiver, intent.provider_order_id, 1) == ["paid"]  # the late notification arrives
    again = reconciliation_run(day=today())
    assert again.pk == first.pk and again.status == "ok" and again.runs == 3 and again.created_at == first.created_at
    assert ReconciliationReport.objects.count() == 1 and ReconciliationItem.objects.count() == 0


def test_the_command(gateway, receiver, placed, buyer, capsys):  # noqa: F811
    call_command("reconcile_day", today().isoformat())
    assert "OK" in capsys.readouterr().out
    intent = payment_intent_create(order=placed, buyer=buyer, method="qris")
    gateway.control.post(f"/pay/{intent.provider_order_id}")
    with pytest.raises(CommandError):
        call_command("reconcile_day", today().isoformat())
    assert "missing_in_ledger" in capsys.readouterr().err
    with pytest.raises(CommandError):
        call_command("reconcile_day", "28/11/2026")
    assert ReconciliationReport.objects.get().runs == 2


@pytest.mark.django_db(transaction=True)
def test_two_runs_of_one_day_at_once_leave_one_report(racing_db, gateway, receiver, placed, buyer):  # noqa: F811
    from lapak.core.testing import race

    intent = payment_intent_create(order=placed, buyer=buyer, method="qris")
    gateway.control.post(f"/pay/{intent.provider_order_id}")  # settled, never heard of: one mismatch
    outcomes = race(lambda: reconciliation_run(day=today()), lambda: reconciliation_run(day=today()))
    assert all(isinstance(o, ReconciliationReport) for o in outcomes), outcomes
    report = ReconciliationReport.objects.get()
    assert report.runs == 2 and report.mismatch_count == 1 and ReconciliationItem.objects.count() == 1
