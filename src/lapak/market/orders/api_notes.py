"""Notes on a seller order's timeline, from the buyer (`POST /{order_id}/seller-orders/{seller_order_id}/notes`)
or from the shop's owners and managers (`POST /seller/{organisation_id}/orders/{seller_order_id}/notes`).
Both sides read every note in the order's timeline (`kind` "note", `data.text`)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Status

from lapak.core.schemas import ErrorOut, StrictSchema
from lapak.market.orders import selectors
from lapak.market.orders.api_schemas import EventOut, event_out
from lapak.market.orders.errors import OrderNotFound
from lapak.market.orders.services import seller_order_note_add
from lapak.market.orders.services.notes import MAX_NOTE
from lapak.market.orders.transitions import BUYER, SELLER
from lapak.market.sellers.api_common import SellerCaller
from lapak.market.sellers.permissions import EDITORS, require_member
from lapak.market.sellers.selectors import organisation_for

E = ErrorOut
ERRORS = {400: E, 401: E, 403: E, 404: E, 422: E}
DESCRIPTION = ("1–500 characters, on a paid seller order; at most 20 a day from each side. The other side is "
               "e-mailed. Answers the note as a timeline entry.")


class NoteIn(StrictSchema):
    text: str = Field(..., min_length=1, max_length=MAX_NOTE, description="The note, as the other side reads it.")


buyer = Router(tags=["orders"])
seller = Router(auth=SellerCaller(), tags=["orders: seller desk"])


@buyer.post("/{order_id}/seller-orders/{seller_order_id}/notes", response={201: EventOut, **ERRORS},
            summary="Write a note to the shop about its part of my order", description=DESCRIPTION)
def buyer_note(request: HttpRequest, order_id: str, seller_order_id: str, payload: NoteIn) -> Status:
    order = selectors.order_of_buyer(buyer=request.auth, public_id=order_id)
    so = next((s for s in order.seller_orders.all() if s.public_id == seller_order_id), None)
    if so is None:
        raise OrderNotFound()
    return Status(201, event_out(seller_order_note_add(seller_order=so, actor=request.auth, actor_kind=BUYER,
                                                text=payload.text)))


@seller.post("/seller/{organisation_id}/orders/{seller_order_id}/notes", response={201: EventOut, **ERRORS},
             summary="Write a note to the buyer (owner or manager)", description=DESCRIPTION)
def seller_note(request: HttpRequest, organisation_id: str, seller_order_id: str, payload: NoteIn) -> Status:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    require_member(shop, request.auth, EDITORS)
    so = selectors.seller_order_of(seller=shop, public_id=seller_order_id)
    return Status(201, event_out(seller_order_note_add(seller_order=so, actor=request.auth, actor_kind=SELLER,
                                                text=payload.text)))
