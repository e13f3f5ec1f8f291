"""The check every way of paying starts with, under the order's row lock (the lock every order writer takes
first): the order still awaits payment, with time left to pay, and has something to pay."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import Conflict
from lapak.market.orders.errors import OrderNotFound
from lapak.market.orders.lock_objects import order_for_update
from lapak.market.orders.models import Order, OrderStatus
from lapak.market.payments import policy


def order_payable_for_update(order: Order, *, now: datetime) -> Order:
    """The order's row, locked and re-read; OrderNotFound, or Conflict when it cannot be paid now. Must run
    inside the caller's transaction."""
    locked = order_for_update(order.pk).first()
    if locked is None:
        raise OrderNotFound()
    if locked.status != OrderStatus.AWAITING_PAYMENT or locked.payment_due_at - now < policy.MIN_PAYABLE:
        raise Conflict(_("This order is not awaiting payment."), code="order_not_awaiting_payment")
    if locked.grand_total <= 0:
        raise Conflict(_("There is nothing to pay for this order."), code="order_nothing_to_pay")
    return locked
