"""Seller orders left too long: not accepted after payment, or not shipped after acceptance, are cancelled by
the system (their units go back on the shelf; the refund is the payments issue's)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from lapak.market.orders import transitions as table
from lapak.market.orders.errors import IllegalTransition
from lapak.market.orders.models import SellerOrder, SellerOrderStatus
from lapak.market.orders.policy import accept_within, ship_within
from lapak.market.orders.services.transitions import seller_order_transition

BATCH = 100
REASONS = {SellerOrderStatus.PAID: "not_accepted_in_time", SellerOrderStatus.ACCEPTED: "not_shipped_in_time"}


def seller_orders_overdue_cancel(*, now: datetime | None = None, batch: int = BATCH) -> int:
    """Cancel every seller order still paid past the acceptance limit, or still accepted past the shipping limit
    (counted from its last status change); returns how many. Each in its own transaction through
    seller_order_transition (which re-reads the status under the lock, so a seller accepting or shipping at the
    same moment wins or loses cleanly). Safe to run twice at once."""
    now = now or timezone.now()
    limits = {SellerOrderStatus.PAID: now - accept_within(), SellerOrderStatus.ACCEPTED: now - ship_within()}
    cancelled = 0
    for status, before in limits.items():
        while True:
            due = list(SellerOrder.objects.filter(status=status, updated_at__lte=before)
                       .select_related("order").order_by("updated_at", "pk")[:batch])
            if not due:
                break
            for so in due:
                try:
                    seller_order_transition(seller_order=so, to=SellerOrderStatus.CANCELLED,
                                            actor_kind=table.SYSTEM, reason=REASONS[status])
                    cancelled += 1
                except IllegalTransition:  # moved on meanwhile (accepted, shipped)
                    continue
    return cancelled
