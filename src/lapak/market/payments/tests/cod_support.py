"""Helpers for the cash-on-delivery tests: an order whose shops both ship with the sandbox courier (which collects
cash on delivery), accepted as COD, shipped through the sandbox courier and moved by its tracking events (the
outbox delivers them after each commit, as in production)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lapak.market.orders.models import SellerOrder
from lapak.market.orders.tests.support import choices
from lapak.market.payments.models_cod import CodParcel
from lapak.market.shipping.cod import RemittanceLine

SANDBOX = ("sandbox", "REG")


def place_cod(place, market, buyer, key: str = "cod-1", courier: tuple[str, str] = SANDBOX, **overrides):
    """An order from both shops (goods 520,000: two shirts and a tea from Toko Budi, a batik from Toko Sari) with
    the sandbox courier for both; the buyer's cart is filled first."""
    from lapak.market.orders.tests.support import fill

    fill(buyer, (market.shirt, 2), (market.tea, 1), (market.batik, 1))
    return place(key=key, shipping_choices=choices(market, courier), **overrides)


def parts(order) -> list[SellerOrder]:
    return list(SellerOrder.objects.select_related("order").filter(order=order).order_by("pk"))


def ship(so, market) -> SellerOrder:
    """The shop accepts and ships its part with the sandbox courier (booked: the parcel gets an airway bill)."""
    from lapak.market.orders.services import seller_order_ship, seller_order_transition

    owner = market.budi_owner if so.seller_id == market.budi.pk else market.sari_owner
    so = seller_order_transition(seller_order=SellerOrder.objects.get(pk=so.pk), to="accepted",
                                 actor_kind="seller", actor=owner)
    return seller_order_ship(seller_order=so, actor=owner)


def track(so, status: str, capture, *, minutes: int = 60):
    """One sandbox tracking event for the seller order's parcel, delivered through the outbox after commit."""
    from lapak.market.shipping.adapters.base import TrackingUpdate
    from lapak.market.shipping.models import Shipment
    from lapak.market.shipping.services import tracking_event_record

    shipment = Shipment.objects.get(seller_order_ref=so.public_id)
    with capture(execute=True):
        return tracking_event_record(shipment=shipment, actor="test", update=TrackingUpdate(
            provider_event_id=f"{shipment.public_id}:{status}", status=status,
            occurred_at=timezone.now() + timedelta(minutes=minutes), tracking_number=shipment.tracking_number))


def deliver(so, market, capture) -> SellerOrder:
    ship(so, market)
    track(so, "delivered", capture)
    return SellerOrder.objects.select_related("order").get(pk=so.pk)


def parcel(so) -> CodParcel:
    return CodParcel.objects.get(seller_order_id=so.pk)


def remittance_of(*sos) -> list[RemittanceLine]:
    """The lines a courier would remit for these collected parcels: each airway bill with its full cash."""
    return [RemittanceLine(tracking_number=parcel(so).tracking_number, amount=parcel(so).amount) for so in sos]
