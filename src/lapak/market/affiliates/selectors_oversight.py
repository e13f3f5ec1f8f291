"""Reads for the regulator's oversight portal (lapak.oversight.service): creators' payouts confirmed paid, as facts
for the rollups and as grouped totals. A payout made is a `CreatorPayout` the gateway confirmed paid (`paid_at`
set), at `paid_at`. The affiliate programme runs in Indonesia only (creator payouts are audited under "ID"), so
every creator payout belongs to jurisdiction ID. Internal ids only: nothing here names a person.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import CharField, Count, DateField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import TruncMonth

from lapak.market.affiliates.models_payouts import CreatorPayout

JURISDICTION = "ID"


def _after(field: str, after: datetime | None, after_id: int, before: datetime) -> Q:
    window = Q(**{f"{field}__lt": before})
    if after is None:
        return window
    return window & (Q(**{f"{field}__gt": after}) | Q(**{field: after, "pk__gt": after_id}))


def _paid() -> QuerySet[CreatorPayout]:
    return CreatorPayout.objects.filter(paid_at__isnull=False)


def creator_payout_facts(*, after: datetime | None, after_id: int, before: datetime,
                         limit: int) -> list[dict[str, Any]]:
    """Creator payouts confirmed paid after the watermark: at, id, jurisdiction, amount, payee (the creator's user
    pk; 0 if the account is gone)."""
    user = get_user_model().objects.filter(public_id=OuterRef("creator")).values("pk")[:1]
    rows = (_paid().filter(_after("paid_at", after, after_id, before)).order_by("paid_at", "pk")
            .annotate(user_pk=Subquery(user)).values("pk", "paid_at", "amount", "user_pk")[:limit])
    return [{"id": row["pk"], "at": row["paid_at"], "jurisdiction": JURISDICTION, "amount": row["amount"],
             "payee": row["user_pk"] or 0} for row in rows]


def creator_payout_totals(*, jurisdiction: str, since: datetime, until: datetime, zone: tzinfo,
                          group: tuple[str, ...]) -> list[dict[str, Any]]:
    """Creator payouts confirmed paid in [since, until), grouped by `group` (of "month"; "kind" is always
    "creator"): payouts, amount, payees (distinct creators)."""
    if jurisdiction != JURISDICTION:
        return []
    rows = (_paid().filter(paid_at__gte=since, paid_at__lt=until)
            .annotate(month=TruncMonth("paid_at", tzinfo=zone, output_field=DateField()),
                      kind=Value("creator", output_field=CharField()))
            .values(*(group or ("kind",))).annotate(payouts=Count("pk"), amount=Sum("amount"),
                                                    payees=Count("creator", distinct=True)).order_by(*group))
    return [dict(row) for row in rows if row["payouts"]]  # an aggregate without GROUP BY gives a row of zeros
