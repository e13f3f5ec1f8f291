"""Cash on delivery in the API (ADR 0010), a router to mount next to the payments router at /api/v1/payments/:

- Buyers (bearer token): `GET /orders/{order_id}/cod` says whether the order may be paid on delivery and, when
  not, why (in the request's language), with the ceiling. Another buyer's order is 404. Choosing it is the
  payments router's `POST /orders/{order_id}/intents` {"method": "cod"} (201, or 422 `cod_not_available`);
  `GET /orders/{order_id}/cod` afterwards lists each parcel's cash and status.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from lapak.core.schemas import ErrorOut
from lapak.market.orders.models import OrderStatus
from lapak.market.orders.selectors import order_of_buyer
from lapak.market.payments import policy
from lapak.market.payments.selectors import intent_current
from lapak.market.payments.selectors_cod import cod_parcels_of
from lapak.market.payments.services.cod_rules import cod_availability

router = Router(tags=["payments"])
E = ErrorOut


class CodParcelOut(Schema):
    id: str
    seller_order_id: str
    amount: int
    status: str
    tracking_number: str


class CodOut(Schema):
    available: bool
    reason: str
    max_order_total: int
    currency: str = "IDR"
    chosen: bool
    parcels: list[CodParcelOut]


@router.get("/orders/{order_id}/cod", response={200: CodOut, 401: E, 404: E},
            summary="Can my order be paid on delivery?",
            description="Whether cash on delivery is available for the order (it awaits payment, its total is "
                        "within the ceiling, and every courier collects cash), the reason when not, and, once "
                        "chosen, the cash each parcel collects.")
def cod_get(request: HttpRequest, order_id: str) -> dict:
    order = order_of_buyer(buyer=request.auth, public_id=order_id)
    intent = intent_current(order=order)
    chosen = intent is not None and intent.method == "cod"
    if order.status == OrderStatus.AWAITING_PAYMENT:
        availability = cod_availability(order=order)
        available, reason = availability.allowed, availability.reason
    else:
        available, reason = False, ""
    parcels = [{"id": p.public_id, "seller_order_id": p.seller_order.public_id, "amount": p.amount,
                "status": p.status, "tracking_number": p.tracking_number}
               for p in (cod_parcels_of(intent=intent) if chosen else [])]
    return {"available": available, "reason": reason, "max_order_total": policy.cod_max_order_total(),
            "chosen": chosen, "parcels": parcels}
