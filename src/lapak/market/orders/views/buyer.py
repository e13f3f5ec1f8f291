"""The buyer's order pages: the list (newest first, paged), one order with its seller orders, lines, totals
with the PPN shown and the timeline, and the buyer's actions on it (cancel while unpaid; a demo payment;
"Confirm received" on a delivered seller order).

Another buyer's order is a 404, exactly like a missing one. The "Pay (demo)" action exists until the
payments issue brings a real payment: it is offered, and accepted, only when settings.DEBUG or
settings.DEMO_PAYMENTS is true."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lapak.core.errors import LapakError
from lapak.market.orders.errors import OrderNotFound
from lapak.market.orders.models import EventKind, Order, OrderEvent, OrderStatus, SellerOrderStatus
from lapak.market.orders.selectors import order_of_buyer, orders_of_buyer
from lapak.market.orders.services import order_cancel_unpaid, order_mark_paid, seller_order_confirm_received
from lapak.market.orders.transitions import BUYER
from lapak.market.orders.views.return_context import returns_context
from lapak.market.orders.views.return_words import is_return_event, return_event_words
from lapak.market.shipping.models import CourierService

PAGE_SIZE = 20


def demo_payments_enabled() -> bool:
    return bool(settings.DEBUG or getattr(settings, "DEMO_PAYMENTS", False))


def _order(request: HttpRequest, public_id: str) -> Order:
    try:
        return order_of_buyer(buyer=request.user, public_id=public_id)
    except OrderNotFound as exc:
        raise Http404(str(exc.message)) from exc


def _status_label(value: str, *, seller_order: bool) -> str:
    choices = SellerOrderStatus if seller_order else OrderStatus
    return str(choices(value).label) if value in choices.values else value


def timeline_entry(event: OrderEvent) -> dict[str, Any]:
    """One timeline row as the page shows it: when, which shop's part (if any), what happened."""
    so = event.seller_order
    if is_return_event(event):
        text, detail = return_event_words(event)
        return {"at": event.at, "shop": so.seller.shop_name if so is not None else "", "text": text,
                "detail": detail, "kind": "return", "status": event.to_status}
    if event.kind == EventKind.STATUS_CHANGE and event.to_status and not event.from_status and so is None:
        text = _("Order placed")
    elif event.kind == EventKind.STATUS_CHANGE and event.to_status:
        text = _status_label(event.to_status, seller_order=so is not None)
    elif event.kind == EventKind.SHIPPING:
        text = _("Courier update: %(status)s") % {"status": event.data.get("status") or "-"}
    elif event.kind == EventKind.NOTE:
        text = _("Your note") if event.data.get("actor_kind") == "buyer" else _("Note from the shop")
        return {"at": event.at, "shop": so.seller.shop_name if so is not None else "", "text": text,
                "detail": str(event.data.get("text", "")), "kind": event.kind, "status": ""}
    else:
        text = str(event.data.get("text") or event.get_kind_display())
    detail = event.data.get("reason") or event.data.get("tracking_number") or ""
    return {"at": event.at, "shop": so.seller.shop_name if so is not None else "", "text": text,
            "detail": detail, "kind": event.kind, "status": event.to_status}


@login_required
@require_safe
def order_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(orders_of_buyer(buyer=request.user), PAGE_SIZE).get_page(request.GET.get("page", "1")[:10])
    return render(request, "orders/list.html", {"page": page})


def _service_names(order: Order) -> dict[str, str]:
    """Seller order public id -> the courier service's name ("JNE Reguler"); the codes where it is gone."""
    parts = {so.public_id: (so.courier_code, so.service_code) for so in order.seller_orders.all()}
    names = {(courier, code): name for courier, code, name in CourierService.objects.filter(
        courier__code__in={c for c, _s in parts.values()}).values_list("courier__code", "code", "name")}
    return {so_id: names.get(pair) or f"{pair[0].upper()} {pair[1]}" for so_id, pair in parts.items()}


def order_page(request: HttpRequest, order: Order, *, error: str = "", status: int = 200,
               forms: dict | None = None, note_forms: dict | None = None) -> HttpResponse:
    """The order page; `forms` (return id -> {"dispute"|"ship": bound form}) shows a return form's errors,
    `note_forms` (seller order id -> bound note form) a note's."""
    context = {"order": order, "service_names": _service_names(order), **returns_context(order, forms or {}),
               "note_forms": note_forms or {},
               "timeline": [timeline_entry(e) for e in order.events.all()],
               "can_cancel": order.status == OrderStatus.AWAITING_PAYMENT,
               "demo_payments": demo_payments_enabled() and order.status == OrderStatus.AWAITING_PAYMENT,
               "action_error": error}
    return render(request, "orders/detail.html", context, status=status)


@login_required
@require_safe
def order_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return order_page(request, _order(request, public_id))


@login_required
@require_POST
def order_cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    order = _order(request, public_id)
    try:
        order_cancel_unpaid(order=order, actor_kind=BUYER, actor=request.user)
    except LapakError as exc:
        return order_page(request, order, error=str(exc.message), status=exc.status)
    messages.success(request, _("The order is cancelled."))
    return redirect("orders:detail", order.public_id)


@login_required
@require_POST
def order_pay_demo(request: HttpRequest, public_id: str) -> HttpResponse:
    """A pretend payment for demos and development; 404 where demo payments are off."""
    if not demo_payments_enabled():
        raise Http404()
    order = _order(request, public_id)
    try:
        order_mark_paid(order=order, payment_reference=f"demo-{secrets.token_hex(8)}")
    except LapakError as exc:
        return order_page(request, order, error=str(exc.message), status=exc.status)
    messages.success(request, _("Demo payment received: the order is paid."))
    return redirect("orders:detail", order.public_id)


@login_required
@require_POST
def seller_order_confirm(request: HttpRequest, public_id: str, seller_order_id: str) -> HttpResponse:
    """The buyer confirms one shop's parcel arrived; another buyer's order, or a seller order not in it, is 404."""
    order = _order(request, public_id)
    so = next((s for s in order.seller_orders.all() if s.public_id == seller_order_id), None)
    if so is None:
        raise Http404()
    try:
        seller_order_confirm_received(seller_order=so, buyer=request.user)
    except LapakError as exc:
        return order_page(request, _order(request, public_id), error=str(exc.message), status=exc.status)
    messages.success(request, _("Thank you: the order from %(shop)s is completed.") % {"shop": so.seller.shop_name})
    return redirect("orders:detail", order.public_id)
