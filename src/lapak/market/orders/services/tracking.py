"""The courier's word moves the seller order: a parcel picked up or on its way means shipped, delivered means
delivered, returned to the sender means cancelled (reason "returned_to_sender": the units go back on the shelf
and payments refunds what was paid). Driven by the shipping app's outbox event (handlers.py), so it runs after
the tracking event committed, at least once: every delivery of the same event after the first changes nothing."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from lapak.market.orders import transitions as table
from lapak.market.orders.lock_objects import order_for_update
from lapak.market.orders.models import EventKind, OrderEvent, OrderLine, SellerOrder
from lapak.market.orders.models import SellerOrderStatus as S
from lapak.market.orders.services.transitions import seller_order_transition
from lapak.market.shipping.models import ShipmentStatus

# How far along the road each seller order status is; a courier status asks for at least that far.
PROGRESS = {S.ACCEPTED: 0, S.SHIPPED: 1, S.DELIVERED: 2, S.COMPLETED: 3}
WANTS = {ShipmentStatus.PICKED_UP: S.SHIPPED, ShipmentStatus.IN_TRANSIT: S.SHIPPED,
         ShipmentStatus.DELIVERED: S.DELIVERED}
COURIER = "system:courier"
RETURNED_TO_SENDER = "returned_to_sender"


def seller_order_follow_shipment(*, payload: Mapping[str, object], event_key: str) -> SellerOrder | None:
    """Apply one shipment status change (the STATUS_CHANGED_TOPIC payload) to its seller order.

    Guarantees: a shipment that is no seller order's, or a seller order not yet accepted or already cancelled,
    is left alone; so is an event that would move the order backwards (it arrived late) or one already applied
    (`event_key` names the delivery: the same key again is a no-op, checked under the order's lock). Otherwise,
    in one transaction, a shipping event carrying the tracking details and line quantities joins the timeline
    and the seller order moves to shipped and/or delivered through seller_order_transition (actor: system)."""
    so = SellerOrder.objects.filter(public_id=str(payload.get("seller_order_ref") or "")[:40]).first()
    status = str(payload.get("status") or "")
    if so is None:
        return None
    with transaction.atomic():
        order_for_update(so.order_id).first()  # the lock every order writer takes first
        so = SellerOrder.objects.select_related("order").get(pk=so.pk)
        if so.status not in PROGRESS:
            return None
        target = WANTS.get(status)
        if target is not None and PROGRESS[so.status] > PROGRESS[target]:
            return None  # a late event: the order is further along already
        if OrderEvent.objects.filter(seller_order=so, kind=EventKind.SHIPPING, data__event_key=event_key).exists():
            return None
        lines = [{"sku": sku, "quantity": quantity} for sku, quantity in
                 OrderLine.objects.filter(seller_order=so).order_by("pk").values_list("sku", "quantity")]
        OrderEvent.objects.create(order=so.order, seller_order=so, kind=EventKind.SHIPPING, actor=COURIER, data={
            "event_key": event_key, "shipment": payload.get("shipment"), "status": status,
            "tracking_number": payload.get("tracking_number"), "occurred_at": payload.get("occurred_at"),
            "lines": lines})
        details = {"shipment": payload.get("shipment"), "tracking_number": payload.get("tracking_number")}
        if target is not None and so.status == S.ACCEPTED:
            so = seller_order_transition(seller_order=so, to=S.SHIPPED, actor_kind=table.SYSTEM, data=details)
        if target == S.DELIVERED and so.status == S.SHIPPED:
            so = seller_order_transition(seller_order=so, to=S.DELIVERED, actor_kind=table.SYSTEM, data=details)
        if status == ShipmentStatus.RETURNED and so.status == S.SHIPPED:
            so = seller_order_transition(seller_order=so, to=S.CANCELLED, actor_kind=table.SYSTEM,
                                         reason=RETURNED_TO_SENDER, data=details)
        return so
