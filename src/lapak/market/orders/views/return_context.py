"""What the buyer's order page shows of returns: for each seller order, whether a return may still be asked
(and until when), and each return with its status, refund, next deadline, the seller's and Lapak's words, the
parcel on its way back and the buttons the buyer may press now."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from lapak.market.orders.models import Order, ReturnRequest, SellerOrder
from lapak.market.orders.models import ReturnStatus as R
from lapak.market.orders.returns import selectors
from lapak.market.orders.returns.services import RETURNABLE
from lapak.market.orders.returns.table import OPEN
from lapak.market.orders.transitions import BUYER
from lapak.market.orders.views.return_forms import DisputeForm, ShipBackForm


def return_window_open(so: SellerOrder) -> bool:
    return (so.status in RETURNABLE and so.return_deadline is not None
            and timezone.now() <= so.return_deadline)


def return_view(ret: ReturnRequest, *, actor_kind: str = BUYER, forms: dict | None = None) -> dict[str, Any]:
    """One return as the pages show it; the buttons only for the buyer (the desk and operators have theirs)."""
    forms = forms or {}
    buyer = actor_kind == BUYER
    shipment = selectors.return_shipment(return_request=ret) if ret.goods_back and ret.status in (
        R.ACCEPTED, R.SHIPPED_BACK, R.REFUND_REQUESTED) else None
    refund = getattr(ret, "refund", None) if ret.status == R.REFUND_REQUESTED else None
    return {
        "ret": ret, "lines": list(ret.lines.all()), "photos": list(ret.photos.all()), "shipment": shipment,
        "refund": refund, "open": ret.status in OPEN,
        "can_withdraw": buyer and ret.status in (R.REQUESTED, R.REFUSED, R.DISPUTED, R.ACCEPTED),
        "can_dispute": buyer and ret.status == R.REFUSED,
        "can_ship": buyer and ret.status == R.ACCEPTED and ret.goods_back,
        "dispute_form": forms.get("dispute") or DisputeForm(prefix=ret.public_id),
        "ship_form": forms.get("ship") or ShipBackForm(prefix=ret.public_id),
    }


def returns_context(order: Order, forms: dict[str, dict]) -> dict[str, Any]:
    """`returns`: seller order id -> its returns (newest first); `return_until`: seller order id -> the return
    deadline of each seller order a return may be asked for now (none open, units left, window open);
    `return_open`: the seller orders with a return under way (their "Confirm received" is not offered)."""
    by_so: dict[str, list[dict[str, Any]]] = {}
    for ret in selectors.returns_of_order(order=order):
        by_so.setdefault(ret.seller_order.public_id, []).append(
            return_view(ret, forms=forms.get(ret.public_id)))
    until = {}
    for so in order.seller_orders.all():
        if not return_window_open(so) or any(r["open"] for r in by_so.get(so.public_id, [])):
            continue
        if any(left > 0 for left in selectors.returnable_left(seller_order=so).values()):
            until[so.public_id] = so.return_deadline
    busy = {so_id for so_id, rows in by_so.items() if any(r["open"] for r in rows)}
    return {"returns": by_so, "return_until": until, "return_open": busy}
