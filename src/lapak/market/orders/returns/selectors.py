"""Return reads for the pages: a buyer's returns of one order, the units still returnable, counts per status,
the parcel back, and who may see a return's photo. (The reads shared with the API — one buyer's, shop's or
operator's return and their lists — are in selectors_access.py.)
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet, Sum

from lapak.market.orders.errors import ReturnNotFound
from lapak.market.orders.models import Order, OrderLine, ReturnLine, ReturnPhoto, ReturnRequest, SellerOrder
from lapak.market.orders.models import ReturnStatus as R
from lapak.market.sellers.permissions import is_operator, member_role_of
from lapak.market.shipping.models import Shipment


def _detailed(rows: QuerySet[ReturnRequest]) -> QuerySet[ReturnRequest]:
    return rows.select_related("seller_order__order", "seller_order__seller", "refund").prefetch_related(
        Prefetch("lines", ReturnLine.objects.select_related("order_line__variant").order_by("pk")),
        Prefetch("photos", ReturnPhoto.objects.order_by("pk")),
    )


def returns_of_order(*, order: Order) -> QuerySet[ReturnRequest]:
    """The order's returns, newest first, with lines, photos and refund loaded."""
    return _detailed(ReturnRequest.objects.filter(seller_order__order=order).order_by("-requested_at", "-pk"))


def return_of_buyer(*, buyer: object, public_id: str) -> ReturnRequest:
    """One of the buyer's returns; ReturnNotFound for anyone else's, exactly as for a missing one."""
    ret = _detailed(ReturnRequest.objects.filter(seller_order__order__buyer=buyer, public_id=str(public_id)[:40]))
    found = ret.first()
    if found is None:
        raise ReturnNotFound()
    return found


def returnable_left(*, seller_order: SellerOrder) -> dict[int, int]:
    """Order line pk -> units that may still be asked back: bought less what returns not rejected or withdrawn
    already took (the same count return_request_open checks under the lock)."""
    taken = dict(ReturnLine.objects.filter(order_line__seller_order=seller_order).exclude(
        return_request__status__in=[R.REJECTED, R.WITHDRAWN]).values("order_line").annotate(
        n=Sum("quantity")).values_list("order_line", "n"))
    return {pk: max(0, quantity - taken.get(pk, 0)) for pk, quantity in
            OrderLine.objects.filter(seller_order=seller_order).values_list("pk", "quantity")}


def return_shipment(*, return_request: ReturnRequest) -> Shipment | None:
    """The parcel taking the return back: the latest with a tracking number, else the latest (None before)."""
    shipments = Shipment.objects.filter(seller_order_ref=return_request.public_id).select_related(
        "courier", "service")
    return (shipments.filter(tracking_number__isnull=False).order_by("-pk").first()
            or shipments.order_by("-pk").first())


def return_photo_for(*, viewer: object, public_id: str) -> ReturnPhoto:
    """A return's photo for the order's buyer, a member of the shop or an operator; ReturnNotFound for anyone
    else (signed in or not), exactly as for a missing photo."""
    photo = ReturnPhoto.objects.select_related("return_request__seller_order__order",
                                               "return_request__seller_order__seller").filter(
        public_id=str(public_id)[:40]).first()
    if photo is None or not getattr(viewer, "is_authenticated", False):
        raise ReturnNotFound()
    so = photo.return_request.seller_order
    if (so.order.buyer_id == getattr(viewer, "pk", None) or member_role_of(so.seller, viewer) is not None
            or is_operator(viewer)):
        return photo
    raise ReturnNotFound()


def return_counts(*, rows: QuerySet[ReturnRequest]) -> dict[str, int]:
    """How many of `rows` are in each status (one query)."""
    return {row["status"]: row["n"] for row in rows.order_by().values("status").annotate(n=Count("pk"))}
