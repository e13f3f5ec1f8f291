"""Background tasks of orders."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from lapak.core.tasks.periodic import periodic
from lapak.market.orders.returns.deadlines import returns_overdue_move
from lapak.market.orders.services import orders_expire, seller_orders_auto_complete, seller_orders_overdue_cancel


@periodic(every=timedelta(minutes=1), name="orders.expire_unpaid")
@task()
def expire_unpaid_orders_task() -> dict:
    """Cancels orders unpaid past their due time, releasing their stock and vouchers (idempotent)."""
    return {"cancelled": orders_expire()}


@periodic(every=timedelta(minutes=15), name="orders.cancel_overdue")
@task()
def cancel_overdue_seller_orders_task() -> dict:
    """Cancels seller orders not accepted or not shipped in time (idempotent)."""
    return {"cancelled": seller_orders_overdue_cancel()}


@periodic(every=timedelta(hours=1), name="orders.auto_complete")
@task()
def auto_complete_seller_orders_task() -> dict:
    """Completes seller orders delivered more than ORDER_COMPLETE_AFTER_DAYS ago that the buyer never confirmed
    (idempotent)."""
    return {"completed": seller_orders_auto_complete()}


@periodic(every=timedelta(minutes=15), name="orders.returns_overdue")
@task()
def returns_overdue_task() -> dict:
    """Sends unanswered return requests to Lapak, closes undisputed refusals and withdraws accepted returns not
    sent back in time (idempotent)."""
    return {"moved": returns_overdue_move()}
