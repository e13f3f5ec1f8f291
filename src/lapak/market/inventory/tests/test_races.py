"""Races provoked on purpose: many buyers after the last units, and two carts locking in opposite order.

SQLite serialises writers (IMMEDIATE transactions); PostgreSQL queues them on the stock row locks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lapak.market.inventory.errors import InsufficientStock
from lapak.market.inventory.models import Reservation
from lapak.market.inventory.selectors import variant_availability
from lapak.market.inventory.services import stock_allocate, stock_reserve
from lapak.market.inventory.tests.conftest import race

pytestmark = pytest.mark.django_db(transaction=True)
TTL = timedelta(minutes=15)


def test_twenty_buyers_for_ten_units_exactly_ten_win(racing_db, shop):
    org = shop()
    kaos = org.variant(10)
    outcomes = race(*[lambda i=i: stock_reserve(lines=[(kaos, 1)], key=f"chk_{i}", ttl=TTL) for i in range(20)])
    winners = [o for o in outcomes if isinstance(o, list)]
    losers = [o for o in outcomes if isinstance(o, InsufficientStock)]
    assert (len(winners), len(losers)) == (10, 10), outcomes
    held = list(Reservation.objects.values_list("key", "quantity"))
    assert len(held) == 10 and len({key for key, _q in held}) == 10 and sum(q for _k, q in held) == 10
    assert variant_availability(variant_ids=[kaos.pk])[kaos.pk] == 0


def test_an_expired_hold_goes_to_exactly_one_of_its_owner_and_the_newcomers(racing_db, shop):
    from django.utils import timezone

    org = shop()
    kaos = org.variant(6)
    for i in range(3):
        stock_reserve(lines=[(kaos, 2)], key=f"chk_{i}", ttl=TTL)
    Reservation.objects.filter(key="chk_2").update(reserved_until=timezone.now() - timedelta(seconds=1))
    outcomes = race(
        *[lambda i=i: stock_allocate(key=f"chk_{i}", order_line_refs={kaos: f"ol_{i}"}) for i in range(3)],
        *[lambda i=i: stock_reserve(lines=[(kaos, 2)], key=f"new_{i}", ttl=TTL) for i in range(3)],
    )
    assert all(isinstance(o, list) for o in outcomes[:2]), outcomes  # live holds always allocate
    contenders = outcomes[2:]
    assert sum(isinstance(o, list) for o in contenders) == 1, outcomes
    assert all(isinstance(o, InsufficientStock) for o in contenders if not isinstance(o, list)), outcomes
    stock = kaos.stocks.get()
    live = sum(Reservation.objects.filter(reserved_until__gt=timezone.now()).values_list("quantity", flat=True))
    assert stock.quantity_allocated + live == 6


def test_opposite_order_carts_do_not_deadlock(racing_db, shop):
    org = shop()
    a, b = org.variant(100), org.variant(100)
    calls = []
    for i in range(10):
        lines = [(a, 1), (b, 1)] if i % 2 else [(b, 1), (a, 1)]
        calls.append(lambda lines=lines, i=i: stock_reserve(lines=lines, key=f"chk_{i}", ttl=TTL))
    outcomes = race(*calls)
    assert all(isinstance(o, list) and len(o) == 2 for o in outcomes), outcomes
    assert variant_availability(variant_ids=[a.pk, b.pk]) == {a.pk: 90, b.pk: 90}
