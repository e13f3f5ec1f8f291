"""The cart API under /api/v1/cart/: the signed-in buyer's own cart (bearer token; anonymous carts are for
the pages only). No cart id appears in any path: every call reaches the caller's cart and nobody else's.
Unsafe calls accept an `Idempotency-Key` header (the idempotency middleware)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from lapak.core.errors import MalformedRequest
from lapak.core.schemas import ErrorOut
from lapak.market.affiliates.selectors_attribution import ClickScope
from lapak.market.checkout.api_schemas import (
    AcknowledgeIn,
    CartOut,
    CheckoutIn,
    LineAddIn,
    LineQuantityIn,
    cart_out,
)
from lapak.market.checkout.errors import CartLineNotFound
from lapak.market.checkout.models import Cart
from lapak.market.checkout.selectors import cart_of_user, cart_view
from lapak.market.checkout.services import (
    cart_acknowledge,
    cart_line_add,
    cart_line_remove,
    cart_line_update,
    cart_open,
    checkout_place,
)
from lapak.market.orders.api_schemas import OrderOut, order_out
from lapak.market.orders.selectors import order_of_buyer

router = Router(tags=["cart"])

E = ErrorOut
READ_ERRORS = {401: E, 403: E}
WRITE_ERRORS = {400: E, 401: E, 403: E, 404: E, 409: E, 422: E}


def _mine(request: HttpRequest) -> Cart:
    cart = cart_of_user(user=request.auth)
    if cart is None:
        raise CartLineNotFound()
    return cart


def _answer(cart: Cart | None) -> dict:
    return cart_out(cart_view(cart=cart))


@router.get("", response={200: CartOut, **READ_ERRORS}, summary="My cart",
            description="Lines grouped by seller, with live prices and stock, and flags for every change since "
                        "a line was added. Totals use live prices; `can_checkout` is false while a flag is open.")
def cart_read(request: HttpRequest) -> dict:
    return _answer(cart_of_user(user=request.auth))


@router.post("/lines", response={201: CartOut, **WRITE_ERRORS}, summary="Add a product to my cart",
             description="Adds to the variant's line if there is one. Refused (422, on `variant` or `quantity`) "
                         "for a product not for sale, a quantity outside 1–10,000 or beyond the stock available.")
def line_add(request: HttpRequest, payload: LineAddIn) -> Status:
    with transaction.atomic():  # a refused first add leaves no empty cart behind
        cart = cart_open(user=request.auth)
        cart_line_add(cart=cart, variant_id=payload.variant, quantity=payload.quantity,
                      clicks=ClickScope(user_id=request.auth.pk))
    return Status(201, _answer(cart))


@router.patch("/lines/{variant_id}", response={200: CartOut, **WRITE_ERRORS}, summary="Change a line's quantity",
              description="0 removes the line. Raising the quantity needs the product for sale and the units "
                          "available; lowering always works.")
def line_update(request: HttpRequest, variant_id: str, payload: LineQuantityIn) -> dict:
    cart = _mine(request)
    cart_line_update(cart=cart, variant_id=variant_id, quantity=payload.quantity)
    return _answer(cart)


@router.delete("/lines/{variant_id}", response={200: CartOut, **WRITE_ERRORS}, summary="Remove a line")
def line_remove(request: HttpRequest, variant_id: str) -> dict:
    cart = _mine(request)
    cart_line_remove(cart=cart, variant_id=variant_id)
    return _answer(cart)


@router.post("/acknowledge", response={200: CartOut, **WRITE_ERRORS}, summary="Accept new prices",
             description="Send the live price shown for each line whose price changed. If a price moved again "
                         "since, 409 `price_changed_again` and nothing changes.")
def acknowledge(request: HttpRequest, payload: AcknowledgeIn) -> dict:
    cart = _mine(request)
    cart_acknowledge(cart=cart, prices={line.variant: line.price for line in payload.lines})
    return _answer(cart)


@router.post("/checkout", response={201: OrderOut, **WRITE_ERRORS}, summary="Place my cart as an order",
             description="Requires an `Idempotency-Key` header (400 `idempotency_key_required` without one): a "
                         "repeat with the same key answers with the same order. Refused with nothing written for "
                         "an empty cart (422 `cart_empty`), flagged lines (409 `cart_not_ready`, every line named), "
                         "an unknown address (422 `address_not_found`), a courier not serving the route (422 "
                         "`courier_not_serving`), a voucher that does not apply (422 with its reason), too little "
                         "stock (409 `insufficient_stock`). The order awaits payment until `payment_due_at`.")
def checkout(request: HttpRequest, payload: CheckoutIn) -> Status:
    key = request.headers.get("Idempotency-Key")
    if not key:
        raise MalformedRequest(_("Send an Idempotency-Key header so a repeated click places one order."),
                               code="idempotency_key_required")
    order = checkout_place(buyer=request.auth, address_public_id=payload.address,
                           shipping_choices={k: (v.courier, v.service) for k, v in payload.shipping.items()},
                           voucher_codes=payload.vouchers, idempotency_key=key)
    return Status(201, order_out(order_of_buyer(buyer=request.auth, public_id=order.public_id)))
