"""Revenue as the real services book it: an order placed, paid by QRIS through the gateway's notification,
delivered, completed and released to two shops. The report's revenue is the commission escrow release credited,
and with only two sellers behind it, the report does not reveal it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lapak.market.ledger.selectors import ledger_balance
from lapak.market.ledger.selectors_oversight import platform_revenue
from lapak.market.payments.models_release import EscrowRelease
from lapak.market.payments.services.release import escrow_release
from lapak.market.payments.tests.conftest import (
    address,
    build,
    buyer,
    cart,
    catalogue,
    couriers,
    market,
    midtrans,
    people,
    place,
    places,
    region_tree,
    shops,
)
from lapak.market.payments.tests.release_support import close_window, completed, paid_order
from lapak.oversight.reports.periods import month_parse, quarter_parse, recent_quarters
from lapak.oversight.reports.quarterly import quarterly_report_build

__all__ = ["address", "build", "buyer", "cart", "catalogue", "completed", "couriers", "market", "midtrans",
           "paid_order", "people", "place", "places", "region_tree", "shops"]  # fixtures
pytestmark = pytest.mark.django_db


def test_the_commission_released_is_the_platforms_revenue_and_two_sellers_keep_it_private(completed, make_user):
    for so in (completed.budi, completed.sari):
        escrow_release(seller_order=close_window(so))
    released = sum(EscrowRelease.objects.values_list("commission", flat=True))
    assert released > 0
    month = month_parse(timezone.localdate().strftime("%Y-%m"), jurisdiction="ID")
    [idr] = platform_revenue(jurisdiction="ID", start=month.start, end=month.end)
    assert idr.commission_charged == released == ledger_balance(kind="commission_revenue")
    assert idr.net == released and idr.sellers == 2

    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    report = quarterly_report_build(user=regulator, period=quarter_parse(recent_quarters("ID")[0], jurisdiction="ID"))
    revenue = [result for result in report.results if result.field.section == "revenue"]
    assert revenue and all(r.available and r.values[0].value is None and r.values[0].suppressed for r in revenue)
