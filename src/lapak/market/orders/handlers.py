"""Outbox subscribers of orders: a seller order, or a return on its way back, follows its shipment's tracking;
buyers and sellers are e-mailed about the steps of orders and returns.

Runs after the shipping transaction committed, at least once; the outbox event's id is the dedupe key, so a
redelivery is a no-op (services/tracking.py). E-mails are claimed per recipient (notifications/sending.py)."""

from __future__ import annotations

from lapak.core.outbox.registry import outbox_subscribe
from lapak.market.orders.events import ORDER_EVENT_TOPIC
from lapak.market.orders.notifications import order_event_notify
from lapak.market.orders.returns.shipping import return_follow_shipment
from lapak.market.orders.services.tracking import seller_order_follow_shipment
from lapak.market.shipping.tracking import STATUS_CHANGED_TOPIC


@outbox_subscribe(STATUS_CHANGED_TOPIC)
def orders_follow_shipment(event: object) -> None:
    payload = event.payload if isinstance(event.payload, dict) else {}
    seller_order_follow_shipment(payload=payload, event_key=f"outbox:{event.pk}")


@outbox_subscribe(STATUS_CHANGED_TOPIC)
def returns_follow_shipment(event: object) -> None:
    payload = event.payload if isinstance(event.payload, dict) else {}
    return_follow_shipment(payload=payload, event_key=f"outbox:{event.pk}")


@outbox_subscribe(ORDER_EVENT_TOPIC)
def order_event_email(event: object) -> None:
    payload = event.payload if isinstance(event.payload, dict) else {}
    order_event_notify(event_id=payload.get("event"))
