"""A seller order leaving the shop: a shipment is made with the courier the buyer chose, booked through the
courier's adapter when it can be, or given the tracking number the seller typed from the courier's receipt."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.orders import transitions as table
from lapak.market.orders.errors import IllegalTransition
from lapak.market.orders.lock_objects import order_for_update
from lapak.market.orders.models import OrderLine, SellerOrder, SellerOrderStatus
from lapak.market.orders.services.transitions import actor_name, seller_order_transition
from lapak.market.shipping.adapters.base import Contact, CourierUnavailable
from lapak.market.shipping.models import Shipment, ShipmentStatus
from lapak.market.shipping.quotes import MAX_SIDE_MM, Parcel
from lapak.market.shipping.services import shipment_book, shipment_create

TRACKING_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{3,63}$")


class TrackingNumberNeeded(ValidationFailed):
    """The courier cannot be booked from Lapak (not set up, or unreachable): the seller types the number."""

    code = "tracking_number_required"

    def __init__(self) -> None:
        message = _("This courier cannot be booked from Lapak right now. Hand the parcel to the courier and enter "
                    "the tracking number from the receipt.")
        super().__init__(message, fields={"tracking_number": [message]})


def seller_order_parcel(seller_order: SellerOrder) -> Parcel:
    """The seller order's units packed as one parcel, as checkout priced it: weights added, the largest
    footprint, the units stacked."""
    lines = list(OrderLine.objects.filter(seller_order=seller_order).select_related("variant"))
    weight = sum(line.weight_grams * line.quantity for line in lines)
    height = min(MAX_SIDE_MM, sum(line.variant.height_mm * line.quantity for line in lines))
    return (weight, max(line.variant.length_mm for line in lines), max(line.variant.width_mm for line in lines),
            height)


def tracking_number_checked(value: object) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if text and not TRACKING_NUMBER.match(text):
        raise ValidationFailed(fields={"tracking_number": [
            _("Enter the tracking number as printed: 4 to 64 letters, digits or dashes.")]})
    return text


def _contacts(seller_order: SellerOrder) -> tuple[Contact, Contact]:
    order, shop = seller_order.order, seller_order.seller
    sender = Contact(name=shop.shop_name, phone="", address=shop.pickup_street,
                     region=seller_order.origin_village_code)
    recipient = Contact(name=order.recipient_name, phone=order.phone, address=order.street,
                        region=order.village_code)
    return sender, recipient


def _shipment_for(seller_order: SellerOrder, courier_code: str, service_code: str, parcel: Parcel,
                  actor: str) -> Shipment:
    """The seller order's shipment that already has a tracking number (booked by a request that has not yet
    moved the order, or one that failed after booking: never book twice), else its shipment with this service
    still without one (a retry after a failed booking, or an airway bill that comes later), else a new one."""
    # One read of all of them: a booking running beside us (no lock is held while a courier is called) may set
    # a tracking number between two separate reads, and the second would then miss the parcel altogether.
    mine = list(Shipment.objects.filter(seller_order_ref=seller_order.public_id)
                .select_related("courier", "service").order_by("-pk"))
    booked = next((s for s in mine if s.tracking_number), None)
    if booked is not None:
        return booked
    waiting = next((s for s in mine if s.status == ShipmentStatus.CREATED and s.courier.code == courier_code
                    and s.service.code == service_code), None)
    if waiting is not None:
        return waiting
    return shipment_create(seller_order_ref=seller_order.public_id, courier_code=courier_code,
                           service_code=service_code, origin_region=seller_order.origin_village_code,
                           destination_region=seller_order.order.village_code, parcels=[parcel], actor=actor)


def shipment_tracking_number_set(shipment: Shipment, number: str, actor: str) -> Shipment:
    try:
        with transaction.atomic():
            changed = Shipment.objects.filter(pk=shipment.pk, tracking_number__isnull=True).update(
                tracking_number=number)
            if not changed and Shipment.objects.filter(pk=shipment.pk).values_list(
                    "tracking_number", flat=True).get() != number:
                raise Conflict(_("This parcel already has another tracking number."),
                               code="shipment_already_booked")
            if changed:
                audit_append(actor=actor, action="shipping.shipment.tracking_entered", subject_type="shipment",
                             subject_id=shipment.public_id, after={"tracking_number": number})
    except IntegrityError:
        raise ValidationFailed(fields={"tracking_number": [
            _("This tracking number is already used by another parcel of this courier.")]}) from None
    shipment.refresh_from_db()
    return shipment


def parcel_dispatch(*, shipment: Shipment, typed: str, actor: str, sender: Contact, recipient: Contact,
                    parcel: Parcel, item_name: str, item_value: int) -> Shipment:
    """The shipment made ready to travel, for a seller's parcel or a buyer's return: the tracking number it has
    is kept (another typed number is a Conflict), a typed one is stored, or else the courier is booked through
    its adapter (TrackingNumberNeeded when it cannot be, or sends the airway bill later). Called with no lock
    held: booking is a network call."""
    if shipment.tracking_number:
        if typed and typed != shipment.tracking_number:
            raise Conflict(_("This parcel already has another tracking number."), code="shipment_already_booked")
        return shipment
    if typed and shipment.cod_amount:  # a number typed from a receipt: the courier was never told to collect
        raise ValidationFailed(fields={"tracking_number": [_("This parcel is paid on delivery: leave the tracking "
                                                             "number empty so Lapak books the courier.")]})
    if typed:
        return shipment_tracking_number_set(shipment, typed, actor)
    try:
        shipment = shipment_book(shipment=shipment, sender=sender, recipient=recipient, parcels=[parcel],
                                 item_name=item_name, actor=actor, item_value=item_value)
    except (CourierUnavailable, Conflict) as exc:
        if getattr(exc, "code", "") == "shipment_already_booked" or shipment.cod_amount:
            raise
        raise TrackingNumberNeeded() from exc
    if not shipment.tracking_number:  # the provider sends the airway bill later; the sender may type it
        raise TrackingNumberNeeded()
    return shipment


def seller_order_ship(*, seller_order: SellerOrder, actor: object, courier_code: str | None = None,
                      service_code: str | None = None, tracking_number: str = "") -> SellerOrder:
    """Ship an accepted seller order (the caller has checked the actor is the shop's owner or manager).

    Guarantees: only an accepted order ships (IllegalTransition otherwise, before anything is written); a
    shipment is made with the seller order's public id as its reference and the chosen courier service (the
    buyer's by default; ValidationFailed if it does not serve the route); without a tracking number it is
    booked through the courier's adapter (TrackingNumberNeeded when that courier cannot be booked, with the
    shipment kept for the retry), with one the number is stored; then the seller order moves to shipped, its
    timeline event carrying the shipment and tracking number. A double click is IllegalTransition or Conflict,
    never a second booking. No row lock is held while the courier is called."""
    if seller_order.status != SellerOrderStatus.ACCEPTED:
        raise IllegalTransition(source=seller_order.status, target=SellerOrderStatus.SHIPPED,
                                actor_kind=table.SELLER)
    typed = tracking_number_checked(tracking_number)
    courier_code = courier_code or seller_order.courier_code
    service_code = service_code or seller_order.service_code
    name = actor_name(actor)
    parcel = seller_order_parcel(seller_order)
    with transaction.atomic():
        # Under the order's lock, so two clicks at once find the same shipment and its booking claim refuses
        # the second (no second airway bill); committed before the courier is called.
        order_for_update(seller_order.order_id).first()
        current = SellerOrder.objects.get(pk=seller_order.pk).status
        if current != SellerOrderStatus.ACCEPTED:
            raise IllegalTransition(source=current, target=SellerOrderStatus.SHIPPED, actor_kind=table.SELLER)
        shipment = _shipment_for(seller_order, courier_code, service_code, parcel, name)
    sender, recipient = _contacts(seller_order)
    first = OrderLine.objects.filter(seller_order=seller_order).order_by("pk").first()
    shipment = parcel_dispatch(shipment=shipment, typed=typed, actor=name, sender=sender, recipient=recipient,
                               parcel=parcel, item_name=first.title[:100] if first else "",
                               item_value=seller_order.goods_subtotal)
    return seller_order_transition(
        seller_order=seller_order, to=SellerOrderStatus.SHIPPED, actor_kind=table.SELLER, actor=actor,
        data={"shipment": shipment.public_id, "tracking_number": shipment.tracking_number,
              "courier": shipment.courier.code, "service": shipment.service.code})
