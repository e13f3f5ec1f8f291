"""The buyer's pay page, /pay/<order public id>/: choose a method (QRIS, a bank's virtual account, an e-wallet,
a card), then see what to pay with — the QR code, the VA number or bill key, or the link to the wallet or card
page — with the amount, the time left, and a "Check payment status" button. With the sandbox gateway, a link
to its page where the demo buyer pays. Cash on delivery is offered when the order allows it (ceiling, every
courier collecting cash), else shown with the reason; choosing it confirms the order at once. A method the
jurisdiction has switched off (a compliance kill switch) is shown disabled with the operator's reason.

Another buyer's order is a 404, exactly like a missing one."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lapak.core.errors import LapakError, ValidationFailed
from lapak.market.orders.errors import OrderNotFound
from lapak.market.orders.models import Order, OrderStatus
from lapak.market.orders.selectors import order_of_buyer
from lapak.market.payments.gateways.registry import sandbox_pay_url
from lapak.market.payments.method_switches import payment_methods_switched_off
from lapak.market.payments.models import Channel, IntentStatus, PaymentIntent
from lapak.market.payments.selectors import intent_current
from lapak.market.payments.selectors_cod import cod_parcels_of
from lapak.market.payments.services import payment_intent_create, payment_intent_refresh
from lapak.market.payments.services.cod_rules import cod_availability

# The choices on the page: value posted -> (method, bank or wallet).
_BY_VALUE = {"qris": ("qris", ""), **{f"va:{bank}": ("va", bank) for bank in ("bca", "bni", "bri", "mandiri",
                                                                            "permata", "cimb")},
             "ewallet:gopay": ("ewallet", "gopay"), "ewallet:shopeepay": ("ewallet", "shopeepay"), "card": ("card", ""),
             "cod": ("cod", "")}


def _choices(switched_off: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(value, label, why it is switched off or "") in the request's language."""
    labels = {"qris": _("QRIS (any bank or e-wallet app)"), "card": _("Credit or debit card"),
              "ewallet:gopay": "GoPay", "ewallet:shopeepay": "ShopeePay",
              "cod": _("Cash on delivery (pay the courier when each parcel arrives)")}
    for value, (method, bank) in _BY_VALUE.items():
        if method == "va":
            labels[value] = _("%(bank)s virtual account") % {"bank": Channel(bank).label}
    switched_off = switched_off or {}
    return [(value, labels[value], switched_off.get(value, "")) for value in _BY_VALUE]


def _order(request: HttpRequest, public_id: str) -> Order:
    try:
        return order_of_buyer(buyer=request.user, public_id=public_id)
    except OrderNotFound as exc:
        raise Http404(str(exc.message)) from exc


def qr_data_uri(payload: str) -> str:
    """The QR code of a QRIS payload as an SVG data URI (no file, no request to the gateway)."""
    return segno.make(payload, error="m").svg_data_uri(scale=5, border=2)


def _page(request: HttpRequest, order: Order, *, status: int = 200, **extra: Any) -> HttpResponse:
    intent: PaymentIntent | None = intent_current(order=order)
    awaiting = order.status == OrderStatus.AWAITING_PAYMENT
    cod = cod_availability(order=order) if awaiting else None
    switched_off = payment_methods_switched_off(order=order, choices=_BY_VALUE) if awaiting else {}
    context = {
        "order": order, "intent": intent, "choices": _choices(switched_off), "cod": cod,
        "cod_parcels": cod_parcels_of(intent=intent) if intent and intent.method == "cod" else [],
        "awaiting": awaiting,
        "live": intent is not None and intent.status == IntentStatus.REQUIRES_ACTION,
        "qr": qr_data_uri(intent.qr_string) if intent and intent.qr_string and intent.is_live else "",
        "sandbox_url": sandbox_pay_url(intent.provider_order_id, intent.provider) if intent and intent.provider else "",
        "field_errors": {}, "page_error": "", "picked": "",
    }
    context.update(extra)
    return render(request, "payments/pay.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def pay(request: HttpRequest, public_id: str) -> HttpResponse:
    order = _order(request, public_id)
    if request.method != "POST":
        return _page(request, order)
    picked = request.POST.get("method", "")[:40]
    if picked not in _BY_VALUE:
        return _page(request, order, status=422, picked=picked,
                     field_errors={"method": [_("Choose how you want to pay.")]})
    method, bank = _BY_VALUE[picked]
    try:
        payment_intent_create(order=order, buyer=request.user, method=method, bank=bank or None)
    except ValidationFailed as exc:
        errors = {"method": [str(m) for texts in exc.fields.values() for m in texts] or [str(exc.message)]}
        return _page(request, order, status=422, picked=picked, field_errors=errors)
    except LapakError as exc:
        return _page(request, _order(request, public_id), status=exc.status, picked=picked,
                     page_error=str(exc.message))
    return redirect("payments:pay", public_id=order.public_id)


@login_required
@require_POST
def check(request: HttpRequest, public_id: str) -> HttpResponse:
    order = _order(request, public_id)
    intent = intent_current(order=order)
    if intent is None:
        return redirect("payments:pay", public_id=order.public_id)
    try:
        intent = payment_intent_refresh(intent=intent)
    except LapakError as exc:
        return _page(request, order, status=exc.status, page_error=str(exc.message))
    if intent.status == IntentStatus.PAID:
        messages.success(request, _("Payment received. Thank you!"))
    else:
        messages.info(request, _("No payment has arrived yet."))
    return redirect("payments:pay", public_id=order.public_id)
