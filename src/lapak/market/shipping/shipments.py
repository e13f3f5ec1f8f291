"""Writes on shipments: create one for a seller order, and book it with its courier."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.shipping.adapters.base import BookingRequest, Contact, CourierAdapter
from lapak.market.shipping.adapters.registry import adapter_for
from lapak.market.shipping.cod import cash_on_delivery_amount
from lapak.market.shipping.models import CourierService, Shipment, ShipmentStatus
from lapak.market.shipping.quotes import Parcel, shipping_quote
from lapak.regions.codes import normalize_region_code


def shipment_create(*, seller_order_ref: str, courier_code: str, service_code: str, origin_region: str,
                    destination_region: str, parcels: Sequence[Parcel], actor: str) -> Shipment:
    """A new shipment (status created) for a seller order, priced from the rate table now.

    Guarantees: the service must be offered for this route and these parcels (same rules as shipping_quote),
    else ValidationFailed and nothing is written; a seller order paid on delivery (CashOnDelivery) needs a
    service that collects cash, and its shipment carries the amount to collect; the price, chargeable weight
    and ETA are fixed at creation; one audit event is written in the same transaction.
    """
    if not isinstance(seller_order_ref, str) or not 0 < len(seller_order_ref) <= 64:
        raise ValidationFailed(fields={"seller_order_ref": [_("Give the seller order reference.")]})
    quotes = shipping_quote(origin_region=origin_region, destination_region=destination_region, parcels=parcels)
    quote = next((q for q in quotes if (q.courier, q.service) == (courier_code, service_code)), None)
    if quote is None:
        raise ValidationFailed(_("This courier service does not deliver to this address."),
                               code="courier_does_not_serve", fields={"service": [_("Choose another service.")]})
    service = CourierService.objects.select_related("courier").get(courier__code=courier_code, code=service_code)
    cod_amount = cash_on_delivery_amount(seller_order_ref=seller_order_ref)
    if cod_amount and not service.cod:
        raise ValidationFailed(_("This parcel is paid on delivery, and this courier service does not collect cash."),
                               code="courier_no_cod", fields={"service": [_("Choose a service that collects cash "
                                                                             "on delivery.")]})
    with transaction.atomic():
        shipment = Shipment.objects.create(
            seller_order_ref=seller_order_ref, courier=service.courier, service=service, cod_amount=cod_amount,
            origin_region=normalize_region_code(origin_region),
            destination_region=normalize_region_code(destination_region),
            chargeable_grams=quote.chargeable_grams, price=quote.price, eta_min_days=quote.eta_min_days,
            eta_max_days=quote.eta_max_days)
        audit_append(actor=actor, action="shipping.shipment.created", subject_type="shipment",
                     subject_id=shipment.public_id,
                     after={"seller_order_ref": seller_order_ref, "courier": courier_code, "service": service_code,
                            "price": quote.price, "chargeable_grams": quote.chargeable_grams,
                            "cod_amount": cod_amount})
    return shipment


def shipment_book(*, shipment: Shipment, sender: Contact, recipient: Contact, parcels: Sequence[Parcel],
                  item_name: str, item_value: int, actor: str, adapter: CourierAdapter | None = None) -> Shipment:
    """Books the shipment with its courier and stores the tracking number (airway bill) when one is given.

    Guarantees: at most one booking call per shipment (a claim is taken in its own short transaction first, so
    a double click gets Conflict, not two airway bills); no row lock is held during the network call; if the
    courier fails, the claim is released and nothing else changes; the result is audited.
    """
    adapter = adapter or adapter_for(shipment.courier.booking)  # before the claim: an unset provider holds nothing
    claimed = Shipment.objects.filter(pk=shipment.pk, status=ShipmentStatus.CREATED, tracking_number__isnull=True,
                                      booking_claimed_at__isnull=True).update(booking_claimed_at=timezone.now())
    if not claimed:
        raise Conflict(_("This shipment is already booked or being booked."), code="shipment_already_booked")
    try:
        result = adapter.book(BookingRequest(
            shipment_ref=shipment.public_id, courier_code=shipment.courier.booking_code or shipment.courier.code,
            service_code=shipment.service.code, sender=sender, recipient=recipient, parcels=parcels,
            item_name=item_name, item_value=item_value, shipping_cost=shipment.price,
            cod_amount=shipment.cod_amount))
    except BaseException:
        Shipment.objects.filter(pk=shipment.pk).update(booking_claimed_at=None)
        raise
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if result.tracking_number and not locked.tracking_number:
            locked.tracking_number = result.tracking_number
            locked.save(update_fields=["tracking_number"])
        audit_append(actor=actor, action="shipping.shipment.booked", subject_type="shipment",
                     subject_id=locked.public_id,
                     after={"provider_reference": result.provider_reference, "tracking_number": result.tracking_number})
    return locked
