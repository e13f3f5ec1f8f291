"""How many distinct sellers sold and how many distinct buyers bought in a period, for the quarterly statistical
report to BPS (ID-REC-2: "counts of sellers and buyers").

The same facts as the oversight GMV figure (selectors_oversight.py): a seller order counts when its order was paid
(`Order.paid_at`; cash-on-delivery orders when confirmed), in the order's jurisdiction; later cancellations and
refunds are not subtracted, so the counts and the GMV describe the same sales. Provinces are 2-digit codes: the
seller's where the parcel ships from, the buyer's where it goes. Buyers are counted by internal id, never named;
the oversight package suppresses small counts before anyone sees them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr

from lapak.market.orders.models import SellerOrder


@dataclass(frozen=True)
class ParticipantCounts:
    sellers: int
    buyers: int
    sellers_by_province: dict[str, int]  # province code ("" when unknown) -> distinct sellers
    buyers_by_province: dict[str, int]


def _paid(*, jurisdiction: str, start: datetime, end: datetime) -> QuerySet[SellerOrder]:
    return SellerOrder.objects.filter(order__jurisdiction=jurisdiction, order__paid_at__gte=start,
                                      order__paid_at__lt=end).order_by()


def participant_counts(*, jurisdiction: str, start: datetime, end: datetime) -> ParticipantCounts:
    """Distinct sellers with at least one seller order paid in [start, end), and distinct buyers of those orders,
    in total and by province (a seller shipping from two provinces counts once in each, and once in the total)."""
    paid = _paid(jurisdiction=jurisdiction, start=start, end=end)
    totals = paid.aggregate(sellers=Count("seller_id", distinct=True), buyers=Count("order__buyer_id", distinct=True))
    return ParticipantCounts(
        sellers=totals["sellers"] or 0,
        buyers=totals["buyers"] or 0,
        sellers_by_province=_by_province(paid, "origin_village_code", "seller_id"),
        buyers_by_province=_by_province(paid, "order__village_code", "order__buyer_id"),
    )


def _by_province(paid: QuerySet[SellerOrder], village: str, person: str) -> dict[str, int]:
    rows = paid.annotate(province=Substr(village, 1, 2)).values("province").annotate(
        people=Count(person, distinct=True))
    return {row["province"] or "": row["people"] for row in rows}
