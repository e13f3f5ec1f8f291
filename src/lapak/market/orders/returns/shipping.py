"""An accepted return travelling back: the buyer books the courier (or types the receipt's number), the courier's
tracking moves the return, and the parcel's arrival — reported by the courier or confirmed by the seller —
requests the refund."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.market.orders import transitions as orders_table
from lapak.market.orders.errors import ReturnNotFound, ReturnStepNotAllowed
from lapak.market.orders.events import order_event_record
from lapak.market.orders.lock_objects import order_for_update
from lapak.market.orders.models import EventKind, OrderEvent, ReturnLine, ReturnRequest
from lapak.market.orders.models import ReturnStatus as R
from lapak.market.orders.returns.services import return_step
from lapak.market.orders.services.shipping import parcel_dispatch, tracking_number_checked
from lapak.market.orders.services.transitions import actor_name
from lapak.market.shipping.adapters.base import Contact
from lapak.market.shipping.models import Shipment, ShipmentStatus
from lapak.market.shipping.quotes import MAX_SIDE_MM, Parcel, shipping_quote
from lapak.market.shipping.services import shipment_create

COURIER = "system:courier"
WANTS = {ShipmentStatus.PICKED_UP: R.SHIPPED_BACK, ShipmentStatus.IN_TRANSIT: R.SHIPPED_BACK,
         ShipmentStatus.DELIVERED: R.REFUND_REQUESTED}


def return_parcel(ret: ReturnRequest) -> Parcel:
    """The returned units as one parcel, packed as the seller packed them: weights added, units stacked."""
    lines = list(ReturnLine.objects.filter(return_request=ret).select_related("order_line__variant"))
    weight = sum(r.order_line.weight_grams * r.quantity for r in lines)
    height = min(MAX_SIDE_MM, sum(r.order_line.variant.height_mm * r.quantity for r in lines))
    return (weight, max(r.order_line.variant.length_mm for r in lines),
            max(r.order_line.variant.width_mm for r in lines), height)


def _route(ret: ReturnRequest) -> tuple[str, str]:
    so = ret.seller_order
    return so.order.village_code, so.origin_village_code


def _service_for(ret: ReturnRequest, parcel: Parcel) -> tuple[str, str]:
    """The courier service the parcel came with, if it serves the way back; else that courier's cheapest; else
    the cheapest of any courier (a return must never be stuck for want of a service)."""
    so = ret.seller_order
    origin, destination = _route(ret)
    quotes = sorted(shipping_quote(origin_region=origin, destination_region=destination, parcels=[parcel]),
                    key=lambda q: q.price)
    if not quotes:
        raise ValidationFailed(fields={"courier": [_("No courier serves the way back to the seller.")]})
    same = [q for q in quotes if q.courier == so.courier_code]
    exact = [q for q in same if q.service == so.service_code]
    quote = (exact or same or quotes)[0]
    return quote.courier, quote.service


def _shipment_for(ret: ReturnRequest, parcel: Parcel, actor: str) -> Shipment:
    mine = list(Shipment.objects.filter(seller_order_ref=ret.public_id).select_related("courier", "service")
                .order_by("-pk"))
    booked = next((s for s in mine if s.tracking_number), None)
    waiting = next((s for s in mine if s.status == ShipmentStatus.CREATED), None)
    if booked or waiting:
        return booked or waiting
    courier, service = _service_for(ret, parcel)
    origin, destination = _route(ret)
    return shipment_create(seller_order_ref=ret.public_id, courier_code=courier, service_code=service,
                           origin_region=origin, destination_region=destination, parcels=[parcel], actor=actor)


def return_ship_back(*, return_request: ReturnRequest, buyer: object, tracking_number: str = "") -> ReturnRequest:
    """The buyer sends an accepted return back to the seller's pickup address.

    Guarantees: another buyer's return is ReturnNotFound; only an accepted return that wants the goods back
    (ReturnStepNotAllowed otherwise, before anything is written); one shipment per return, referenced by the
    return's id, never booked twice (a double click finds the same shipment); booked through the courier's
    adapter unless the buyer typed the receipt's number (TrackingNumberNeeded when the courier cannot be booked
    from Lapak); then the return moves to shipped_back with the shipment on its timeline entry. No row lock is
    held while the courier is called."""
    if return_request.seller_order.order.buyer_id != getattr(buyer, "pk", None):
        raise ReturnNotFound()
    typed = tracking_number_checked(tracking_number)
    name = actor_name(buyer)
    with transaction.atomic():
        order_for_update(return_request.seller_order.order_id).first()
        ret = ReturnRequest.objects.select_related("seller_order__order").get(pk=return_request.pk)
        if ret.status != R.ACCEPTED or not ret.goods_back:
            raise ReturnStepNotAllowed(source=ret.status, target=R.SHIPPED_BACK, actor_kind=orders_table.BUYER)
        parcel = return_parcel(ret)
        shipment = _shipment_for(ret, parcel, name)
    shipment = parcel_dispatch(shipment=shipment, typed=typed, actor=name, parcel=parcel, item_value=ret.refund_amount,
                               **_contacts_and_item(ret))
    return return_step(return_request=ret, to=R.SHIPPED_BACK, actor_kind=orders_table.BUYER, actor=buyer,
                       data={"shipment": shipment.public_id, "tracking_number": shipment.tracking_number,
                             "courier": shipment.courier.code})


def _contacts_and_item(ret: ReturnRequest) -> dict:
    """The way back: from the buyer's address to the shop's pickup address, named after the first line."""
    so, order = ret.seller_order, ret.seller_order.order
    first = ReturnLine.objects.filter(return_request=ret).select_related("order_line").order_by("pk").first()
    return {"sender": Contact(name=order.recipient_name, phone=order.phone, address=order.street,
                              region=order.village_code),
            "recipient": Contact(name=so.seller.shop_name, phone="", address=so.seller.pickup_street,
                                 region=so.origin_village_code),
            "item_name": first.order_line.title[:100] if first else ""}


def return_confirm_received(*, return_request: ReturnRequest, seller_actor: object) -> ReturnRequest:
    """The seller says the returned parcel arrived: the refund is requested. The caller has checked the actor
    is the shop's owner or manager."""
    return return_step(return_request=return_request, to=R.REFUND_REQUESTED, actor_kind=orders_table.SELLER,
                       actor=seller_actor)


def return_follow_shipment(*, payload: Mapping[str, object], event_key: str) -> ReturnRequest | None:
    """Apply one shipment status change (shipping's STATUS_CHANGED_TOPIC payload) to the return it carries.

    Guarantees: a shipment that is no return's is left alone; the same `event_key` twice is a no-op (checked
    under the order's lock); a shipping entry with the returned quantities joins the order's timeline; a pickup
    moves an accepted return to shipped_back and a delivery to the seller requests the refund (the system as
    actor); an event for a return that moved on already changes nothing but the timeline."""
    ref = str(payload.get("seller_order_ref") or "")[:40]
    ret = ReturnRequest.objects.select_related("seller_order").filter(public_id=ref).first() if ref.startswith(
        "ret_") else None
    if ret is None:
        return None
    status = str(payload.get("status") or "")
    with transaction.atomic():
        order_for_update(ret.seller_order.order_id).first()
        ret = ReturnRequest.objects.select_related("seller_order__order").get(pk=ret.pk)
        so = ret.seller_order
        if OrderEvent.objects.filter(seller_order=so, kind=EventKind.SHIPPING, data__event_key=event_key).exists():
            return None
        lines = [{"sku": sku, "quantity": n} for sku, n in ReturnLine.objects.filter(return_request=ret).order_by(
            "pk").values_list("order_line__sku", "quantity")]
        order_event_record(order=so.order, seller_order=so, kind=EventKind.SHIPPING, actor=COURIER, data={
            "event_key": event_key, "return": ret.public_id, "shipment": payload.get("shipment"), "status": status,
            "tracking_number": payload.get("tracking_number"), "occurred_at": payload.get("occurred_at"),
            "lines": lines})
        details = {"shipment": payload.get("shipment"), "tracking_number": payload.get("tracking_number")}
        target = WANTS.get(status)
        if target is not None and ret.status == R.ACCEPTED and ret.goods_back:
            ret = return_step(return_request=ret, to=R.SHIPPED_BACK, actor_kind=orders_table.SYSTEM, data=details)
        if target == R.REFUND_REQUESTED and ret.status == R.SHIPPED_BACK:
            ret = return_step(return_request=ret, to=R.REFUND_REQUESTED, actor_kind=orders_table.SYSTEM,
                              data=details)
        return ret
