"""Request glue for the cart pages: which cart a browser request means, and the line count in the session.

An anonymous visitor's cart is found by a random token kept in the (server-side) session. Django's login keeps
the session's data, so on the first request after sign-in that asks for the cart, the anonymous cart is merged
into the buyer's and the token dropped: lazily, on that access, never from a signal.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from lapak.market.affiliates.selectors_attribution import click_scope_of_session
from lapak.market.checkout.models import Cart, CartLine
from lapak.market.checkout.selectors import CartView, cart_of_token, cart_of_user
from lapak.market.checkout.services import cart_line_add, cart_merge, cart_open, cart_open_anonymous

SESSION_ANONYMOUS_CART = "cart_token"
# Read by the header link, so pages without a cart cost no query for it.
SESSION_LINE_COUNT = "cart_line_count"


def cart_for_request(request: HttpRequest, *, create: bool = False) -> Cart | None:
    """The cart of this browser: the buyer's (after merging any anonymous cart from before sign-in), or the
    session's anonymous cart. With `create`, one is opened when there is none."""
    session = request.session
    token = session.get(SESSION_ANONYMOUS_CART)
    user = request.user
    if user.is_authenticated:
        if token:
            cart = cart_merge(token=token, user=user)
            del session[SESSION_ANONYMOUS_CART]
        else:
            cart = cart_of_user(user=user)
        if cart is None and create:
            cart = cart_open(user=user)
        return cart
    cart = cart_of_token(token=token) if token else None
    if cart is None and create:
        cart = cart_open_anonymous()
        session[SESSION_ANONYMOUS_CART] = cart.token
    return cart


def cart_add_for_request(request: HttpRequest, *, variant_id: str, quantity: Any) -> CartLine:
    """`cart_line_add` on this browser's cart, attributed to this browser's and buyer's hand-off clicks. A cart is
    opened only together with a successful add (one transaction), so a refused add leaves no empty cart behind and
    no token in the session."""
    cart = cart_for_request(request)
    clicks = click_scope_of_session(request.session, request.user)
    if cart is not None:
        return cart_line_add(cart=cart, variant_id=variant_id, quantity=quantity, clicks=clicks)
    with transaction.atomic():
        cart = cart_open(user=request.user) if request.user.is_authenticated else cart_open_anonymous()
        line = cart_line_add(cart=cart, variant_id=variant_id, quantity=quantity, clicks=clicks)
    if cart.token:
        request.session[SESSION_ANONYMOUS_CART] = cart.token
    return line


def remember_line_count(request: HttpRequest, view: CartView) -> None:
    if request.session.get(SESSION_LINE_COUNT) != view.line_count:
        request.session[SESSION_LINE_COUNT] = view.line_count
