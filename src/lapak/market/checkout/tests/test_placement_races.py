"""Races provoked on purpose: two buyers for the last unit, a double submit arriving at once, and a payment
arriving while the expiry task cancels the order. SQLite serialises writers; PostgreSQL queues them on locks."""

from __future__ import annotations

import pytest

from lapak.core.testing import race
from lapak.market.orders.tests import support
from lapak.market.orders.tests.support import address_in, fill

address, cart, couriers, market, place, places = (  # fixtures
    support.address, support.cart, support.couriers, support.market, support.place, support.places)
pytestmark = pytest.mark.django_db(transaction=True)


def test_two_buyers_for_the_last_unit_one_order_one_sold_out(racing_db, market, buyer, other_buyer, address):
    from lapak.market.checkout.errors import CartNotReady
    from lapak.market.checkout.services import checkout_place
    from lapak.market.inventory.errors import InsufficientStock
    from lapak.market.inventory.selectors import variant_availability
    from lapak.market.orders.models import Order

    last = market.sari_shop.listing("Batik Terakhir", 300_000, units=1)
    theirs = address_in(other_buyer)
    shipping = {market.sari.public_id: ("jne", "REG")}
    for who in (buyer, other_buyer):
        fill(who, (last, 1))

    outcomes = race(*[lambda who=who, where=where: checkout_place(
        buyer=who, address_public_id=where.public_id, shipping_choices=shipping, voucher_codes=[],
        idempotency_key="k") for who, where in ((buyer, address), (other_buyer, theirs))])

    orders = [o for o in outcomes if isinstance(o, Order)]
    # The loser learns it is sold out either at the reservation (it read the cart before the winner reserved)
    # or from its cart (read after): both name the line, and neither writes anything.
    sold_out = [o for o in outcomes if isinstance(o, InsufficientStock | CartNotReady)]
    assert len(orders) == 1 and len(sold_out) == 1, outcomes
    assert sold_out[0].code in ("insufficient_stock", "cart_not_ready")
    assert list(sold_out[0].fields) == [f"lines.{last.public_id}"]
    assert Order.objects.count() == 1 and variant_availability(variant_ids=[last.pk])[last.pk] == 0


def test_a_double_submit_at_once_places_one_order(racing_db, place, cart):
    from lapak.market.inventory.models import Reservation
    from lapak.market.orders.models import Order

    outcomes = race(*[lambda: place(key="same-click") for _ in range(3)])
    assert all(isinstance(o, Order) for o in outcomes), outcomes
    assert len({o.pk for o in outcomes}) == 1 and Order.objects.count() == 1
    assert Reservation.objects.filter(key=outcomes[0].public_id).count() == 3
    assert not Reservation.objects.exclude(key=outcomes[0].public_id).exists()


def test_payment_racing_expiry_one_of_them_wins_cleanly(racing_db, place, cart):
    from lapak.market.inventory.models import Allocation, Reservation
    from lapak.market.orders.errors import IllegalTransition
    from lapak.market.orders.models import Order
    from lapak.market.orders.services import order_mark_paid, orders_expire

    order = place()
    late = order.payment_due_at
    outcomes = race(lambda: order_mark_paid(order=order, payment_reference="pay_1"),
                    lambda: orders_expire(now=late))
    order.refresh_from_db()
    if order.status == "paid":
        assert outcomes[1] == 0 and Allocation.objects.count() == 3
    else:
        assert order.status == "cancelled" and isinstance(outcomes[0], IllegalTransition), outcomes
        assert outcomes[1] == 1 and not Allocation.objects.exists()
    assert not Reservation.objects.exists() and Order.objects.count() == 1
