"""The matching rules on their own (no database, no gateway): duplicates on the gateway's side, the tolerance
for a payment booked across midnight, and the WIB day; and the daily task through the sandbox."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from lapak.gateway_sandbox.tests.conftest import receiver  # noqa: F401  (a fixture)
from lapak.market.payments.gateways.base import SettlementKind, SettlementRecord
from lapak.market.payments.services.reconciliation import wib_day, wib_yesterday
from lapak.market.payments.services.reconciliation_match import LedgerLine, reconciliation_match
from lapak.market.payments.tests.reconciliation_support import gateway, today  # noqa: F401

PAY, REFUND = SettlementKind.PAYMENT, SettlementKind.REFUND


def record(order: str, amount: int, kind: SettlementKind = PAY, key: str = "", tx: str = "t") -> SettlementRecord:
    return SettlementRecord(provider_order_id=order, transaction_id=tx, kind=kind, amount=amount, settled_at=None,
                            refund_key=key)


def line(order: str, amount: int, kind: SettlementKind = PAY, key: str = "", on_day: bool = True) -> LedgerLine:
    return LedgerLine(kind, key or order, order, amount, f"jrn_{order}{key}", on_day)


def test_a_record_the_gateway_lists_twice_is_duplicated():
    found = reconciliation_match(day_records=[record("a", 10, tx="t1"), record("a", 10, tx="t2")], near_records=[],
                                 ledger_lines=[line("a", 10)])
    assert [(m.kind, m.gateway_count, m.ledger_count, m.transaction_ids) for m in found] == [
        ("duplicated", 2, 1, ["t1", "t2"])]


def test_payments_and_refunds_are_matched_apart():
    found = reconciliation_match(day_records=[record("a", 10), record("a", 4, REFUND, "rfd_1")], near_records=[],
                                 ledger_lines=[line("a", 10), line("a", 4, REFUND, "rfd_1")])
    assert found == []
    found = reconciliation_match(day_records=[record("a", 10), record("a", 4, REFUND, "rfd_1")], near_records=[],
                                 ledger_lines=[line("a", 10), line("a", 4, REFUND, "rfd_2")])
    assert sorted((m.kind, m.reference) for m in found) == [("missing_at_gateway", "rfd_2"),
                                                            ("missing_in_ledger", "rfd_1")]


def test_across_midnight_is_timing_not_a_mismatch():
    # Settled at 23:59:59 yesterday, booked at 00:00:01 today: today's run finds its record the day before.
    assert reconciliation_match(day_records=[], near_records=[record("a", 10)], ledger_lines=[line("a", 10)]) == []
    # But an amount that differs is still one; and a line of another day matching nothing of today is not ours.
    [found] = reconciliation_match(day_records=[], near_records=[record("a", 9)], ledger_lines=[line("a", 10)])
    assert found.kind == "amount_differs"
    assert reconciliation_match(day_records=[], near_records=[], ledger_lines=[line("b", 5, on_day=False)]) == []
    # A record of the day booked in the ledger on another day matches.
    assert reconciliation_match(day_records=[record("c", 7)], near_records=[],
                                ledger_lines=[line("c", 7, on_day=False)]) == []


def test_the_wib_day():
    start, end = wib_day(date(2026, 11, 28))
    assert start.astimezone(UTC) == datetime(2026, 11, 27, 17, tzinfo=UTC) and end - start == timedelta(days=1)
    assert wib_yesterday(datetime(2026, 11, 28, 16, 59, tzinfo=UTC)) == date(2026, 11, 27)
    assert wib_yesterday(datetime(2026, 11, 28, 17, 0, tzinfo=UTC)) == date(2026, 11, 28)


@pytest.mark.django_db
def test_the_daily_task_reconciles_yesterday(gateway):  # noqa: F811
    from lapak.core.tasks.periodic import periodic_jobs
    from lapak.market.payments.models_reconciliation import ReconciliationReport
    from lapak.market.payments.tasks import reconcile_daily_task

    [job] = [j for j in periodic_jobs() if j.name == "payments.reconcile_daily"]
    assert job.every == timedelta(days=1) and job.task is reconcile_daily_task
    result = reconcile_daily_task.enqueue().return_value
    yesterday = today() - timedelta(days=1)
    assert result == {"day": yesterday.isoformat(), "midtrans": "ok"}
    assert ReconciliationReport.objects.get().day == yesterday
