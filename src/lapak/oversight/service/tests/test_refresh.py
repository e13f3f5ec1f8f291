"""The rollups fold each fact once: incrementally from their watermarks, idempotently, never what is younger than
the horizon, and not twice when two refreshes race."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.core.testing import race
from lapak.oversight.models import RollupWatermark
from lapak.oversight.rollups import ROLLUPS, rollups_refresh_all
from lapak.oversight.service.models import PaymentMethodMonth, ServiceMonth
from lapak.oversight.service.services import rollup_rebuild, rollup_refresh
from lapak.oversight.service.tests.support import World, at, both, compute, refresh_all


def _payments(world: World, count: int, *, day: str = "2026-06-10") -> None:
    for buyer in world.buyers(count):
        world.payment(world.order(buyer, world.seller(), when=at(day)), when=at(day))


@pytest.mark.django_db
def test_the_rollups_are_registered_for_the_periodic_refresh():
    assert {"service.payments", "service.tax", "service.payouts", "service.cases"} <= set(ROLLUPS)


@pytest.mark.django_db
def test_a_refresh_folds_only_what_is_new_and_a_second_folds_nothing(world):
    _payments(world, 3)
    assert rollup_refresh("service.payments") == 3
    assert rollup_refresh("service.payments") == 0
    assert [(r["payments"], r["_buyers"]) for r in both("payment-methods")] == [(3, 3)]
    _payments(world, 2, day="2026-06-11")
    assert rollup_refresh("service.payments") == 2
    assert rollup_refresh("service.payments") == 0
    assert [(r["payments"], r["_buyers"]) for r in both("payment-methods")] == [(5, 5)]
    mark = RollupWatermark.objects.get(name="service.payments")
    assert mark.rows_folded == 5 and mark.position == at("2026-06-11")


@pytest.mark.django_db
def test_facts_stamped_at_the_same_moment_are_told_apart_by_their_id(world, monkeypatch):
    from lapak.oversight.service import services

    monkeypatch.setattr(services, "BATCH", 2)  # a batch ends between two payments of the same second
    _payments(world, 5)
    assert rollup_refresh("service.payments") == 5
    assert PaymentMethodMonth.objects.get().payments == 5


@pytest.mark.django_db
def test_a_case_resolved_after_a_refresh_is_folded_at_its_resolution(world):
    so = world.order(world.buyer(), world.seller(), when=at("2026-06-01"))
    ret = world.return_request(so, opened=at("2026-06-02"))
    refresh_all()
    assert [(r["opened"], r["resolved"]) for r in both("service", by=("kind",), date_to="2026-06-03")] == [(1, 0)]
    type(ret).objects.filter(pk=ret.pk).update(status="refund_requested", closed_at=at("2026-07-01"))
    assert refresh_all()["service.cases"] == 1
    rows = both("service", by=("month", "kind"), date_to="2026-07-02")
    assert [(r["month"], r["opened"], r["resolved"], r["late"]) for r in rows] == [
        ("2026-06", 1, 0, 0), ("2026-07", 0, 1, 1)]


@pytest.mark.django_db
def test_what_is_younger_than_the_horizon_waits_for_the_next_refresh(world):
    buyer, seller = world.buyer(), world.seller()
    just_now = timezone.now() - timedelta(seconds=30)
    world.payment(world.order(buyer, seller, when=just_now), when=just_now)
    assert rollup_refresh("service.payments") == 0
    assert not PaymentMethodMonth.objects.exists()
    type(world.payment(world.order(buyer, seller, when=just_now), when=just_now)).objects.update(
        paid_at=timezone.now() - timedelta(minutes=3))
    assert rollup_refresh("service.payments") == 2


@pytest.mark.django_db
def test_a_rebuild_gives_what_the_refreshes_gave(world):
    _payments(world, 4)
    so = world.order(world.buyer(), world.seller(), when=at("2026-06-01"))
    world.return_request(so, opened=at("2026-06-02"), closed=at("2026-06-12"))
    refresh_all()
    before = compute("service", source="rollup").rows, compute("payment-methods", source="rollup").rows
    ServiceMonth.objects.update(opened=99)  # a damaged rollup heals
    assert rollup_rebuild("service.cases") == 2
    assert rollup_rebuild("service.payments") == 4
    assert (compute("service", source="rollup").rows, compute("payment-methods", source="rollup").rows) == before


@pytest.mark.django_db(transaction=True)
def test_two_refreshes_racing_fold_every_fact_exactly_once():
    world = World()
    _payments(world, 1)
    # The watermark rows exist before the race (on a first refresh the insert of the row itself serialises them).
    assert rollups_refresh_all()["service.payments"] == 1
    _payments(world, 5)
    for so in [world.order(b, world.seller(), when=at("2026-06-01")) for b in world.buyers(4)]:
        world.refund(so, opened=at("2026-06-02"), paid=at("2026-06-04"))
    outcomes = race(rollups_refresh_all, rollups_refresh_all)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sum(o["service.payments"] for o in outcomes) == 5
    assert sum(o["service.cases"] for o in outcomes) == 8  # 4 opened, 4 resolved
    assert PaymentMethodMonth.objects.get().payments == 6
    assert len(PaymentMethodMonth.objects.get().buyers) == 6
    refund = ServiceMonth.objects.get(kind="refund")
    assert (refund.opened, refund.resolved, refund.within_sla) == (4, 4, 4)
    assert len(refund.opened_buyers) == 4
