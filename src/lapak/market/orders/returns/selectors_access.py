"""Return reads: a buyer's returns, a shop's, the operators' queue, and the parcels that carry them.

Every "one of" selector answers ReturnNotFound for a return the caller may not see, exactly as for a missing
one, so ids of other people's returns are never confirmed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from lapak.market.orders.errors import ReturnNotFound
from lapak.market.orders.models import ReturnLine, ReturnPhoto, ReturnRequest
from lapak.market.shipping.models import Shipment, TrackingEvent


def _detailed(rows: QuerySet[ReturnRequest]) -> QuerySet[ReturnRequest]:
    return rows.select_related("seller_order__order", "seller_order__seller", "refund").prefetch_related(
        Prefetch("lines", ReturnLine.objects.select_related("order_line__variant").order_by("pk")),
        Prefetch("photos", ReturnPhoto.objects.order_by("pk")),
    )


def _filtered(rows: QuerySet[ReturnRequest], status: str | None) -> QuerySet[ReturnRequest]:
    return rows.filter(status=status) if status else rows


def returns_of_buyer(*, buyer: object, status: str | None = None) -> QuerySet[ReturnRequest]:
    """The buyer's returns, newest first, with lines, photos and refund loaded."""
    rows = ReturnRequest.objects.filter(seller_order__order__buyer=buyer).order_by("-requested_at", "-pk")
    return _detailed(_filtered(rows, status))


def return_of_buyer(*, buyer: object, public_id: str) -> ReturnRequest:
    """One of the buyer's returns; ReturnNotFound for anyone else's."""
    ret = returns_of_buyer(buyer=buyer).filter(public_id=str(public_id)[:40]).first()
    if ret is None:
        raise ReturnNotFound()
    return ret


def returns_of_seller(*, seller: object, status: str | None = None) -> QuerySet[ReturnRequest]:
    """Returns of the shop's seller orders, newest first."""
    rows = ReturnRequest.objects.filter(seller_order__seller=seller).order_by("-requested_at", "-pk")
    return _detailed(_filtered(rows, status))


def return_of_seller(*, seller: object, public_id: str) -> ReturnRequest:
    """One return of the shop's; ReturnNotFound for another shop's."""
    ret = returns_of_seller(seller=seller).filter(public_id=str(public_id)[:40]).first()
    if ret is None:
        raise ReturnNotFound()
    return ret


def returns_for_operator(*, status: str | None = None) -> QuerySet[ReturnRequest]:
    """Every return, oldest first (a queue: the longest waiting is decided first)."""
    return _detailed(_filtered(ReturnRequest.objects.order_by("requested_at", "pk"), status))


def return_for_operator(*, public_id: str) -> ReturnRequest:
    ret = returns_for_operator().filter(public_id=str(public_id)[:40]).first()
    if ret is None:
        raise ReturnNotFound()
    return ret


def shipments_for(*, refs: Iterable[str]) -> list[Shipment]:
    """The parcels referenced by these seller order or return ids, oldest first, each with its courier's
    events in the order they happened."""
    return list(Shipment.objects.filter(seller_order_ref__in=list(refs)).select_related("courier", "service")
                .prefetch_related(Prefetch("events", TrackingEvent.objects.order_by("occurred_at", "pk")))
                .order_by("created_at", "pk"))
