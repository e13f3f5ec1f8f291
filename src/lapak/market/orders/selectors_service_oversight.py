"""Reads for the regulator's oversight portal (lapak.oversight.service): returns, refunds and complaints with their
deadlines (ID-CON-2, ID-CON-3), as facts for the rollups and as grouped totals. Internal ids only.

Lapak has no complaint ticket of its own: the complaint service of ID-CON-3 is the operators' returns desk. A
*complaint* is a return that went to the desk (status `disputed`: the buyer disputed the seller's refusal, or the
seller did not answer in time); it opens when it enters `disputed` and is resolved when it leaves it (Lapak
decided, or the buyer withdrew). Each case has a deadline:

- return: requested → closed (refund requested, rejected or withdrawn) within 7 days of the request, the time
  ID-CON-2 gives for compensation (`returns.table.refund_within`);
- refund: requested → paid back by its `due_at` (7 days, ID-CON-2);
- complaint: decided within `COMPLAINT_DECIDE_WITHIN` (48 hours, the desk's breach mark) of reaching the desk.

A case's opening and its resolution are separate facts, each stamped with its own time, so a case opened in one
month and resolved in the next counts in both. A return enters `disputed` at most once (returns/table.py), and a
seller order has one open return at a time, so a complaint's events are paired through their seller order.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any

from django.db.models import Count, DateField, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import TruncMonth

from lapak.market.orders.models import EventKind, OrderEvent, RefundRequest, RefundStatus, ReturnRequest
from lapak.market.orders.models import ReturnStatus as R
from lapak.market.orders.returns.table import refund_within

RETURN_RESOLVE_WITHIN = refund_within()
# The operators' desk shows a disputed return as breached after 48 hours (views_operator/disputes.SLA_BREACH).
COMPLAINT_DECIDE_WITHIN = timedelta(hours=48)
KINDS = ("return", "refund", "complaint")


def _after(field: str, after: datetime | None, after_id: int, before: datetime) -> Q:
    window = Q(**{f"{field}__lt": before})
    if after is None:
        return window
    return window & (Q(**{f"{field}__gt": after}) | Q(**{field: after, "pk__gt": after_id}))


def _complaints_opened() -> QuerySet[OrderEvent]:
    return OrderEvent.objects.filter(kind=EventKind.RETURN, to_status=R.DISPUTED)


def _complaints_resolved() -> QuerySet[OrderEvent]:
    opened = (_complaints_opened().filter(seller_order=OuterRef("seller_order"), at__lte=OuterRef("at"))
              .order_by("-at", "-pk").values("at")[:1])
    return (OrderEvent.objects.filter(kind=EventKind.RETURN, from_status=R.DISPUTED)
            .annotate(opened_at=Subquery(opened)))


def _facts(qs: QuerySet, stamp: str, kind: str, fields: dict[str, str], after: datetime | None, after_id: int,
           before: datetime, limit: int) -> list[dict[str, Any]]:
    rows = qs.filter(_after(stamp, after, after_id, before)).order_by(stamp, "pk").values(
        "pk", stamp, *fields.values())[:limit]
    return [{"id": row["pk"], "at": row[stamp], "kind": kind, **{name: row[column] for name, column in fields.items()}}
            for row in rows]


_RETURN = {"jurisdiction": "seller_order__order__jurisdiction", "buyer": "seller_order__order__buyer_id"}
_ORDER = {"jurisdiction": "order__jurisdiction", "buyer": "order__buyer_id"}


def service_opened_facts(kind: str, *, after: datetime | None, after_id: int, before: datetime,
                         limit: int) -> list[dict[str, Any]]:
    """Cases of `kind` opened after the watermark: id, at, kind, jurisdiction, buyer (a user pk)."""
    if kind == "return":
        return _facts(ReturnRequest.objects.all(), "requested_at", kind, _RETURN, after, after_id, before, limit)
    if kind == "refund":
        return _facts(RefundRequest.objects.all(), "requested_at", kind, _ORDER, after, after_id, before, limit)
    return _facts(_complaints_opened(), "at", kind, _ORDER, after, after_id, before, limit)


def service_resolved_facts(kind: str, *, after: datetime | None, after_id: int, before: datetime,
                           limit: int) -> list[dict[str, Any]]:
    """Cases of `kind` resolved after the watermark: id, at (resolved), kind, jurisdiction, buyer, deadline."""
    if kind == "return":
        rows = _facts(ReturnRequest.objects.filter(closed_at__isnull=False), "closed_at", kind,
                      {**_RETURN, "opened_at": "requested_at"}, after, after_id, before, limit)
        return [{**row, "deadline": row.pop("opened_at") + RETURN_RESOLVE_WITHIN} for row in rows]
    if kind == "refund":
        return _facts(RefundRequest.objects.filter(status=RefundStatus.PAID, paid_at__isnull=False), "paid_at",
                      kind, {**_ORDER, "deadline": "due_at"}, after, after_id, before, limit)
    rows = _facts(_complaints_resolved(), "at", kind, {**_ORDER, "opened_at": "opened_at"}, after, after_id,
                  before, limit)
    return [{**row, "deadline": (opened + COMPLAINT_DECIDE_WITHIN) if (opened := row.pop("opened_at")) else None}
            for row in rows]


def _grouped(qs: QuerySet, stamp: str, zone: tzinfo, by_month: bool, **aggregates: Any) -> list[dict[str, Any]]:
    if by_month:
        qs = qs.annotate(month=TruncMonth(stamp, tzinfo=zone, output_field=DateField())).values("month")
    else:
        qs = qs.annotate(whole=Value(1)).values("whole")
    first = next(iter(aggregates))  # a count: without a month the query has no GROUP BY and gives a row of zeros
    return [{"month": row.get("month"), **{name: row[name] for name in aggregates}}
            for row in qs.annotate(**aggregates).order_by() if row[first]]


def service_totals(*, jurisdiction: str, since: datetime, until: datetime, zone: tzinfo,
                   by_month: bool) -> list[dict[str, Any]]:
    """Per kind (and month, when asked) for [since, until): opened, resolved, within_sla, late, and the distinct
    buyers of the cases opened (opened_buyers) and of those resolved (resolved_buyers)."""
    returns = ReturnRequest.objects.filter(seller_order__order__jurisdiction=jurisdiction)
    refunds = RefundRequest.objects.filter(order__jurisdiction=jurisdiction)
    complaints_in = _complaints_opened().filter(order__jurisdiction=jurisdiction)
    complaints_out = _complaints_resolved().filter(order__jurisdiction=jurisdiction)
    sources = {
        "return": (returns.filter(requested_at__gte=since, requested_at__lt=until), "requested_at",
                   "seller_order__order__buyer",
                   returns.filter(closed_at__gte=since, closed_at__lt=until), "closed_at",
                   Q(closed_at__lte=F("requested_at") + RETURN_RESOLVE_WITHIN)),
        "refund": (refunds.filter(requested_at__gte=since, requested_at__lt=until), "requested_at", "order__buyer",
                   refunds.filter(status=RefundStatus.PAID, paid_at__gte=since, paid_at__lt=until), "paid_at",
                   Q(paid_at__lte=F("due_at"))),
        "complaint": (complaints_in.filter(at__gte=since, at__lt=until), "at", "order__buyer",
                      complaints_out.filter(at__gte=since, at__lt=until), "at",
                      Q(at__lte=F("opened_at") + COMPLAINT_DECIDE_WITHIN)),
    }
    cells: dict[tuple[Any, str], dict[str, int]] = {}
    for kind, (opened, opened_at, buyer, resolved, resolved_at, within) in sources.items():
        for row in _grouped(opened, opened_at, zone, by_month, opened=Count("pk"),
                            opened_buyers=Count(buyer, distinct=True)):
            cells.setdefault((row.pop("month"), kind), {}).update(row)
        for row in _grouped(resolved, resolved_at, zone, by_month, resolved=Count("pk"),
                            within_sla=Count("pk", filter=within), resolved_buyers=Count(buyer, distinct=True)):
            cells.setdefault((row.pop("month"), kind), {}).update(row)
    zero = {"opened": 0, "opened_buyers": 0, "resolved": 0, "within_sla": 0, "resolved_buyers": 0}
    return [{"month": month, "kind": kind, **zero, **values, "late": values.get("resolved", 0)
             - values.get("within_sla", 0)} for (month, kind), values in cells.items()]


def service_overdue(*, jurisdiction: str, since: datetime, until: datetime, as_of: datetime, zone: tzinfo,
                    by_month: bool) -> list[dict[str, Any]]:
    """Cases opened in [since, until) still unresolved at `as_of` although their deadline had passed by then, per
    kind (and month opened, when asked): overdue, buyers (distinct). Read from the live tables (open cases are
    few; returns and refunds are found through their status and times)."""
    left = (OrderEvent.objects.filter(kind=EventKind.RETURN, from_status=R.DISPUTED,
                                      seller_order=OuterRef("seller_order"), at__gte=OuterRef("at"))
            .order_by("at", "pk").values("at")[:1])
    sources = {
        "return": (ReturnRequest.objects.filter(
            seller_order__order__jurisdiction=jurisdiction, requested_at__gte=since, requested_at__lt=until).filter(
            requested_at__lt=as_of - RETURN_RESOLVE_WITHIN).filter(
            Q(closed_at__isnull=True) | Q(closed_at__gt=as_of)), "requested_at", "seller_order__order__buyer"),
        "refund": (RefundRequest.objects.filter(
            order__jurisdiction=jurisdiction, requested_at__gte=since, requested_at__lt=until, due_at__lt=as_of)
            .filter(Q(paid_at__isnull=True) | Q(paid_at__gt=as_of)), "requested_at", "order__buyer"),
        "complaint": (_complaints_opened().filter(
            order__jurisdiction=jurisdiction, at__gte=since, at__lt=until).filter(
            at__lt=as_of - COMPLAINT_DECIDE_WITHIN).annotate(left_at=Subquery(left)).filter(
            Q(left_at__isnull=True) | Q(left_at__gt=as_of)), "at", "order__buyer"),
    }
    rows = []
    for kind, (qs, stamp, buyer) in sources.items():
        for row in _grouped(qs, stamp, zone, by_month, overdue=Count("pk"), buyers=Count(buyer, distinct=True)):
            rows.append({**row, "kind": kind})
    return rows
