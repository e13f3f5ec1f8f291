"""Reads for the regulator's oversight portal (lapak.oversight.service): successful payments by method, the PPh 22
withheld at escrow release and the sellers' payouts, as facts for the rollups and as grouped totals computed from
the tables. Aggregates and internal ids only: nothing here names a person.

- A *successful payment* is a payment intent marked paid whose money paid its order: an intent whose money could
  not be used (a `PaymentRefundNeeded`: the order was cancelled or already paid) is left out. It counts at its
  `paid_at`. Its amount is the intent's; for cash on delivery the intent is paid once the courier remitted the
  cash of at least one parcel, and its amount is the cash of the parcels remitted (void parcels collected nothing).
- *PPh 22 withheld* (ID-TAX-2) is `EscrowRelease.pph22` of the releases that withheld some, at `released_at`.
- A *payout made* is a seller payout the gateway confirmed paid (`paid_at` set), at `paid_at`.

`*_facts` read facts stamped after a watermark (time, then id) and before a horizon, ordered; `*_totals` group
the same facts by month (in the zone given) and the dimensions asked for. Both read the same definitions.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth

from lapak.market.payments.models import IntentStatus, Method, PaymentIntent, PaymentRefundNeeded
from lapak.market.payments.models_cod import CodParcel, CodStatus
from lapak.market.payments.models_payouts import Payout
from lapak.market.payments.models_release import EscrowRelease


def payment_method_labels() -> dict[str, str]:
    """Payment method code -> its (translatable) label, for the oversight tables."""
    return dict(Method.choices)


def _after(field: str, after: datetime | None, after_id: int, before: datetime) -> Q:
    """Rows stamped after the watermark (`after`, then `after_id` for ties) and before `before`."""
    window = Q(**{f"{field}__lt": before})
    if after is None:
        return window
    return window & (Q(**{f"{field}__gt": after}) | Q(**{field: after, "pk__gt": after_id}))


def _successful_payments() -> QuerySet[PaymentIntent]:
    cod_remitted = (CodParcel.objects.filter(intent=OuterRef("pk"), status=CodStatus.REMITTED)
                    .values("intent").annotate(total=Sum("amount")).values("total"))
    return (PaymentIntent.objects.filter(status=IntentStatus.PAID, paid_at__isnull=False)
            .exclude(pk__in=PaymentRefundNeeded.objects.values("intent"))
            .annotate(paid_amount=Case(When(method=Method.COD, then=Coalesce(Subquery(cod_remitted), 0)),
                                       default=F("amount"))))


def payment_facts(*, after: datetime | None, after_id: int, before: datetime, limit: int) -> list[dict[str, Any]]:
    """Successful payments after the watermark: at, id, jurisdiction, method, amount, buyer (a user pk)."""
    rows = (_successful_payments().filter(_after("paid_at", after, after_id, before)).order_by("paid_at", "pk")
            .values("pk", "paid_at", "order__jurisdiction", "method", "paid_amount", "order__buyer_id")[:limit])
    return [{"id": row["pk"], "at": row["paid_at"], "jurisdiction": row["order__jurisdiction"],
             "method": row["method"], "amount": row["paid_amount"] or 0, "buyer": row["order__buyer_id"]}
            for row in rows]


def payment_totals(*, jurisdiction: str, since: datetime, until: datetime, zone: tzinfo,
                   group: tuple[str, ...]) -> list[dict[str, Any]]:
    """Successful payments paid in [since, until) grouped by `group` (of "month", "method"): payments, amount,
    buyers (distinct)."""
    rows = (_successful_payments().filter(order__jurisdiction=jurisdiction, paid_at__gte=since, paid_at__lt=until)
            .annotate(month=TruncMonth("paid_at", tzinfo=zone, output_field=DateField()), one=Value(1))
            .values(*(group or ("one",))).annotate(payments=Count("pk"), amount=Sum("paid_amount"),
                                                   buyers=Count("order__buyer", distinct=True)).order_by(*group))
    # Without a month or a method the query is an aggregate without GROUP BY: one row even when nothing matched.
    return [{key: value for key, value in row.items() if key != "one"} for row in rows if row["payments"]]


def _pph22_withheld() -> QuerySet[EscrowRelease]:
    return EscrowRelease.objects.filter(pph22__gt=0)


def pph22_facts(*, after: datetime | None, after_id: int, before: datetime, limit: int) -> list[dict[str, Any]]:
    """Escrow releases that withheld PPh 22, after the watermark: at, id, jurisdiction, amount, seller (a pk)."""
    rows = (_pph22_withheld().filter(_after("released_at", after, after_id, before)).order_by("released_at", "pk")
            .values("pk", "released_at", "seller_order__order__jurisdiction", "pph22", "seller_id")[:limit])
    return [{"id": row["pk"], "at": row["released_at"], "jurisdiction": row["seller_order__order__jurisdiction"],
             "amount": row["pph22"], "seller": row["seller_id"]} for row in rows]


def pph22_totals(*, jurisdiction: str, since: datetime, until: datetime, zone: tzinfo,
                 group: tuple[str, ...]) -> list[dict[str, Any]]:
    """PPh 22 withheld by releases in [since, until) grouped by `group` (() or ("month",)): withheld, seller
    orders, sellers (distinct)."""
    rows = (_pph22_withheld().filter(seller_order__order__jurisdiction=jurisdiction, released_at__gte=since,
                                     released_at__lt=until)
            .annotate(month=TruncMonth("released_at", tzinfo=zone, output_field=DateField()), one=Value(1))
            .values(*(group or ("one",))).annotate(withheld=Sum("pph22"), seller_orders=Count("pk"),
                                                   sellers=Count("seller", distinct=True)).order_by(*group))
    return [{key: value for key, value in row.items() if key != "one"} for row in rows if row["seller_orders"]]


def _payouts_paid() -> QuerySet[Payout]:
    return Payout.objects.filter(paid_at__isnull=False)


def seller_payout_facts(*, after: datetime | None, after_id: int, before: datetime,
                        limit: int) -> list[dict[str, Any]]:
    """Seller payouts confirmed paid after the watermark: at, id, jurisdiction, amount, payee (the seller's pk)."""
    rows = (_payouts_paid().filter(_after("paid_at", after, after_id, before)).order_by("paid_at", "pk")
            .values("pk", "paid_at", "seller__jurisdiction", "amount", "seller_id")[:limit])
    return [{"id": row["pk"], "at": row["paid_at"], "jurisdiction": row["seller__jurisdiction"],
             "amount": row["amount"], "payee": row["seller_id"]} for row in rows]


def seller_payout_totals(*, jurisdiction: str, since: datetime, until: datetime, zone: tzinfo,
                         group: tuple[str, ...]) -> list[dict[str, Any]]:
    """Seller payouts confirmed paid in [since, until), grouped by `group` (of "month"; "kind" is always
    "seller"): payouts, amount, payees (distinct sellers)."""
    rows = (_payouts_paid().filter(seller__jurisdiction=jurisdiction, paid_at__gte=since, paid_at__lt=until)
            .annotate(month=TruncMonth("paid_at", tzinfo=zone, output_field=DateField()),
                      kind=Value("seller", output_field=CharField()))
            .values(*(group or ("kind",))).annotate(payouts=Count("pk"), amount=Sum("amount"),
                                                    payees=Count("seller", distinct=True)).order_by(*group))
    return [dict(row) for row in rows if row["payouts"]]
