"""Outbox subscribers of payments: a paid seller order that is cancelled gives its money back.

Orders do not know whether money moved (a demo payment moves none), so payments decides from the ledger: when
the cancelled seller order's escrow holds money, a refund request for what is left of its payment is written;
the refunds task pays it (ID-CON-2). At least once and possibly twice at once: the refund guard (under the
order's lock) refuses a second request for money already being given back, and that refusal is the no-op."""

from __future__ import annotations

from lapak.core.errors import ValidationFailed
from lapak.core.outbox.registry import outbox_subscribe
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.orders.events import ORDER_EVENT_TOPIC
from lapak.market.orders.models import EventKind, OrderEvent, SellerOrderStatus
from lapak.market.orders.services.refunds import refund_request_add, seller_order_refundable

# Cancelled after payment: before it shipped, or when the courier brought the parcel back to the shop.
PAID_BEFORE = frozenset({SellerOrderStatus.PAID, SellerOrderStatus.ACCEPTED, SellerOrderStatus.SHIPPED})


def cancelled_seller_order_refund(*, event_id: object) -> object | None:
    """The refund request for the seller order cancelled by timeline entry `event_id`, or None when there is
    nothing to give back (not a cancellation after payment, no money in escrow, already requested)."""
    event = OrderEvent.objects.select_related("seller_order__order").filter(
        pk=event_id if isinstance(event_id, int) else None, kind=EventKind.STATUS_CHANGE,
        to_status=SellerOrderStatus.CANCELLED, from_status__in=list(PAID_BEFORE),
        seller_order__isnull=False).first()
    if event is None:
        return None
    so = event.seller_order
    amount = min(seller_order_refundable(so), ledger_balance(kind=AccountKind.ESCROW, owner_ref=so.public_id))
    if amount <= 0:
        return None
    try:
        return refund_request_add(seller_order=so, amount=amount)
    except ValidationFailed:  # another delivery of this event requested it first
        return None


@outbox_subscribe(ORDER_EVENT_TOPIC)
def refund_cancelled_seller_order(event: object) -> None:
    payload = event.payload if isinstance(event.payload, dict) else {}
    if payload.get("to") == SellerOrderStatus.CANCELLED:
        cancelled_seller_order_refund(event_id=payload.get("event"))
