"""Closing a delivered seller order: the buyer confirms receipt, or the system does it some days after delivery
(counted from the delivery, the seller order's last status change) if the buyer never clicks."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from lapak.market.orders import transitions as table
from lapak.market.orders.errors import IllegalTransition, OrderNotFound
from lapak.market.orders.models import SellerOrder, SellerOrderStatus
from lapak.market.orders.returns.table import OPEN as OPEN_RETURN
from lapak.market.orders.services.transitions import seller_order_transition

BATCH = 100


def complete_after() -> timedelta:
    """How long after delivery a seller order is completed without the buyer (settings.ORDER_COMPLETE_AFTER_DAYS)."""
    return timedelta(days=getattr(settings, "ORDER_COMPLETE_AFTER_DAYS", 3))


def seller_order_confirm_received(*, seller_order: SellerOrder, buyer: object) -> SellerOrder:
    """The buyer says the parcel arrived: delivered → completed, through seller_order_transition (locked,
    re-read, timeline event and audit entry). Another buyer's seller order is OrderNotFound, as a missing one;
    any status other than delivered, a second click included, is IllegalTransition and writes nothing."""
    if seller_order.order.buyer_id != getattr(buyer, "pk", None):
        raise OrderNotFound()
    return seller_order_transition(seller_order=seller_order, to=SellerOrderStatus.COMPLETED,
                                   actor_kind=table.BUYER, actor=buyer)


def seller_orders_auto_complete(*, now: datetime | None = None, batch: int = BATCH) -> int:
    """Complete every seller order delivered more than complete_after() ago, as the system; returns how many.
    Never before its return window has closed (ID-CON-1: escrow waits for it) nor while a return is open.
    Each in its own transaction through seller_order_transition, which re-reads the status under the lock, so
    a buyer confirming at the same moment wins or loses cleanly (one completion either way). Pages by primary
    key, so a row that cannot move is never fetched twice. Safe to run twice at once."""
    moment = now or timezone.now()
    before = moment - complete_after()
    completed, last_pk = 0, 0
    while True:
        due = list(SellerOrder.objects.filter(status=SellerOrderStatus.DELIVERED, updated_at__lte=before,
                                              pk__gt=last_pk)
                   .filter(Q(return_deadline__isnull=True) | Q(return_deadline__lt=moment))
                   .exclude(returns__status__in=OPEN_RETURN).select_related("order").order_by("pk")[:batch])
        if not due:
            return completed
        for so in due:
            try:
                seller_order_transition(seller_order=so, to=SellerOrderStatus.COMPLETED, actor_kind=table.SYSTEM)
                completed += 1
            except IllegalTransition:  # the buyer confirmed meanwhile
                continue
        last_pk = due[-1].pk
