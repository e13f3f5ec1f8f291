"""Returns for the shop and for Lapak's operators, under /api/v1/orders/.

- Shops (`SellerCaller`): `GET /seller/{organisation_id}/returns` and one return, for every member; owners and
  managers `POST …/{return_id}/accept`, `…/refuse` and `…/confirm-received` (staff 403); `GET
  /seller/{organisation_id}/orders/{seller_order_id}/shipments` tracks the parcels there and back. Outside the
  shop, or another shop's return, 404.
- Operators (`OperatorCaller`, 403 for anyone else): `GET /operator/returns` (e.g. `?status=disputed`), one
  return, and `POST /operator/returns/{return_id}/decide`.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from lapak.market.orders import selectors
from lapak.market.orders.api_returns import IDEMPOTENT, READ_ERRORS, WRITE_ERRORS, render
from lapak.market.orders.api_schemas_returns import (
    ReturnAcceptIn,
    ReturnDecideIn,
    ReturnOut,
    ReturnRefuseIn,
    ShipmentOut,
    shipment_out,
)
from lapak.market.orders.models import ReturnRequest, ReturnStatus
from lapak.market.orders.returns.selectors_access import (
    return_for_operator,
    return_of_seller,
    returns_for_operator,
    returns_of_seller,
    shipments_for,
)
from lapak.market.orders.returns.services import return_answer, return_decide
from lapak.market.orders.returns.shipping import return_confirm_received
from lapak.market.sellers.api_common import OperatorCaller, PageQuery, SellerCaller
from lapak.market.sellers.permissions import EDITORS, require_member
from lapak.market.sellers.selectors import organisation_for

seller = Router(auth=SellerCaller(), tags=["orders: seller returns"])
RETURNS = "/seller/{organisation_id}/returns"
RETURN = RETURNS + "/{return_id}"


@seller.get(RETURNS, response={200: list[ReturnOut], **READ_ERRORS}, summary="The shop's returns",
            description="Newest first; `status` filters (e.g. `requested`: waiting for the shop's answer before "
                        "`due_at`, after which Lapak decides). Every member may read.")
def seller_return_list(request: HttpRequest, organisation_id: str, page: Query[PageQuery],
                       status: ReturnStatus | None = None) -> list[dict]:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    return render(list(returns_of_seller(seller=shop, status=status)[page.offset:page.offset + page.limit]))


@seller.get(RETURN, response={200: ReturnOut, **READ_ERRORS}, summary="One of the shop's returns")
def seller_return_detail(request: HttpRequest, organisation_id: str, return_id: str) -> dict:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    return render([return_of_seller(seller=shop, public_id=return_id)])[0]


def _editable(request: HttpRequest, organisation_id: str, return_id: str) -> tuple[object, ReturnRequest]:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    require_member(shop, request.auth, EDITORS)
    return shop, return_of_seller(seller=shop, public_id=return_id)


def _fresh(shop: object, return_id: str) -> dict:
    return render([return_of_seller(seller=shop, public_id=return_id)])[0]


@seller.post(RETURN + "/accept", response={200: ReturnOut, **WRITE_ERRORS},
             summary="Accept a return (owner or manager)",
             description="Only a return waiting for the shop (`requested`); otherwise 409 `return_step_not_allowed`. "
                         "`goods_back: false` settles without the goods: the refund is requested at once."
                         + IDEMPOTENT)
def seller_return_accept(request: HttpRequest, organisation_id: str, return_id: str, payload: ReturnAcceptIn) -> dict:
    shop, ret = _editable(request, organisation_id, return_id)
    return_answer(return_request=ret, seller_actor=request.auth, accept=True, goods_back=payload.goods_back)
    return _fresh(shop, return_id)


@seller.post(RETURN + "/refuse", response={200: ReturnOut, **WRITE_ERRORS},
             summary="Refuse a return with a reason (owner or manager)",
             description="Only a `requested` return; otherwise 409. The buyer sees the reason and may ask Lapak to "
                         "decide (`disputed`) before `due_at`." + IDEMPOTENT)
def seller_return_refuse(request: HttpRequest, organisation_id: str, return_id: str, payload: ReturnRefuseIn) -> dict:
    shop, ret = _editable(request, organisation_id, return_id)
    return_answer(return_request=ret, seller_actor=request.auth, accept=False, reason=payload.reason)
    return _fresh(shop, return_id)


@seller.post(RETURN + "/confirm-received", response={200: ReturnOut, **WRITE_ERRORS},
             summary="Confirm the returned goods arrived (owner or manager)",
             description="Only a return on its way back (`shipped_back`); otherwise 409. Requests the refund (the "
                         "courier's delivery scan does the same on its own)." + IDEMPOTENT)
def seller_return_received(request: HttpRequest, organisation_id: str, return_id: str) -> dict:
    shop, ret = _editable(request, organisation_id, return_id)
    return_confirm_received(return_request=ret, seller_actor=request.auth)
    return _fresh(shop, return_id)


@seller.get("/seller/{organisation_id}/orders/{seller_order_id}/shipments",
            response={200: list[ShipmentOut], **READ_ERRORS}, summary="Track an order's parcels",
            description="The parcel to the buyer and any parcel of a return coming back, oldest first, each with "
                        "the courier's events. Every member may read.")
def seller_shipments(request: HttpRequest, organisation_id: str, seller_order_id: str) -> list[dict]:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    so = selectors.seller_order_of(seller=shop, public_id=seller_order_id)
    refs = [so.public_id, *so.returns.values_list("public_id", flat=True)]
    return [shipment_out(s) for s in shipments_for(refs=refs)]


operator = Router(auth=OperatorCaller(), tags=["orders: operator returns"])
QUEUE = "/operator/returns"


@operator.get(QUEUE, response={200: list[ReturnOut], **READ_ERRORS}, summary="Returns, oldest first (operators)",
              description="`status=disputed`: the returns waiting for Lapak's decision (refused and disputed by "
                          "the buyer, or not answered by the shop in time).")
def operator_return_list(request: HttpRequest, page: Query[PageQuery], status: ReturnStatus | None = None,
                         ) -> list[dict]:
    return render(list(returns_for_operator(status=status)[page.offset:page.offset + page.limit]))


@operator.get(QUEUE + "/{return_id}", response={200: ReturnOut, **READ_ERRORS}, summary="One return (operators)")
def operator_return_detail(request: HttpRequest, return_id: str) -> dict:
    return render([return_for_operator(public_id=return_id)])[0]


@operator.post(QUEUE + "/{return_id}/decide", response={200: ReturnOut, **WRITE_ERRORS},
               summary="Decide a disputed return (operators)",
               description="`accept: true` sides with the buyer (`goods_back` as for the shop's acceptance); "
                           "`false` closes it without a refund (`rejected`). The `note` is shown to the buyer and "
                           "the shop. Only a `disputed` return; otherwise 409." + IDEMPOTENT)
def operator_return_decide(request: HttpRequest, return_id: str, payload: ReturnDecideIn) -> dict:
    return_decide(return_request=return_for_operator(public_id=return_id), operator=request.auth,
                  accept=payload.accept, note=payload.note, goods_back=payload.goods_back)
    return render([return_for_operator(public_id=return_id)])[0]
