"""Outbox subscribers of cash on delivery: a delivered seller order's parcel was collected by its courier; a
cancelled one, or a parcel returned to the shop, collected nothing (services/cod_collect.py).

At least once and possibly twice at once: the services lock the parcel and re-read its status, and the ledger
entry is keyed by the seller order, so a redelivered event changes nothing."""

from __future__ import annotations

from lapak.core.outbox.registry import outbox_subscribe
from lapak.market.orders.events import ORDER_EVENT_TOPIC
from lapak.market.orders.models import EventKind, OrderEvent, SellerOrder, SellerOrderStatus
from lapak.market.payments.services.cod_collect import cod_parcel_collect, cod_parcel_void
from lapak.market.shipping.models import ShipmentStatus
from lapak.market.shipping.tracking import STATUS_CHANGED_TOPIC


def _seller_order_of(event_id: object, to_status: str) -> int | None:
    if not isinstance(event_id, int):
        return None
    return OrderEvent.objects.filter(pk=event_id, kind=EventKind.STATUS_CHANGE, to_status=to_status,
                                     seller_order__isnull=False).values_list("seller_order_id", flat=True).first()


@outbox_subscribe(ORDER_EVENT_TOPIC)
def cod_follow_seller_order(event: object) -> None:
    payload = event.payload if isinstance(event.payload, dict) else {}
    to_status = payload.get("to")
    if to_status == SellerOrderStatus.DELIVERED:
        seller_order_id = _seller_order_of(payload.get("event"), SellerOrderStatus.DELIVERED)
        if seller_order_id is not None:
            cod_parcel_collect(seller_order_id=seller_order_id)
    elif to_status == SellerOrderStatus.CANCELLED:
        seller_order_id = _seller_order_of(payload.get("event"), SellerOrderStatus.CANCELLED)
        if seller_order_id is not None:
            cod_parcel_void(seller_order_id=seller_order_id)


@outbox_subscribe(STATUS_CHANGED_TOPIC)
def cod_follow_returned_parcel(event: object) -> None:
    """Refused at the door and sent back: the shipment is returned and the seller order never delivered."""
    payload = event.payload if isinstance(event.payload, dict) else {}
    if payload.get("status") != ShipmentStatus.RETURNED:
        return
    ref = str(payload.get("seller_order_ref") or "")[:40]
    seller_order_id = SellerOrder.objects.filter(public_id=ref).values_list("pk", flat=True).first()
    if seller_order_id is not None:
        cod_parcel_void(seller_order_id=seller_order_id)
