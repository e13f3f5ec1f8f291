"""Named locking querysets for orders. Every writer locks the buyer's Order row first, then its seller orders
in primary-key order, so two writers on one order queue instead of deadlocking."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from lapak.market.orders.models import Order, SellerOrder


def _of_self() -> dict:
    return {"of": ("self",)} if connection.features.has_select_for_update_of else {}


def order_for_update(pk: int) -> QuerySet[Order]:
    return Order.objects.select_for_update(**_of_self()).filter(pk=pk)


def seller_orders_for_update(order_pk: int) -> QuerySet[SellerOrder]:
    return SellerOrder.objects.select_for_update(**_of_self()).filter(order_id=order_pk).order_by("pk")
