"""Reads of cash on delivery: the parcels of a COD intent, and the remittance lines operators must look at."""

from __future__ import annotations

from django.db.models import QuerySet

from lapak.market.payments.models import PaymentIntent
from lapak.market.payments.models_cod import CodParcel, CodRemittanceLine, RemittanceOutcome


def cod_parcels_of(*, intent: PaymentIntent | None) -> list[CodParcel]:
    """The intent's parcels with their shops, in seller-order order (empty for another method)."""
    if intent is None:
        return []
    return list(CodParcel.objects.filter(intent=intent).select_related("seller_order__seller").order_by("pk"))


def cod_remittance_mismatches() -> QuerySet[CodRemittanceLine]:
    """Remittance lines that posted nothing (unknown parcel, other amount, remitted twice), newest first."""
    return (CodRemittanceLine.objects.exclude(outcome=RemittanceOutcome.MATCHED).select_related("parcel")
            .order_by("-recorded_at", "-pk"))
