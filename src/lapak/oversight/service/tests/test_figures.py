"""The four figures on a mixed series of facts: what each counts, and that the rollups and the source tables give
the very same rows whatever the grouping."""

from __future__ import annotations

import pytest
from django.utils import translation

from lapak.oversight.service.tests.support import at, both, compute, refresh_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(world):
    """Twelve buyers and sellers paying, being withheld from, paid out, returning and complaining over three
    months, with rows each figure must leave out."""
    buyers, sellers = world.buyers(12), world.sellers(12)
    sos = [world.order(b, s, when=at("2026-03-01")) for b, s in zip(buyers, sellers, strict=True)]
    for i, so in enumerate(sos):
        world.payment(so, when=at("2026-03-05", 9 + i % 3), method="qris" if i % 2 else "va")
        world.release(so, when=at("2026-04-10"), pph22=500 + i)
        world.payout(so.seller, when=at("2026-04-20"), amount=100_000 + i)
    # March ends at midnight in Jakarta: 31 March 23:30 WIB is March, 1 April 00:10 WIB is April.
    world.payment(world.order(buyers[0], sellers[0], when=at("2026-03-31")), when=at("2026-03-31", 23, 30),
                  method="ewallet")
    world.payment(world.order(buyers[1], sellers[1], when=at("2026-04-01")), when=at("2026-04-01", 0, 10),
                  method="ewallet")
    # Cash on delivery: 2 parcels remitted of 40,000 and 30,000; the intent's own amount is not what arrived.
    world.payment(world.order(buyers[2], sellers[2], when=at("2026-04-02")), when=at("2026-04-03"), method="cod",
                  amount=90_000, cod_remitted=(40_000, 30_000))
    # Money that could not pay its order, a payout still held, an exempt release: none counts.
    world.payment(world.order(buyers[3], sellers[3], when=at("2026-04-02")), when=at("2026-04-04"), refunded=True)
    world.payout(sellers[0], when=None, status="held")
    world.release(world.order(buyers[4], sellers[4], when=at("2026-04-02")), when=at("2026-04-11"), pph22=0)
    creators = world.buyers(3)
    for creator in creators:
        world.creator_payout(creator, when=at("2026-05-02"))
    world.creator_payout(creators[0], when=None, status="queued")
    for i, so in enumerate(sos):
        ret = world.return_request(so, opened=at("2026-05-01"), closed=at("2026-05-03") if i < 8 else None,
                                   status=None if i < 8 else "disputed")
        if i >= 6:
            world.complaint(ret, disputed=at("2026-05-02"), decided=at("2026-05-03") if i < 8 else None)
        if i < 8:
            world.refund(so, opened=at("2026-05-03"), paid=at("2026-05-05") if i < 5 else None)
    return {"buyers": buyers, "sellers": sellers, "creators": creators}


def test_payment_methods_count_successful_payments_by_month_and_method(series):
    refresh_all()
    rows = both("payment-methods", by=("month", "method"))
    assert [(r["month"], r["method"], r["payments"], r["amount"], r["_buyers"]) for r in rows] == [
        ("2026-03", "ewallet", 1, 110_000, 1), ("2026-03", "qris", 6, 660_000, 6), ("2026-03", "va", 6, 660_000, 6),
        ("2026-04", "cod", 1, 70_000, 1), ("2026-04", "ewallet", 1, 110_000, 1)]
    assert rows[1]["share"] == round(660_000 / 1_430_000, 4)
    assert rows[1]["method_name"] == "QRIS"
    by_method = both("payment-methods")
    assert [(r["method"], r["payments"], r["_buyers"]) for r in by_method] == [
        ("cod", 1, 1), ("ewallet", 2, 2), ("qris", 6, 6), ("va", 6, 6)]
    assert sum(r["share"] for r in by_method) == pytest.approx(1, abs=1e-3)


def test_tax_counts_the_pph22_withheld_and_who_from(series):
    refresh_all()
    rows = both("tax")
    assert rows == [{"month": "2026-04", "withheld": sum(500 + i for i in range(12)), "seller_orders": 12,
                     "sellers": 12, "_sellers": 10}]
    assert both("tax", by=()) == [{"withheld": 6066, "seller_orders": 12, "sellers": 12, "_sellers": 10}]


def test_payouts_count_only_those_confirmed_paid_for_sellers_and_creators(series):
    refresh_all()
    rows = both("payouts")
    assert [(r["month"], r["kind"], r["payouts"], r["amount"], r["_sellers"]) for r in rows] == [
        ("2026-04", "seller", 12, sum(100_000 + i for i in range(12)), 10),
        ("2026-05", "creator", 3, 600_000, 3)]
    assert [(r["payouts"], r["_sellers"]) for r in both("payouts", by=())] == [(15, 10)]
    with translation.override("en"):
        assert [(r["kind_name"], r["payouts"]) for r in both("payouts", by=("kind",))] == [
            ("Creators", 3), ("Sellers", 12)]


def test_service_counts_openings_and_resolutions_against_their_deadlines(series):
    refresh_all()
    rows = {r["kind"]: r for r in both("service", by=("kind",), date_to="2026-05-03")}
    assert {kind: (r["opened"], r["resolved"], r["within_sla"], r["late"], r["overdue"]) for kind, r in
            rows.items()} == {"return": (12, 8, 8, 0, 0), "refund": (8, 5, 5, 0, 0), "complaint": (6, 2, 2, 0, 0)}
    assert rows["complaint"]["within_share"] == 1.0
    # As of the end of June, the 4 open returns are past their 7 days, the 3 unpaid refunds past their pay-by
    # date and the 4 complaints never decided past their 48 hours.
    later = {r["kind"]: r["overdue"] for r in both("service", by=("kind",), date_to="2026-06-30")}
    assert later == {"return": 4, "refund": 3, "complaint": 4}


@pytest.mark.parametrize("key,groupings", [
    ("payment-methods", [(), ("month",), ("method",), ("method", "month")]),
    ("tax", [(), ("month",)]),
    ("payouts", [(), ("month",), ("kind",), ("kind", "month")]),
    ("service", [(), ("month",), ("kind",), ("month", "kind"), ("kind", "month")]),
])
def test_the_rollup_and_the_source_tables_agree_on_every_grouping(series, key, groupings):
    refresh_all()
    for by in groupings:
        for span in (("2026-01-01", "2026-12-31"), ("2026-04-15", "2026-04-15"), ("2026-03-31", "2026-05-01")):
            assert compute(key, source="rollup", by=by, date_from=span[0], date_to=span[1]).rows == compute(
                key, source="scratch", by=by, date_from=span[0], date_to=span[1]).rows, (by, span)
