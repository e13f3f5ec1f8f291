"""Timers: unpaid orders expire (stock and vouchers back), seller orders not accepted or shipped in time are
cancelled by the system, and both tasks are registered with the scheduler."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(place, cart):
    from lapak.market.orders.services import order_mark_paid

    return order_mark_paid(order=place(), payment_reference="pay_1")


def test_unpaid_orders_expire_through_the_task(place, cart, market):
    from lapak.market.inventory.models import Reservation
    from lapak.market.orders.models import Order
    from lapak.market.orders.tasks import expire_unpaid_orders_task

    order = place()
    Order.objects.filter(pk=order.pk).update(payment_due_at=timezone.now() - timedelta(seconds=1))
    result = expire_unpaid_orders_task.enqueue()
    assert result.return_value == {"cancelled": 1}
    assert Order.objects.get(pk=order.pk).status == "cancelled" and not Reservation.objects.exists()
    assert expire_unpaid_orders_task.enqueue().return_value == {"cancelled": 0}


def test_not_accepted_or_not_shipped_in_time(paid, market):
    from lapak.market.inventory.models import Allocation
    from lapak.market.orders.models import Order, OrderEvent, SellerOrder
    from lapak.market.orders.services import seller_order_transition, seller_orders_overdue_cancel

    budi, sari = paid.seller_orders.order_by("pk")
    seller_order_transition(seller_order=budi, to="accepted", actor_kind="seller")
    now = timezone.now()
    assert seller_orders_overdue_cancel(now=now + timedelta(days=1)) == 0
    assert seller_orders_overdue_cancel(now=now + timedelta(days=2, minutes=1)) == 1  # Toko Sari never accepted
    assert SellerOrder.objects.get(pk=sari.pk).status == "cancelled"
    assert OrderEvent.objects.filter(seller_order=sari).latest("pk").data["reason"] == "not_accepted_in_time"
    assert seller_orders_overdue_cancel(now=now + timedelta(days=3, minutes=1)) == 1  # Toko Budi never shipped
    assert SellerOrder.objects.get(pk=budi.pk).cancel_reason == "not_shipped_in_time"
    assert Order.objects.get(pk=paid.pk).status == "cancelled" and not Allocation.objects.exists()
    assert seller_orders_overdue_cancel(now=now + timedelta(days=30)) == 0


def test_the_tasks_are_periodic_jobs():
    from lapak.core.tasks.periodic import _jobs

    assert {"orders.expire_unpaid", "orders.cancel_overdue"} <= set(_jobs)
