"""Order reads: a buyer's orders, a seller's seller orders, and one order with its lines and timeline."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Prefetch, QuerySet

from lapak.market.orders.errors import OrderNotFound
from lapak.market.orders.models import Order, OrderEvent, OrderLine, SellerOrder
from lapak.market.shipping.models import Shipment


def _detailed(orders: QuerySet[Order]) -> QuerySet[Order]:
    return orders.prefetch_related(
        Prefetch("seller_orders", SellerOrder.objects.select_related("seller").order_by("pk")),
        Prefetch("seller_orders__lines", OrderLine.objects.select_related("variant").order_by("pk")),
        Prefetch("events", OrderEvent.objects.select_related("seller_order").order_by("at", "pk")),
    )


def orders_of_buyer(*, buyer: object) -> QuerySet[Order]:
    """The buyer's orders, newest first, with seller orders, lines and events loaded (a few queries per page)."""
    return _detailed(Order.objects.filter(buyer=buyer).order_by("-placed_at", "-pk"))


def order_of_buyer(*, buyer: object, public_id: str) -> Order:
    """One of the buyer's orders; OrderNotFound for another buyer's, exactly as for a missing one."""
    order = orders_of_buyer(buyer=buyer).filter(public_id=str(public_id)[:40]).first()
    if order is None:
        raise OrderNotFound()
    return order


def seller_orders_of(*, seller: object, status: str | None = None) -> QuerySet[SellerOrder]:
    """The seller's parts of orders, newest first, with their order (for the address) and lines."""
    rows = SellerOrder.objects.filter(seller=seller).select_related("order", "seller").prefetch_related(
        Prefetch("lines", OrderLine.objects.select_related("variant").order_by("pk"))).order_by("-created_at", "-pk")
    return rows.filter(status=status) if status else rows


def seller_order_of(*, seller: object, public_id: str) -> SellerOrder:
    """One of the seller's seller orders; OrderNotFound for another seller's, exactly as for a missing one."""
    so = seller_orders_of(seller=seller).filter(public_id=str(public_id)[:40]).first()
    if so is None:
        raise OrderNotFound()
    return so


def seller_orders_in(*, seller: object, statuses: Iterable[str]) -> QuerySet[SellerOrder]:
    """The seller's seller orders in any of `statuses`, newest first (the desk's tabs)."""
    return seller_orders_of(seller=seller).filter(status__in=list(statuses))


def seller_order_counts(*, seller: object) -> dict[str, int]:
    """How many of the seller's seller orders are in each status (one query)."""
    rows = SellerOrder.objects.filter(seller=seller).values("status").annotate(n=Count("pk")).order_by()
    return {row["status"]: row["n"] for row in rows}


def seller_order_timeline(*, seller_order: SellerOrder) -> QuerySet[OrderEvent]:
    """The seller order's own timeline events, oldest first."""
    return OrderEvent.objects.filter(seller_order=seller_order).order_by("at", "pk")


def shipment_of(*, seller_order: SellerOrder) -> Shipment | None:
    """The seller order's latest shipment with a tracking number, or else its latest one (None before shipping)."""
    shipments = Shipment.objects.filter(seller_order_ref=seller_order.public_id).select_related("courier", "service")
    return (shipments.filter(tracking_number__isnull=False).order_by("-pk").first()
            or shipments.order_by("-pk").first())
