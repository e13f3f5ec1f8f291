"""The buyer's side of returns and parcel tracking, under /api/v1/orders/ (bearer token; the caller is the buyer).

- `POST /{order_id}/seller-orders/{seller_order_id}/returns` asks to send back units of a delivered seller order
  (JSON); `POST /returns/{return_id}/photos` then adds pictures one by one (multipart) while the shop has not
  answered.
- `GET /returns`, `GET /returns/{return_id}`: the buyer's returns with lines, refund, photos and the parcel back.
- `POST /returns/{return_id}/withdraw`, `/dispute`, `/ship-back`: the buyer's steps.
- `GET /{order_id}/seller-orders/{seller_order_id}/shipments`: every parcel of a seller order (there and back)
  with the courier's events.

Another buyer's order or return is 404, exactly as a missing one. The shop's and operators' endpoints are in
api_returns_desk.py. This router is mounted before the order routes so that `/returns` is not read as an order id.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import File, Query, Router, Status, UploadedFile

from lapak.core.errors import ValidationFailed
from lapak.core.schemas import ErrorOut
from lapak.market.orders import selectors
from lapak.market.orders.api_schemas_returns import (
    DisputeIn,
    ReturnOpenIn,
    ReturnOut,
    ShipBackIn,
    ShipmentOut,
    return_out,
    shipment_out,
)
from lapak.market.orders.errors import OrderNotFound
from lapak.market.orders.models import ReturnRequest, ReturnStatus, SellerOrder
from lapak.market.orders.returns.photos import return_photo_add
from lapak.market.orders.returns.selectors_access import return_of_buyer, returns_of_buyer, shipments_for
from lapak.market.orders.returns.services import return_dispute, return_request_open, return_withdraw
from lapak.market.orders.returns.shipping import return_ship_back
from lapak.market.sellers.api_common import PageQuery, required_file

E = ErrorOut
READ_ERRORS = {401: E, 403: E, 404: E}
WRITE_ERRORS = {400: E, 401: E, 403: E, 404: E, 409: E, 422: E}
IDEMPOTENT = (" Send an `Idempotency-Key` header to make a retry safe: the same key and body within 24 hours "
              "replays the first answer.")

router = Router(tags=["orders: returns (buyer)"])
RETURN = "/returns/{return_id}"


def render(rows: list[ReturnRequest]) -> list[dict]:
    """Returns as the API shows them, with their parcels loaded in one query."""
    shipments = shipments_for(refs=[r.public_id for r in rows])
    return [return_out(r, shipments) for r in rows]


def _mine(request: HttpRequest, return_id: str) -> dict:
    return render([return_of_buyer(buyer=request.auth, public_id=return_id)])[0]


def _seller_order(request: HttpRequest, order_id: str, seller_order_id: str) -> SellerOrder:
    order = selectors.order_of_buyer(buyer=request.auth, public_id=order_id)
    so = next((s for s in order.seller_orders.all() if s.public_id == seller_order_id), None)
    if so is None:
        raise OrderNotFound()
    return so


@router.post("/{order_id}/seller-orders/{seller_order_id}/returns", response={201: ReturnOut, **WRITE_ERRORS},
             summary="Ask to return items of a delivered parcel",
             description="Only a delivered (or completed) seller order, before its return deadline (at least 2 "
                         "working days after delivery; 409 `return_window_closed`), and only one open return per "
                         "seller order (409 `return_already_open`). `lines` name variants of the seller order "
                         "with the units to send back: an unknown variant or a quantity above what was bought "
                         "less earlier returns is 422 naming `lines.<variant>`; no unit at all is 422 `lines`. "
                         "The refund amount is fixed now and shown in the answer. Add photos afterwards with "
                         "`POST /api/v1/orders/returns/{return_id}/photos`." + IDEMPOTENT)
def return_open(request: HttpRequest, order_id: str, seller_order_id: str, payload: ReturnOpenIn) -> Status:
    so = _seller_order(request, order_id, seller_order_id)
    quantities: dict[str, int] = {}
    for line in payload.lines:
        if line.variant in quantities:
            raise ValidationFailed(fields={f"lines.{line.variant}": [_("Name each item once.")]})
        quantities[line.variant] = line.quantity
    ret = return_request_open(seller_order=so, buyer=request.auth, quantities=quantities,
                              reason=str(payload.reason), description=payload.description)
    return Status(201, _mine(request, ret.public_id))


@router.get("/returns", response={200: list[ReturnOut], **READ_ERRORS}, summary="My returns, newest first",
            description="`status` filters, e.g. `accepted`: waiting for me to send the goods back.")
def return_list(request: HttpRequest, page: Query[PageQuery], status: ReturnStatus | None = None) -> list[dict]:
    rows = returns_of_buyer(buyer=request.auth, status=status)[page.offset:page.offset + page.limit]
    return render(list(rows))


@router.get(RETURN, response={200: ReturnOut, **READ_ERRORS}, summary="One of my returns",
            description="With its lines, photos, refund, deadline (`due_at`), the shop's refusal reason, Lapak's "
                        "decision and the parcel back with its tracking events.")
def return_detail(request: HttpRequest, return_id: str) -> dict:
    return _mine(request, return_id)


@router.post(RETURN + "/photos", response={201: ReturnOut, 413: E, **WRITE_ERRORS},
             summary="Add a photo of the problem to my return",
             description="Multipart, one picture in the field `file` (JPEG, PNG or WebP content, stored at most "
                         "1600 px on its long side, without metadata). At most 5 per return (422 "
                         "`too_many_photos`), and only while the shop has not answered (409 "
                         "`return_step_not_allowed`). Uploads ignore `Idempotency-Key`.")
def return_photo(request: HttpRequest, return_id: str,
                 file: UploadedFile | None = File(None, description="The picture.")) -> Status:  # noqa: B008
    ret = return_of_buyer(buyer=request.auth, public_id=return_id)
    return_photo_add(return_request=ret, buyer=request.auth, data=required_file(file).read())
    return Status(201, _mine(request, return_id))


@router.post(RETURN + "/withdraw", response={200: ReturnOut, **WRITE_ERRORS}, summary="Withdraw my return",
             description="Any open return not yet on its way back; otherwise 409 `return_step_not_allowed`."
                         + IDEMPOTENT)
def return_withdraw_api(request: HttpRequest, return_id: str) -> dict:
    return_withdraw(return_request=return_of_buyer(buyer=request.auth, public_id=return_id), buyer=request.auth)
    return _mine(request, return_id)


@router.post(RETURN + "/dispute", response={200: ReturnOut, **WRITE_ERRORS},
             summary="Ask Lapak to decide a refused return",
             description="Only a refused return, before `due_at` (after it the refusal stands); otherwise 409. "
                         "An operator then accepts or rejects it." + IDEMPOTENT)
def return_dispute_api(request: HttpRequest, return_id: str, payload: DisputeIn) -> dict:
    return_dispute(return_request=return_of_buyer(buyer=request.auth, public_id=return_id), buyer=request.auth,
                   note=payload.note)
    return _mine(request, return_id)


@router.post(RETURN + "/ship-back", response={200: ReturnOut, **WRITE_ERRORS},
             summary="Send the goods of an accepted return back to the shop",
             description="Without `tracking_number` the courier the parcel came with is booked from Lapak (the "
                         "sandbox courier always can; one that cannot be booked answers 422 "
                         "`tracking_number_required`: hand the parcel over and send the receipt's number). Only "
                         "an accepted return that wants the goods back; otherwise 409. The courier's delivery to "
                         "the shop (or the shop's confirmation) requests the refund." + IDEMPOTENT)
def return_ship_back_api(request: HttpRequest, return_id: str, payload: ShipBackIn) -> dict:
    return_ship_back(return_request=return_of_buyer(buyer=request.auth, public_id=return_id), buyer=request.auth,
                     tracking_number=payload.tracking_number)
    return _mine(request, return_id)


@router.get("/{order_id}/seller-orders/{seller_order_id}/shipments", response={200: list[ShipmentOut], **READ_ERRORS},
            summary="Track one shop's parcels of my order",
            description="The parcel to me and any parcel of a return going back, oldest first, each with the "
                        "courier's events. Empty before the shop ships.")
def shipments_mine(request: HttpRequest, order_id: str, seller_order_id: str) -> list[dict]:
    so = _seller_order(request, order_id, seller_order_id)
    refs = [so.public_id, *so.returns.values_list("public_id", flat=True)]
    return [shipment_out(s) for s in shipments_for(refs=refs)]
