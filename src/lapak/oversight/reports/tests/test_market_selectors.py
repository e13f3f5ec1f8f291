"""The two market selectors the report adds: distinct sellers and buyers of a period, and the platform's revenue
from the ledger, attributed to the jurisdiction through each entry's cause."""

from __future__ import annotations

import pytest

from lapak.market.ledger.selectors_oversight import platform_revenue
from lapak.market.orders.selectors_report_counts import participant_counts
from lapak.oversight.reports.periods import quarter_parse

pytestmark = pytest.mark.django_db


def test_counts_are_distinct_people_of_the_quarters_paid_orders(market):
    period = quarter_parse(market.quarter.label, jurisdiction="ID")
    counts = participant_counts(jurisdiction="ID", start=period.start, end=period.end)
    assert counts.sellers == 25  # not the seller paid the quarter before, not the unpaid order, not GB's
    assert counts.buyers == 20  # 25 orders from 20 buyers
    assert counts.sellers_by_province == {"31": 12, "32": 10, "35": 3}
    assert counts.buyers_by_province == {"32": 12, "35": 5, "31": 3}
    gb = participant_counts(jurisdiction="GB", start=period.start, end=period.end)
    assert (gb.sellers, gb.buyers) == (1, 1)


def test_revenue_is_the_commission_booked_for_the_jurisdictions_orders(market):
    period = quarter_parse(market.quarter.label, jurisdiction="ID")
    [idr] = platform_revenue(jurisdiction="ID", start=period.start, end=period.end)
    assert idr.currency == "IDR"
    assert idr.commission_charged == market.commission_charged == sum(500 + i for i in range(11))
    assert idr.commission_returned == 200
    assert idr.voucher_rounding == 0
    assert idr.net == market.commission_charged - 200
    assert idr.sellers == 11
    [gb] = platform_revenue(jurisdiction="GB", start=period.start, end=period.end)
    assert (gb.commission_charged, gb.net, gb.sellers) == (777, 777, 1)


def test_revenue_of_another_quarter_is_not_counted(market):
    before = quarter_parse("2020-Q1", jurisdiction="ID")
    assert platform_revenue(jurisdiction="ID", start=before.start, end=before.end) == []
