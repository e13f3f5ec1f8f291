"""What a regulator gets through the portal's one read path: rows of fewer than 10 buyers or sellers blanked,
their own jurisdiction only, and the query logged."""

from __future__ import annotations

import pytest

from lapak.core.audit.models import AuditEvent
from lapak.core.errors import PermissionDenied, ValidationFailed
from lapak.oversight.selectors import figure_read
from lapak.oversight.service.common import people, saturate
from lapak.oversight.service.tests.support import at, refresh_all

pytestmark = pytest.mark.django_db


def _read(user, key, **params):
    return figure_read(user=user, key=key, params={"from": "2026-01-01", "to": "2026-12-31", **params},
                       channel="api").table


def test_a_method_paid_by_fewer_than_10_buyers_is_blanked_and_so_is_the_next_smallest(world, regulator):
    ten, nine, twelve = world.buyers(10), world.buyers(9), world.buyers(12)
    seller = world.seller()
    for group, method in ((ten, "qris"), (nine, "va"), (twelve, "ewallet")):
        for buyer in group:
            world.payment(world.order(buyer, seller, when=at("2026-02-01")), when=at("2026-02-02"), method=method)
    # One buyer paying ten times is still one buyer.
    for _ in range(10):
        world.payment(world.order(nine[0], seller, when=at("2026-02-01")), when=at("2026-02-02"), method="card")
    refresh_all()
    table = _read(regulator, "payment-methods")
    rows = {row["method"]: row for row in table.rows}
    assert rows["card"]["suppressed"] and rows["card"]["payments"] is None and rows["card"]["amount"] is None
    assert rows["va"]["suppressed"] and rows["va"]["share"] is None
    assert not rows["qris"]["suppressed"] and rows["qris"]["payments"] == 10
    assert not rows["ewallet"]["suppressed"] and rows["ewallet"]["payments"] == 12
    assert all(not key.startswith("_") for row in table.rows for key in row)


def test_tax_and_payouts_are_blanked_below_10_sellers_with_a_second_row_to_hide_the_first(world, regulator):
    buyer = world.buyer()
    for month, count, pph22 in (("02", 9, 700), ("03", 10, 700), ("04", 12, 100)):
        for seller in world.sellers(count):
            world.release(world.order(buyer, seller, when=at(f"2026-{month}-01")), when=at(f"2026-{month}-05"),
                          pph22=pph22)
            world.payout(seller, when=at(f"2026-{month}-06"))
    refresh_all()
    table = _read(regulator, "tax")
    tax = {row["month"]: row for row in table.rows}
    assert tax["2026-02"]["suppressed"] and tax["2026-02"]["withheld"] is None
    # February alone blanked could be recovered from a total: the smallest other row (April, Rp1.200) goes too.
    assert tax["2026-04"]["suppressed"] and table.suppressed == 2
    assert tax["2026-03"]["withheld"] == 7000 and tax["2026-03"]["sellers"] == 10
    payouts = _read(regulator, "payouts", by="month")
    rows = {row["month"]: row for row in payouts.rows}
    assert rows["2026-02"]["suppressed"] and rows["2026-02"]["amount"] is None
    assert payouts.suppressed == 2 and rows["2026-04"]["payouts"] == 12


def test_a_regulator_reads_only_their_jurisdiction_and_each_query_is_logged(world, regulator, regulator_gb):
    ids, gbs = world.buyers(10), world.buyers(10)
    seller, seller_gb = world.seller(), world.seller(jurisdiction="GB")
    for buyer in ids:
        world.payment(world.order(buyer, seller, when=at("2026-02-01")), when=at("2026-02-02"))
    for buyer in gbs:
        world.payment(world.order(buyer, seller_gb, when=at("2026-02-01"), jurisdiction="GB"),
                      when=at("2026-02-02"), method="card")
    refresh_all()
    assert [(r["method"], r["payments"]) for r in _read(regulator, "payment-methods").rows] == [("qris", 10)]
    assert [(r["method"], r["payments"]) for r in _read(regulator_gb, "payment-methods").rows] == [("card", 10)]
    with pytest.raises(PermissionDenied) as refused:
        _read(regulator_gb, "payment-methods", jurisdiction="ID")
    assert refused.value.code == "jurisdiction_forbidden"
    logged = AuditEvent.objects.filter(action="oversight.query", actor=regulator.public_id)
    assert [event.subject_id for event in logged] == ["figure:payment-methods"]


def test_unknown_dimensions_and_scratch_for_a_regulator_are_refused(world, regulator, operator):
    with pytest.raises(ValidationFailed):
        _read(regulator, "service", by="province")
    with pytest.raises(ValidationFailed):
        _read(regulator, "tax", source="scratch")
    assert _read(operator, "tax", source="scratch").rows == []


def test_saturating_sets_answer_at_least_10_exactly():
    full = saturate([], range(25))
    assert full == list(range(10))
    assert saturate(full, [99]) == full
    assert people([[1, 2, 3], [3, 4]]) == 4
    assert people([[1, 2, 3, 4, 5, 6], [5, 6, 7, 8, 9, 10]]) == 10  # two small cells make 10 together
    assert people([list(range(10)), [1]]) == 10
    assert people([[1] * 1, [1]]) == 1


def test_the_api_answers_a_regulator_with_the_figure_and_refuses_a_buyer(world, regulator, bearer, client):
    for buyer in world.buyers(10):
        so = world.order(buyer, world.seller(), when=at("2026-02-01"))
        world.refund(so, opened=at("2026-02-02"), paid=at("2026-02-03"))
    refresh_all()
    url = "/api/v1/oversight/figures/service?from=2026-02-01&to=2026-02-28&by=kind"
    body = client.get(url, **bearer(regulator)).json()
    [row] = [row for row in body["rows"] if row["kind"] == "refund"]
    assert (row["opened"], row["resolved"], row["within_sla"], row["within_share"]) == (10, 10, 10, 1.0)
    assert client.get(url, **bearer(world.buyer())).status_code == 403
