"""The orders API under /api/v1/orders/.

- Buyers (bearer token): `GET ""` their orders, `GET /{order_id}` one with its timeline, `POST
  /{order_id}/cancel` before payment, `POST /{order_id}/seller-orders/{seller_order_id}/confirm` once a seller
  order is delivered (not delivered, or already completed: 409). Another buyer's order is 404, as a missing one.
- Sellers (`SellerCaller`: signed in, not a regulator): `GET /seller/{organisation_id}/orders` the shop's
  seller orders; owners and managers `POST …/{seller_order_id}/accept`, `…/cancel` with a reason and `…/ship`
  (book the courier, or give the tracking number) (staff 403); outside the shop, or another shop's seller
  order, 404.
- Returns and parcel tracking (buyer, shop and operators): api_returns.py and api_returns_desk.py; notes on
  a seller order's timeline from either side: api_notes.py.
Placing an order is `POST /api/v1/cart/checkout`.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from lapak.core.schemas import ErrorOut
from lapak.market.orders import selectors
from lapak.market.orders.api_notes import buyer as notes_buyer
from lapak.market.orders.api_notes import seller as notes_seller
from lapak.market.orders.api_returns import router as returns_buyer
from lapak.market.orders.api_returns_desk import operator as returns_operator
from lapak.market.orders.api_returns_desk import seller as returns_seller
from lapak.market.orders.api_schemas import (
    CancelIn,
    OrderOut,
    SellerOrderDeskOut,
    ShipIn,
    order_out,
    seller_order_desk_out,
)
from lapak.market.orders.errors import OrderNotFound
from lapak.market.orders.models import SellerOrderStatus
from lapak.market.orders.services import (
    order_cancel_unpaid,
    seller_order_confirm_received,
    seller_order_ship,
    seller_order_transition,
)
from lapak.market.orders.transitions import BUYER, SELLER
from lapak.market.sellers.api_common import PageQuery, SellerCaller
from lapak.market.sellers.permissions import EDITORS, require_member
from lapak.market.sellers.selectors import organisation_for

buyer = Router(tags=["orders"])
E = ErrorOut
READ_ERRORS = {401: E, 403: E, 404: E}
WRITE_ERRORS = {400: E, 401: E, 403: E, 404: E, 409: E, 422: E}


@buyer.get("", response={200: list[OrderOut], **READ_ERRORS}, summary="My orders, newest first")
def order_list(request: HttpRequest, page: Query[PageQuery]) -> list[dict]:
    orders = selectors.orders_of_buyer(buyer=request.auth)[page.offset:page.offset + page.limit]
    return [order_out(order) for order in orders]


@buyer.get("/{order_id}", response={200: OrderOut, **READ_ERRORS}, summary="One of my orders, with its timeline")
def order_detail(request: HttpRequest, order_id: str) -> dict:
    return order_out(selectors.order_of_buyer(buyer=request.auth, public_id=order_id))


@buyer.post("/{order_id}/cancel", response={200: OrderOut, **WRITE_ERRORS}, summary="Cancel my unpaid order",
            description="Releases the stock and vouchers held for it. A paid order: 409.")
def order_cancel(request: HttpRequest, order_id: str) -> dict:
    order = selectors.order_of_buyer(buyer=request.auth, public_id=order_id)
    order_cancel_unpaid(order=order, actor_kind=BUYER, actor=request.auth)
    return order_out(selectors.order_of_buyer(buyer=request.auth, public_id=order_id))


@buyer.post("/{order_id}/seller-orders/{seller_order_id}/confirm", response={200: OrderOut, **WRITE_ERRORS},
            summary="Confirm one shop's parcel arrived",
            description="Completes a delivered seller order. Not delivered, or already completed: 409.")
def seller_order_confirm(request: HttpRequest, order_id: str, seller_order_id: str) -> dict:
    order = selectors.order_of_buyer(buyer=request.auth, public_id=order_id)
    so = next((s for s in order.seller_orders.all() if s.public_id == seller_order_id), None)
    if so is None:
        raise OrderNotFound()
    seller_order_confirm_received(seller_order=so, buyer=request.auth)
    return order_out(selectors.order_of_buyer(buyer=request.auth, public_id=order_id))


seller = Router(auth=SellerCaller(), tags=["orders: seller desk"])
ORDERS = "/seller/{organisation_id}/orders"
ORDER = ORDERS + "/{seller_order_id}"


@seller.get(ORDERS, response={200: list[SellerOrderDeskOut], **READ_ERRORS}, summary="The shop's orders",
            description="Newest first; `status` filters (e.g. `paid`: waiting for the shop to accept).")
def seller_order_list(request: HttpRequest, organisation_id: str, page: Query[PageQuery],
                      status: SellerOrderStatus | None = None) -> list[dict]:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    rows = selectors.seller_orders_of(seller=shop, status=status)[page.offset:page.offset + page.limit]
    return [seller_order_desk_out(so) for so in rows]


def _step(request: HttpRequest, organisation_id: str, seller_order_id: str, to: str, reason: str = "") -> dict:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    require_member(shop, request.auth, EDITORS)
    so = selectors.seller_order_of(seller=shop, public_id=seller_order_id)
    seller_order_transition(seller_order=so, to=to, actor_kind=SELLER, actor=request.auth, reason=reason)
    return seller_order_desk_out(selectors.seller_order_of(seller=shop, public_id=seller_order_id))


@seller.post(ORDER + "/accept", response={200: SellerOrderDeskOut, **WRITE_ERRORS},
             summary="Accept a paid order (owner or manager)", description="Only a paid order; otherwise 409.")
def seller_order_accept(request: HttpRequest, organisation_id: str, seller_order_id: str) -> dict:
    return _step(request, organisation_id, seller_order_id, SellerOrderStatus.ACCEPTED)


@seller.post(ORDER + "/cancel", response={200: SellerOrderDeskOut, **WRITE_ERRORS},
             summary="Cancel an order with a reason (owner or manager)",
             description="Before shipping. The buyer sees the reason; refunds follow through payments.")
def seller_order_cancel(request: HttpRequest, organisation_id: str, seller_order_id: str, payload: CancelIn) -> dict:
    return _step(request, organisation_id, seller_order_id, SellerOrderStatus.CANCELLED, payload.reason)


@seller.post(ORDER + "/ship", response={200: SellerOrderDeskOut, **WRITE_ERRORS},
             summary="Ship an accepted order (owner or manager)",
             description="Without `tracking_number` the courier is booked from Lapak (the sandbox courier always "
                         "can; a courier that cannot be booked answers 422 `tracking_number_required`). With it, "
                         "the number from the courier's receipt is stored. Not accepted: 409.")
def seller_order_ship_api(request: HttpRequest, organisation_id: str, seller_order_id: str, payload: ShipIn) -> dict:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    require_member(shop, request.auth, EDITORS)
    so = selectors.seller_order_of(seller=shop, public_id=seller_order_id)
    seller_order_ship(seller_order=so, actor=request.auth, courier_code=payload.courier,
                      service_code=payload.service, tracking_number=payload.tracking_number)
    return seller_order_desk_out(selectors.seller_order_of(seller=shop, public_id=seller_order_id))


# Returns first: their fixed paths (`/returns`, `/operator/returns`) would otherwise be read as an order id.
router = Router()
for part in (returns_buyer, returns_seller, returns_operator, buyer, seller, notes_buyer, notes_seller):
    router.add_router("", part)
