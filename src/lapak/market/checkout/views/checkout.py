"""The checkout page: address, a courier per seller, vouchers, totals with the PPN shown, and "Place order".

The idempotency key is made when the page is rendered and travels in a hidden field, so a double click (or a
resubmitted form) places one order. "Update totals" re-plans without writing; "Place order" calls
checkout_place, and every refusal comes back beside its field with nothing written."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lapak.accounts.selectors import addresses_of
from lapak.core.errors import LapakError
from lapak.market.checkout.errors import CartEmpty, CartNotReady, CheckoutRefused
from lapak.market.checkout.preview import checkout_preview
from lapak.market.checkout.selectors import CartView, cart_view
from lapak.market.checkout.services import checkout_place
from lapak.market.checkout.web import cart_for_request, remember_line_count

KEY_BYTES = 24


def _form_values(request: HttpRequest, view: CartView) -> dict[str, Any]:
    """What the buyer chose, read defensively (every value clipped; a malformed choice becomes no choice)."""
    post = request.POST
    choices: dict[str, tuple[str, str]] = {}
    vouchers: dict[str, str] = {"voucher": post.get("voucher", "").strip()[:32]}
    for group in view.groups:
        courier, sep, service = post.get(f"ship-{group.seller_id}", "")[:60].partition(":")
        if sep and courier and service:
            choices[group.seller_id] = (courier, service)
        vouchers[f"voucher-{group.seller_id}"] = post.get(f"voucher-{group.seller_id}", "").strip()[:32]
    return {"address": post.get("address", "")[:40], "choices": choices, "vouchers": vouchers,
            "key": post.get("idempotency_key", "")[:255]}


def _sorted_errors(errors: dict[str, list[str]], vouchers: dict[str, str]) -> tuple[dict[str, list[str]], list[str]]:
    """Placement's error fields mapped onto the page's inputs; whatever has no input is shown at the top."""
    by_code = {code.upper(): name for name, code in vouchers.items() if code}
    fields: dict[str, list[str]] = {}
    page: list[str] = []
    for key, messages in errors.items():
        head, _dot, rest = key.partition(".")
        if key == "address":
            name = "address"
        elif head == "shipping" and rest:
            name = f"ship-{rest}"
        elif head == "vouchers" and rest.upper() in by_code:
            name = by_code[rest.upper()]
        elif head == "lines" and rest:
            name = f"line-{rest}"
        else:
            page.extend(messages)
            continue
        fields.setdefault(name, []).extend(messages)
    return fields, page


def _render(request: HttpRequest, view: CartView, *, values: dict[str, Any] | None = None,
            errors: dict[str, list[str]] | None = None, page_error: str = "", status: int = 200,
            refusal_reasons: list[dict] | None = None) -> HttpResponse:
    values = values or {"address": "", "choices": None, "vouchers": {}, "key": ""}
    addresses = list(addresses_of(request.user))
    chosen = next((a for a in addresses if a.public_id == values["address"]), None)
    errors = dict(errors or {})
    if values["address"] and chosen is None:
        errors.setdefault("address", [_("There is no such address.")])
    chosen = chosen or (addresses[0] if addresses else None)
    codes = [code for code in values["vouchers"].values() if code]
    try:
        preview = checkout_preview(buyer=request.user, view=view, destination=chosen.village if chosen else None,
                                   choices=values["choices"], voucher_codes=codes)
    except (CartEmpty, CartNotReady) as exc:
        return _not_ready(request, view, exc)
    fields, page_errors = _sorted_errors({**preview.errors, **errors}, values["vouchers"])
    if page_error:
        page_errors.insert(0, page_error)
    picked = {sid: f"{courier}:{service}" for sid, (courier, service) in (values["choices"] or {}).items()}
    sellers = []
    for group in view.groups:
        options = preview.options.get(group.seller_id, [])
        cheapest = f"{options[0].courier}:{options[0].service}" if options else ""
        sellers.append({"group": group, "options": options, "picked": picked.get(group.seller_id, cheapest),
                        "voucher": values["vouchers"].get(f"voucher-{group.seller_id}", "")})
    context = {"cart": view, "sellers": sellers, "addresses": addresses, "address": chosen,
               "plan": preview.plan, "ppn_total": preview.ppn_total, "field_errors": fields,
               "page_errors": page_errors, "platform_voucher": values["vouchers"].get("voucher", ""),
               "refusal_reasons": refusal_reasons or [],
               "idempotency_key": values["key"] or secrets.token_urlsafe(KEY_BYTES)}
    return render(request, "checkout/checkout.html", context, status=status)


def _not_ready(request: HttpRequest, view: CartView, exc: LapakError) -> HttpResponse:
    status = 422 if isinstance(exc, CartEmpty) else 409
    return render(request, "checkout/checkout_not_ready.html", {"cart": view, "message": str(exc.message)},
                  status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def checkout_page(request: HttpRequest) -> HttpResponse:
    view = cart_view(cart=cart_for_request(request))
    remember_line_count(request, view)
    if request.method != "POST":
        return _render(request, view)
    values = _form_values(request, view)
    if request.POST.get("action") != "place":
        return _render(request, view, values=values)
    try:
        order = checkout_place(buyer=request.user, address_public_id=values["address"],
                               shipping_choices=values["choices"], voucher_codes=[
                                   code for code in values["vouchers"].values() if code],
                               idempotency_key=values["key"])
    except (CartEmpty, CartNotReady) as exc:
        return _not_ready(request, cart_view(cart=cart_for_request(request)), exc)
    except CheckoutRefused as exc:
        # The rules refused the order: each reason is shown with its rule and what to do, not as a bare line.
        errors = {key: [str(m) for m in messages] for key, messages in exc.fields.items()
                  if not key.startswith("rules.")}
        return _render(request, view, values=values, errors=errors, page_error=str(exc.message), status=exc.status,
                       refusal_reasons=[r for r in exc.decision.details if isinstance(r, dict)])
    except LapakError as exc:
        errors = {key: [str(m) for m in messages] for key, messages in exc.fields.items()}
        return _render(request, view, values=values, errors=errors, page_error=str(exc.message), status=exc.status)
    remember_line_count(request, cart_view(cart=cart_for_request(request)))  # the header's count: lines left
    return redirect("orders:detail", order.public_id)
