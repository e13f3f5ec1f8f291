"""Cash on delivery on the courier's side: which services collect cash, how much a seller order's parcel
collects, and the sandbox courier's remittance (what a real courier sends as a CSV or a report).

Payments decides that an order is paid on delivery and how much each parcel collects; shipping only carries the
amount to the courier with the booking and, for the sandbox, reports what it collected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from lapak.market.shipping.adapters.sandbox import CODE as SANDBOX
from lapak.market.shipping.models import Booking, CashOnDelivery, Courier, CourierService, Shipment, ShipmentStatus


@dataclass(frozen=True)
class RemittanceLine:
    """One parcel in a courier's COD remittance: its airway bill and the cash remitted for it."""

    tracking_number: str
    amount: int


def services_without_cod(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (courier code, service code) pairs that do not collect cash on delivery (unknown or inactive ones
    included), in the order given."""
    pairs = list(pairs)
    collecting = set(CourierService.objects.filter(
        cod=True, is_active=True, courier__is_active=True,
        courier__code__in={c for c, _s in pairs}).values_list("courier__code", "code"))
    return [pair for pair in pairs if pair not in collecting]


def cash_on_delivery_set(*, seller_order_ref: str, amount: int) -> CashOnDelivery:
    """Records that the parcel of `seller_order_ref` collects `amount` on delivery (amount > 0). Once per
    reference: a second call returns the first record unchanged (the amount is the buyer's, fixed at checkout)."""
    found = CashOnDelivery.objects.filter(seller_order_ref=seller_order_ref).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return CashOnDelivery.objects.create(seller_order_ref=seller_order_ref, amount=amount)
    except IntegrityError:
        return CashOnDelivery.objects.get(seller_order_ref=seller_order_ref)


def cash_on_delivery_amount(*, seller_order_ref: str) -> int:
    """What the parcel of `seller_order_ref` collects on delivery; 0 when it is not paid on delivery."""
    rows = CashOnDelivery.objects.filter(seller_order_ref=seller_order_ref).values_list("amount", flat=True)
    return rows.first() or 0


def shipment_cod_provider(*, seller_order_ref: str) -> tuple[str, str] | None:
    """(booking provider, tracking number) of the seller order's parcel that collects cash and was delivered, else
    of its latest parcel with a tracking number; None when it has none. The provider is who remits the cash."""
    shipments = Shipment.objects.select_related("courier").filter(seller_order_ref=seller_order_ref,
                                                                  tracking_number__isnull=False)
    found = (shipments.filter(status=ShipmentStatus.DELIVERED).order_by("-pk").first()
             or shipments.order_by("-pk").first())
    if found is None:
        return None
    return found.courier.booking, found.tracking_number or ""


def sandbox_cod_remittance(*, day: date) -> tuple[str, list[RemittanceLine]]:
    """The sandbox courier's remittance of the cash it collected: every delivered sandbox parcel with cash to
    collect, delivered on `day` (in the current time zone), each with the full amount (the sandbox takes no
    fee). The reference names the day, so asking twice gives the same remittance (importing it again changes
    nothing)."""
    delivered = (Shipment.objects.filter(courier__booking=Booking.SANDBOX, status=ShipmentStatus.DELIVERED,
                                         cod_amount__gt=0, tracking_number__isnull=False,
                                         status_occurred_at__date=day).order_by("pk"))
    lines = [RemittanceLine(tracking_number=s.tracking_number or "", amount=s.cod_amount) for s in delivered]
    return f"{SANDBOX.upper()}-COD-{day.isoformat()}", lines


def sandbox_courier_in_use() -> bool:
    """Whether an active courier books through the sandbox (as `shipping_load_couriers` sets it up for the demo):
    only then can a parcel ride with it and its cash need remitting."""
    return Courier.objects.filter(booking=Booking.SANDBOX, is_active=True).exists()


def parcels_tracking(*, seller_order_refs: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(courier name, airway bill) of each seller order's latest booked parcel, by seller order reference; the
    references without one are left out."""
    rows = (Shipment.objects.filter(seller_order_ref__in=set(seller_order_refs), tracking_number__isnull=False)
            .order_by("pk").values_list("seller_order_ref", "courier__name", "tracking_number"))
    return {ref: (name, number or "") for ref, name, number in rows}  # later rows (newer parcels) win
