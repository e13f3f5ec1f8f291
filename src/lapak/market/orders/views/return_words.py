"""Return entries of an order's timeline in words, for the buyer's page, the shop's desk and the operators:
who did what to the return, in the page's language, never a status code."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lapak.market.orders.models import EventKind, OrderEvent, ReturnReason
from lapak.market.orders.models import ReturnStatus as R
from lapak.market.orders.transitions import BUYER, OPERATOR, SYSTEM
from lapak.market.shipping.models import ShipmentStatus

SHIPMENT_LABELS = dict(ShipmentStatus.choices)


def is_return_event(event: OrderEvent) -> bool:
    return event.kind == EventKind.RETURN or (event.kind == EventKind.SHIPPING and bool(event.data.get("return")))


def _lines(data: dict) -> str:
    lines = data.get("lines") or []
    return ", ".join(f"{line.get('quantity')} × {line.get('sku')}" for line in lines if isinstance(line, dict))


def _step_text(to: str, by: str, data: dict) -> str:
    timeout = bool(data.get("timeout"))
    if to == R.REQUESTED:
        return _("Return requested")
    if to == R.ACCEPTED:
        if by == OPERATOR:
            return _("Lapak decided: the return is accepted")
        return _("The seller accepted the return")
    if to == R.REFUSED:
        return _("The seller refused the return")
    if to == R.DISPUTED:
        if timeout:
            return _("The seller did not answer in time: Lapak decides")
        return _("The buyer asked Lapak to decide")
    if to == R.REJECTED:
        return _("Lapak decided: no refund") if by == OPERATOR else _(
            "Return closed: the refusal was not taken to Lapak in time")
    if to == R.SHIPPED_BACK:
        return _("The return is on its way back to the seller")
    if to == R.REFUND_REQUESTED:
        return _("Refund requested")
    if to == R.WITHDRAWN:
        return _("Return withdrawn: it was not sent back in time") if timeout else _("The buyer withdrew the return")
    return str(R(to).label) if to in R.values else to


def return_event_words(event: OrderEvent) -> tuple[str, str]:
    """(what happened, the detail worth reading: a reason, a note, the items or a tracking number)."""
    data = event.data or {}
    if event.kind == EventKind.SHIPPING:
        status = SHIPMENT_LABELS.get(data.get("status"), data.get("status") or "-")
        return _("Return parcel: %(status)s") % {"status": status}, str(data.get("tracking_number") or "")
    by = str(data.get("actor_kind") or (BUYER if event.to_status == R.REQUESTED else SYSTEM))
    text = _step_text(event.to_status, by, data)
    if event.to_status == R.REQUESTED:
        reason = data.get("reason")
        label = str(ReturnReason(reason).label) if reason in ReturnReason.values else ""
        return text, " · ".join(part for part in (label, _lines(data)) if part)
    if event.to_status == R.SHIPPED_BACK:
        return text, str(data.get("tracking_number") or "")
    return text, str(data.get("note") or "")
