"""The cart page and its forms: add (from the product page), change quantity, remove, accept new prices.

Every POST carries a CSRF token; a refused change re-renders the cart with the error beside its line (422);
a successful one redirects back (post/redirect/get)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lapak.core.errors import Conflict, LapakError, NotFound, ValidationFailed
from lapak.market.checkout.errors import CartLineNotFound
from lapak.market.checkout.models import Cart
from lapak.market.checkout.selectors import cart_view
from lapak.market.checkout.services import cart_acknowledge, cart_line_remove, cart_line_update
from lapak.market.checkout.web import cart_add_for_request, cart_for_request, remember_line_count


def _page(request: HttpRequest, *, errors: dict | None = None, page_error: str = "", status: int = 200,
          values: dict | None = None) -> HttpResponse:
    view = cart_view(cart=cart_for_request(request))
    remember_line_count(request, view)
    context = {"cart": view, "line_errors": errors or {}, "page_error": page_error, "values": values or {}}
    return render(request, "checkout/cart.html", context, status=status)


def _cart(request: HttpRequest) -> Cart:
    cart = cart_for_request(request)
    if cart is None:
        raise CartLineNotFound()
    return cart


def _messages_of(error: LapakError) -> list[str]:
    found = [str(m) for messages_ in error.fields.values() for m in messages_]
    return found or [str(error.message)]


@require_safe
def cart_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    """From the product page's buy box. On success: the cart. On a refusal: back where the form was (the
    product page), with the reason as a message beside the buy box's page region."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()) or not back.startswith("/"):
        back = ""
    try:
        line = cart_add_for_request(request, variant_id=request.POST.get("variant", "")[:40],
                                    quantity=request.POST.get("quantity", "1")[:20])
    except ValidationFailed as exc:
        for message in _messages_of(exc):
            messages.error(request, message)
        if back:
            return redirect(back)
        return _page(request, page_error=" ".join(_messages_of(exc)), status=422)
    messages.success(request, _("%(title)s is in your cart.") % {"title": line.title})
    return redirect("checkout:cart")


@require_POST
def line_update(request: HttpRequest, variant: str) -> HttpResponse:
    raw = request.POST.get("quantity", "")[:20]
    try:
        line = cart_line_update(cart=_cart(request), variant_id=variant, quantity=raw)
    except ValidationFailed as exc:
        return _page(request, errors={variant: _messages_of(exc)}, values={variant: raw}, status=422)
    except NotFound as exc:
        return _page(request, page_error=str(exc.message), status=404)
    messages.success(request, _("The quantity is updated.") if line else _("The product is removed from your cart."))
    return redirect("checkout:cart")


@require_POST
def line_remove(request: HttpRequest, variant: str) -> HttpResponse:
    try:
        cart_line_remove(cart=_cart(request), variant_id=variant)
    except NotFound as exc:
        return _page(request, page_error=str(exc.message), status=404)
    messages.success(request, _("The product is removed from your cart."))
    return redirect("checkout:cart")


@require_POST
def accept_prices(request: HttpRequest) -> HttpResponse:
    """Accept the prices the buyer was shown: each `accept` value is "<variant id>:<price>"."""
    prices: dict[str, int] = {}
    for value in request.POST.getlist("accept")[:200]:
        variant, _sep, price = value.partition(":")
        if not price.isascii() or not price.isdigit() or len(price) > 13:
            return _page(request, page_error=_("The prices to accept could not be read. Try again."), status=422)
        prices[variant[:40]] = int(price)
    try:
        cart_acknowledge(cart=_cart(request), prices=prices)
    except (ValidationFailed, Conflict) as exc:
        return _page(request, page_error=str(exc.message), status=exc.status)
    except NotFound as exc:
        return _page(request, page_error=str(exc.message), status=404)
    messages.success(request, _("The new prices are accepted."))
    return redirect("checkout:cart")
