"""Recording an order's timeline: every entry is an `OrderEvent` row, and every entry that someone may need to
hear about is also an outbox event (ORDER_EVENT_TOPIC), so notifications follow the commit, never a rollback."""

from __future__ import annotations

from typing import Any

from lapak.core.outbox.services import outbox_emit
from lapak.market.orders.models import EventKind, Order, OrderEvent, SellerOrder

ORDER_EVENT_TOPIC = "orders.event.recorded"
# Entries worth telling buyers and sellers about (a note is for the other side); a courier's scan in transit is
# not (the status change is).
ANNOUNCED = frozenset({EventKind.STATUS_CHANGE, EventKind.RETURN, EventKind.NOTE})


def order_event_record(*, order: Order, seller_order: SellerOrder | None = None, kind: str, actor: str,
                       from_status: str = "", to_status: str = "", data: dict[str, Any] | None = None,
                       at: object = None) -> OrderEvent:
    """Write one timeline entry in the caller's transaction, and announce it through the outbox when it is of
    a kind people are told about (the payload names the event; handlers read the row)."""
    fields = {"at": at} if at is not None else {}
    event = OrderEvent.objects.create(order=order, seller_order=seller_order, kind=kind, actor=actor,
                                      from_status=from_status, to_status=to_status, data=data or {}, **fields)
    if kind in ANNOUNCED:
        outbox_emit(topic=ORDER_EVENT_TOPIC, payload={"event": event.pk, "kind": kind, "to": to_status})
    return event
