"""The platform's own revenue, read from its ledger, for the quarterly statistical report to BPS (ID-REC-2).

Lapak earns one thing: commission. It is credited to the platform's commission revenue account when an order's
escrow is released to the seller (payments/services/release.py); a refund after release gives the refunded part
back (a debit, refunds_ledger.py), and the few rupiah by which rounding a platform voucher down leaves the
sellers' escrow above what the buyer paid are the platform's too (a debit, on payment or cash-on-delivery
collection). There are no other fees. The platform's vouchers are a cost, kept on their own expense account.

The commission account is platform-wide, so a posting is attributed to a jurisdiction through the cause of its
journal entry: the seller order released, the refund, the payment intent or the cash-on-delivery parcel, each
belonging to one order of one jurisdiction. A posting counts in the period its entry was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet, Sum

from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import JournalEntry, Posting
from lapak.market.orders.models import RefundRequest, SellerOrder
from lapak.market.payments.models import CodParcel, PaymentIntent

RELEASE, REFUND, PAYMENT, COD = "escrow_release", "refund_request", "payment_intent", "cod_parcel"


@dataclass(frozen=True)
class PlatformRevenue:
    """One currency's figures for the period, in its minor unit as the ledger keeps it (IDR: whole rupiah)."""

    currency: str
    commission_charged: int  # credited at escrow releases
    commission_returned: int  # given back on refunds after release
    voucher_rounding: int  # platform voucher rounding borne on payments and cash-on-delivery collections
    net: int  # the commission account's movement: charged - returned - rounding
    platform_vouchers: int  # what the platform's vouchers cost it (net of refunds)
    sellers: int  # distinct sellers whose escrow releases in the period carried the commission


def _causes(jurisdiction: str) -> dict[str, QuerySet]:
    return {
        RELEASE: SellerOrder.objects.filter(order__jurisdiction=jurisdiction).values("public_id"),
        REFUND: RefundRequest.objects.filter(order__jurisdiction=jurisdiction).values("public_id"),
        PAYMENT: PaymentIntent.objects.filter(order__jurisdiction=jurisdiction).values("public_id"),
        COD: CodParcel.objects.filter(seller_order__order__jurisdiction=jurisdiction).values("public_id"),
    }


def platform_revenue(*, jurisdiction: str, start: datetime, end: datetime) -> list[PlatformRevenue]:
    """The commission revenue and platform voucher cost booked in [start, end) for the jurisdiction's orders, one
    item per currency (none when nothing was booked)."""
    attributed = Q()
    for cause_type, ids in _causes(jurisdiction).items():
        attributed |= Q(entry__cause_type=cause_type, entry__cause_id__in=ids)
    sums = (Posting.objects.filter(attributed, entry__created_at__gte=start, entry__created_at__lt=end,
                                   account__kind__in=[AccountKind.COMMISSION_REVENUE, AccountKind.PLATFORM_VOUCHERS])
            .values("entry__currency", "account__kind", "entry__cause_type").annotate(total=Sum("amount")).order_by())
    figures: dict[str, dict[str, int]] = {}
    for row in sums:
        cell = figures.setdefault(row["entry__currency"], {"charged": 0, "returned": 0, "rounding": 0, "vouchers": 0})
        total = row["total"] or 0
        if row["account__kind"] == AccountKind.PLATFORM_VOUCHERS:
            cell["vouchers"] += total  # an expense: debits (positive) are cost
        elif row["entry__cause_type"] == RELEASE:
            cell["charged"] -= total  # revenue: credits (negative) are income
        elif row["entry__cause_type"] == REFUND:
            cell["returned"] += total
        else:
            cell["rounding"] += total
    sellers = _releasing_sellers(jurisdiction, start, end)
    return [PlatformRevenue(currency=currency, commission_charged=cell["charged"],
                            commission_returned=cell["returned"], voucher_rounding=cell["rounding"],
                            net=cell["charged"] - cell["returned"] - cell["rounding"],
                            platform_vouchers=cell["vouchers"], sellers=sellers)
            for currency, cell in sorted(figures.items())]


def _releasing_sellers(jurisdiction: str, start: datetime, end: datetime) -> int:
    released = JournalEntry.objects.filter(cause_type=RELEASE, created_at__gte=start, created_at__lt=end)
    return (SellerOrder.objects.filter(order__jurisdiction=jurisdiction,
                                       public_id__in=released.values("cause_id"))
            .aggregate(n=Count("seller_id", distinct=True))["n"] or 0)
