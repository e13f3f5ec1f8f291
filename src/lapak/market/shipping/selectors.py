"""Reads on shipping: couriers with their services, one shipment, and its timeline."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import NotFound
from lapak.market.shipping.cod import (
    parcels_tracking,
    sandbox_cod_remittance,
    sandbox_courier_in_use,
    services_without_cod,
    shipment_cod_provider,
)
from lapak.market.shipping.models import Courier, CourierService, Shipment, TrackingEvent
from lapak.market.shipping.quotes import Quote, shipping_quote

__all__ = ["Quote", "couriers_active", "parcels_tracking", "sandbox_cod_remittance", "sandbox_courier_in_use",
           "services_without_cod", "shipment_cod_provider",
           "shipment_get", "shipment_timeline", "shipping_quote"]


def couriers_active() -> list[Courier]:
    """Active couriers by name, each with `active_services` (active ones, by code)."""
    services = CourierService.objects.filter(is_active=True).order_by("code")
    return list(Courier.objects.filter(is_active=True).order_by("name").prefetch_related(
        Prefetch("services", queryset=services, to_attr="active_services")))


def shipment_get(public_id: str) -> Shipment:
    shipment = Shipment.objects.select_related("courier", "service").filter(public_id=public_id).first()
    if shipment is None:
        raise NotFound(_("There is no such shipment."), code="shipment_not_found")
    return shipment


def shipment_timeline(shipment: Shipment) -> list[TrackingEvent]:
    """Every tracking event of the shipment in the order it happened (ties: the order received)."""
    return list(TrackingEvent.objects.filter(shipment=shipment).order_by("occurred_at", "pk"))
