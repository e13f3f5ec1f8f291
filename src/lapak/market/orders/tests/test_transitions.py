"""The order state machine: every step the tables allow works and is recorded; every other step is refused in
one place, with nothing written."""

from __future__ import annotations

import itertools

import pytest

from lapak.market.orders import transitions as table
from lapak.market.orders.models import OrderStatus, SellerOrderStatus

pytestmark = pytest.mark.django_db

ACTORS = sorted(table.ACTOR_KINDS)


@pytest.fixture
def placed(place, cart):
    return place()


def _counts(order):
    from lapak.core.audit.models import AuditEvent
    from lapak.market.orders.models import OrderEvent

    return OrderEvent.objects.filter(order=order).count(), AuditEvent.objects.count()


def test_every_seller_order_step_outside_the_table_is_refused(placed):
    from lapak.market.orders.errors import IllegalTransition
    from lapak.market.orders.models import SellerOrder
    from lapak.market.orders.services import seller_order_transition

    so = placed.seller_orders.order_by("pk").first()
    refused = 0
    for source, target, actor in itertools.product(SellerOrderStatus.values, SellerOrderStatus.values, ACTORS):
        if table.seller_order_transition_allowed(source, target, actor):
            continue
        SellerOrder.objects.filter(pk=so.pk).update(status=source)
        before = _counts(placed)
        with pytest.raises(IllegalTransition) as caught:
            seller_order_transition(seller_order=so, to=target, actor_kind=actor, reason="why")
        assert caught.value.code == "order_transition_not_allowed" and caught.value.status == 409
        assert SellerOrder.objects.get(pk=so.pk).status == source and _counts(placed) == before
        refused += 1
    assert refused == 7 * 7 * 4 - sum(len(kinds) for kinds in table.SELLER_ORDER_TRANSITIONS.values())


def test_every_order_step_outside_the_table_is_refused(placed):
    from lapak.market.orders.errors import IllegalTransition
    from lapak.market.orders.models import Order
    from lapak.market.orders.services import order_transition

    for source, target, actor in itertools.product(OrderStatus.values, OrderStatus.values, ACTORS):
        if table.order_transition_allowed(source, target, actor):
            continue
        Order.objects.filter(pk=placed.pk).update(status=source)
        before = _counts(placed)
        with pytest.raises(IllegalTransition):
            order_transition(order=placed, to=target, actor_kind=actor)
        assert Order.objects.get(pk=placed.pk).status == source and _counts(placed) == before


@pytest.mark.parametrize(("source", "target", "actor"), [
    (s, t, a) for (s, t), kinds in table.SELLER_ORDER_TRANSITIONS.items() for a in sorted(kinds)])
def test_every_seller_order_step_in_the_table_is_taken_and_recorded(placed, source, target, actor):
    from lapak.core.audit.models import AuditEvent
    from lapak.market.orders.models import OrderEvent, SellerOrder
    from lapak.market.orders.services import seller_order_transition

    so = placed.seller_orders.order_by("pk").first()
    SellerOrder.objects.filter(pk=so.pk).update(status=source)
    moved = seller_order_transition(seller_order=so, to=target, actor_kind=actor, reason="Stok rusak")
    assert moved.status == target == SellerOrder.objects.get(pk=so.pk).status
    event = OrderEvent.objects.filter(seller_order=so).latest("pk")
    assert (event.kind, event.from_status, event.to_status, event.data["actor_kind"]) == (
        "status_change", source, target, actor)
    assert AuditEvent.objects.filter(action=f"seller_order.{target}", subject_id=so.public_id).exists()


def test_a_seller_cancelling_must_say_why(placed, market):
    from lapak.market.orders.errors import ReasonRequired
    from lapak.market.orders.models import SellerOrder
    from lapak.market.orders.services import seller_order_transition

    so = placed.seller_orders.order_by("pk").first()
    SellerOrder.objects.filter(pk=so.pk).update(status="paid")
    for reason in ("", "   ", "x" * 301):
        with pytest.raises(ReasonRequired):
            seller_order_transition(seller_order=so, to="cancelled", actor_kind="seller", reason=reason)
    assert SellerOrder.objects.get(pk=so.pk).status == "paid"
    done = seller_order_transition(seller_order=so, to="cancelled", actor_kind="seller", actor=market.budi_owner,
                                   reason="Stok habis di gudang")
    assert done.cancel_reason == "Stok habis di gudang"


def test_the_order_closes_when_every_seller_order_has(placed, market):
    from lapak.market.orders.models import Order, SellerOrder
    from lapak.market.orders.services import order_mark_paid, seller_order_transition

    order_mark_paid(order=placed, payment_reference="pay_1")
    budi, sari = placed.seller_orders.order_by("pk")
    seller_order_transition(seller_order=sari, to="cancelled", actor_kind="seller", reason="Habis")
    assert Order.objects.get(pk=placed.pk).status == "paid"  # Toko Budi's part is still open
    SellerOrder.objects.filter(pk=budi.pk).update(status="delivered")
    seller_order_transition(seller_order=budi, to="completed", actor_kind="buyer")
    order = Order.objects.get(pk=placed.pk)
    assert order.status == "completed" and order.closed_at is not None


def test_an_order_whose_seller_orders_are_all_cancelled_is_cancelled(placed):
    from lapak.market.orders.models import Order
    from lapak.market.orders.services import order_mark_paid, seller_order_transition

    order_mark_paid(order=placed, payment_reference="pay_1")
    for so in placed.seller_orders.order_by("pk"):
        seller_order_transition(seller_order=so, to="cancelled", actor_kind="buyer")
    assert Order.objects.get(pk=placed.pk).status == "cancelled"


def test_buyer_cancels_an_unpaid_order_and_gets_stock_back(placed, market, buyer):
    from lapak.market.inventory.models import Reservation
    from lapak.market.orders.errors import IllegalTransition
    from lapak.market.orders.services import order_cancel_unpaid, order_mark_paid

    cancelled = order_cancel_unpaid(order=placed, actor_kind="buyer", actor=buyer)
    assert cancelled.status == "cancelled" and not Reservation.objects.exists()
    assert order_cancel_unpaid(order=placed, actor_kind="buyer", actor=buyer).status == "cancelled"  # again
    with pytest.raises(IllegalTransition):
        order_mark_paid(order=placed, payment_reference="pay_1")


def test_a_paid_order_cannot_be_cancelled_as_unpaid(placed, buyer):
    from lapak.market.orders.errors import IllegalTransition
    from lapak.market.orders.services import order_cancel_unpaid, order_mark_paid

    order_mark_paid(order=placed, payment_reference="pay_1")
    with pytest.raises(IllegalTransition):
        order_cancel_unpaid(order=placed, actor_kind="buyer", actor=buyer)
    with pytest.raises(IllegalTransition):  # a second, different payment for the same order
        order_mark_paid(order=placed, payment_reference="pay_2")
