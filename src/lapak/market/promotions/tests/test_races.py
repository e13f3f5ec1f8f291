"""Buyers racing for a voucher on purpose: the budget, the use count and each buyer's limit hold exactly.

Every racer runs voucher_redeem in its own thread and database connection, released at the same instant
(lapak.core.testing.race). Without the row lock and the recount inside it, the racers would all read the
same usage and all pass the check; the assertions below would then see the budget overspent.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Sum

from lapak.core.testing import race
from lapak.market.promotions.errors import VoucherNotApplicable
from lapak.market.promotions.models import COUNTING, VoucherRedemption
from lapak.market.promotions.services import voucher_redeem, voucher_redemption_release

RACERS = 8


@pytest.fixture
def racing(transactional_db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("racing threads need a file-backed SQLite test database or PostgreSQL")


def _counted(voucher) -> tuple[int, int]:
    rows = VoucherRedemption.objects.filter(voucher=voucher, status__in=COUNTING)
    return rows.aggregate(total=Sum("amount"))["total"] or 0, rows.count()


def _reasons(outcomes) -> list[str]:
    unexpected = [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, VoucherNotApplicable)]
    assert not unexpected, unexpected
    return sorted(o.code for o in outcomes if isinstance(o, VoucherNotApplicable))


def test_buyers_racing_for_the_last_of_the_budget_never_overspend_it(racing, platform_voucher, make_user):
    voucher = platform_voucher(budget=35_000, per_buyer_limit=1)  # Rp10.000 each: 3 whole and one Rp5.000
    buyers = [make_user(email=f"racer{i}@example.test") for i in range(RACERS)]
    outcomes = race(*[lambda b=b, i=i: voucher_redeem(voucher=voucher, buyer=b, subtotal=60_000, order_ref=f"o{i}")
                      for i, b in enumerate(buyers)])
    assert _reasons(outcomes) == ["voucher_exhausted"] * (RACERS - 4)
    given, uses = _counted(voucher)
    assert (given, uses) == (35_000, 4)
    assert sorted(r.amount for r in outcomes if isinstance(r, VoucherRedemption)) == [5_000, 10_000, 10_000, 10_000]


def test_one_buyer_racing_with_many_orders_gets_only_their_limit(racing, platform_voucher, make_user):
    voucher = platform_voucher(per_buyer_limit=2)
    buyer = make_user(email="greedy@example.test")
    outcomes = race(*[lambda i=i: voucher_redeem(voucher=voucher, buyer=buyer, subtotal=60_000, order_ref=f"g{i}")
                      for i in range(RACERS)])
    assert _reasons(outcomes) == ["voucher_per_buyer_limit"] * (RACERS - 2)
    assert _counted(voucher) == (20_000, 2)


def test_the_most_uses_in_all_hold_under_a_race(racing, platform_voucher, make_user):
    voucher = platform_voucher(max_redemptions=3)
    buyers = [make_user(email=f"m{i}@example.test") for i in range(RACERS)]
    outcomes = race(*[lambda b=b, i=i: voucher_redeem(voucher=voucher, buyer=b, subtotal=60_000, order_ref=f"m{i}")
                      for i, b in enumerate(buyers)])
    assert _reasons(outcomes) == ["voucher_exhausted"] * (RACERS - 3)
    assert _counted(voucher) == (30_000, 3)


def test_release_racing_with_new_redemptions_keeps_the_budget_exact(racing, platform_voucher, make_user):
    """While held redemptions are released, newcomers take the budget they free; never more than the budget."""
    voucher = platform_voucher(budget=30_000)
    first = [voucher_redeem(voucher=voucher, buyer=make_user(email=f"f{i}@example.test"), subtotal=60_000,
                            order_ref=f"f{i}") for i in range(3)]
    newcomers = [make_user(email=f"n{i}@example.test") for i in range(5)]
    calls = [lambda r=r: voucher_redemption_release(redemption=r) for r in first]
    calls += [lambda r=first[0]: voucher_redemption_release(redemption=r)]  # a duplicate release: idempotent
    calls += [lambda b=b, i=i: voucher_redeem(voucher=voucher, buyer=b, subtotal=60_000, order_ref=f"n{i}")
              for i, b in enumerate(newcomers)]
    outcomes = race(*calls)
    _reasons(outcomes)
    given, _uses = _counted(voucher)
    assert given <= 30_000
    assert VoucherRedemption.objects.filter(pk__in=[r.pk for r in first], status="released").count() == 3
    winners = [o for o in outcomes[4:] if isinstance(o, VoucherRedemption)]
    assert given == sum(w.amount for w in winners)
