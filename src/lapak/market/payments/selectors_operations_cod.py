"""Reads for the operators' cash-on-delivery page (/operations/payments/cod/): parcels whose cash a courier holds
(collected, not remitted) or has still to collect, oldest first with their age, and the remittance lines that
posted nothing. Operators only; the views check that."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet

from lapak.market.payments import policy
from lapak.market.payments.models_cod import CodParcel, CodRemittanceLine, CodStatus
from lapak.market.payments.selectors_cod import cod_remittance_mismatches
from lapak.market.shipping.models import Courier
from lapak.market.shipping.selectors import parcels_tracking

# Each tab's parcels and the moment their age counts from: cash held since collection, a parcel on its way since
# the buyer chose to pay on delivery.
PARCEL_STATES = {"collected": (CodStatus.COLLECTED, "collected_at"), "awaiting": (CodStatus.AWAITING, "created_at")}
STATES = [*PARCEL_STATES, "mismatches"]


def cod_parcels_open(*, state: str) -> QuerySet[CodParcel]:
    """The parcels collected and not remitted ("collected") or awaiting collection ("awaiting"), oldest first."""
    status, since = PARCEL_STATES[state]
    return (CodParcel.objects.filter(status=status).select_related("seller_order__seller", "seller_order__order")
            .order_by(since, "pk"))


def cod_mismatches() -> QuerySet[CodRemittanceLine]:
    """Remittance lines that posted nothing (unknown parcel, other amount, already remitted), newest first."""
    return cod_remittance_mismatches().select_related("parcel__seller_order")


def cod_counts() -> dict[str, int]:
    counts = {state: cod_parcels_open(state=state).count() for state in PARCEL_STATES}
    return {**counts, "mismatches": cod_remittance_mismatches().count()}


@dataclass(frozen=True)
class ParcelRow:
    parcel: CodParcel
    since: datetime  # collected (cash held) or created (awaiting collection)
    age: timedelta
    overdue: bool
    courier: str  # the courier's name (the seller order's choice, or the booked parcel's courier)
    tracking_number: str  # "" until the parcel is booked


def cod_parcel_rows(parcels: list[CodParcel], *, now: datetime) -> list[ParcelRow]:
    """Each parcel with its age, whether it is overdue (older than `policy.cod_overdue_after()`), its courier and
    airway bill (booked parcels from shipping: two queries for the page)."""
    limit = policy.cod_overdue_after()
    booked = parcels_tracking(seller_order_refs=[p.seller_order.public_id for p in parcels])
    names = dict(Courier.objects.filter(code__in={p.seller_order.courier_code for p in parcels})
                 .values_list("code", "name"))
    rows = []
    for parcel in parcels:
        since = parcel.collected_at if parcel.status == CodStatus.COLLECTED and parcel.collected_at else \
            parcel.created_at
        courier, number = booked.get(parcel.seller_order.public_id, ("", ""))
        code = parcel.seller_order.courier_code
        rows.append(ParcelRow(parcel=parcel, since=since, age=now - since, overdue=now - since > limit,
                              courier=courier or names.get(code, code), tracking_number=parcel.tracking_number
                              or number))
    return rows
