"""Shapes of the returns and shipments endpoints of the orders API. Money is whole rupiah ("IDR")."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from lapak.core.schemas import StrictSchema
from lapak.market.orders.models import ReturnReason, ReturnRequest
from lapak.market.shipping.models import Shipment

MAX_LINES = 100


class ReturnLineIn(StrictSchema):
    variant: str = Field(..., max_length=40, description="The variant id of a line of the seller order.")
    quantity: int = Field(..., ge=0, le=100_000, strict=True,
                          description="Units to send back: up to what was bought less earlier returns.")


class ReturnOpenIn(StrictSchema):
    lines: list[ReturnLineIn] = Field(..., max_length=MAX_LINES,
                                      description="What to return; each variant at most once, at least one unit.")
    reason: ReturnReason = Field(..., description="Why: `damaged`, `defective`, `wrong_item`, `missing_parts`, "
                                                  "`not_as_described` (needs a description) or `changed_mind`.")
    description: str = Field("", max_length=1000, description="What is wrong, in the buyer's words.")


class DisputeIn(StrictSchema):
    note: str = Field("", max_length=1000, description="What Lapak should know about the seller's refusal.")


class ShipBackIn(StrictSchema):
    tracking_number: str = Field("", max_length=64, description="Leave empty to book the courier from Lapak; give "
                                                                "the receipt's number when it cannot be booked.")


class ReturnAcceptIn(StrictSchema):
    goods_back: bool = Field(True, strict=True, description="false: refund without the goods coming back (the "
                                                            "refund is requested at once).")


class ReturnRefuseIn(StrictSchema):
    reason: str = Field(..., min_length=1, max_length=300, description="Why the shop refuses (the buyer sees it).")


class ReturnDecideIn(StrictSchema):
    accept: bool = Field(..., strict=True, description="true: the buyer is right; false: the return is closed.")
    goods_back: bool = Field(True, strict=True, description="When accepting: must the goods come back first?")
    note: str = Field(..., min_length=1, max_length=1000, description="The decision's reasons (buyer and shop "
                                                                      "see it).")


class ReturnLineOut(Schema):
    variant: str
    title: str
    variant_label: str
    sku: str
    unit_price: int
    quantity: int


class ReturnPhotoOut(Schema):
    id: str = Field(..., description="The photo's id (the picture is served by the return's page, to the buyer, "
                                     "the shop and operators only).")
    width: int
    height: int


class RefundOut(Schema):
    id: str
    amount: int
    status: str
    requested_at: datetime
    due_at: datetime = Field(..., description="ID-CON-2: paid back within 7 days of the request.")


class TrackingEventOut(Schema):
    status: str
    description: str
    location: str
    occurred_at: datetime


class ShipmentOut(Schema):
    id: str
    of: str = Field(..., description="What the parcel carries: the seller order's id, or a return's id (`ret_…`) "
                                     "for goods travelling back to the shop.")
    courier: str
    service: str
    tracking_number: str | None
    status: str = Field(..., description="`created`, `picked_up`, `in_transit`, `delivered`, `failed`, `returned`.")
    status_since: datetime
    events: list[TrackingEventOut] = Field(..., description="The courier's events, oldest first.")


class ReturnOut(Schema):
    id: str
    order: str
    seller_order: str
    seller: str = Field(..., description="The seller organisation's id.")
    shop_name: str
    status: str = Field(..., description="`requested`, `accepted`, `refused`, `disputed`, `shipped_back`, "
                                         "`refund_requested`, `rejected` or `withdrawn`.")
    reason: str
    description: str
    goods_back: bool
    currency: str = "IDR"
    refund_amount: int = Field(..., description="Fixed when the return is asked for: the goods' price less their "
                                                "share of discounts (plus shipping for a whole, seller-fault return).")
    refusal_reason: str
    dispute_note: str
    decision_note: str
    requested_at: datetime
    due_at: datetime | None = Field(..., description="When the party whose turn it is must act; null when none.")
    closed_at: datetime | None
    lines: list[ReturnLineOut]
    photos: list[ReturnPhotoOut]
    refund: RefundOut | None
    shipments: list[ShipmentOut] = Field(..., description="The parcel taking the goods back, with tracking.")


def shipment_out(shipment: Shipment) -> dict:
    return {"id": shipment.public_id, "of": shipment.seller_order_ref, "courier": shipment.courier.code,
            "service": shipment.service.code, "tracking_number": shipment.tracking_number,
            "status": shipment.status, "status_since": shipment.status_occurred_at,
            "events": [{"status": e.status, "description": e.description, "location": e.location,
                        "occurred_at": e.occurred_at} for e in shipment.events.all()]}


def return_out(ret: ReturnRequest, shipments: list[Shipment]) -> dict:
    so = ret.seller_order
    refund = getattr(ret, "refund", None)
    return {
        "id": ret.public_id, "order": so.order.public_id, "seller_order": so.public_id,
        "seller": so.seller.public_id, "shop_name": so.seller.shop_name, "status": ret.status,
        "reason": ret.reason, "description": ret.description, "goods_back": ret.goods_back, "currency": "IDR",
        "refund_amount": ret.refund_amount, "refusal_reason": ret.refusal_reason, "dispute_note": ret.dispute_note,
        "decision_note": ret.decision_note, "requested_at": ret.requested_at, "due_at": ret.due_at,
        "closed_at": ret.closed_at,
        "lines": [{"variant": r.order_line.variant.public_id, "title": r.order_line.title,
                   "variant_label": r.order_line.variant_label, "sku": r.order_line.sku,
                   "unit_price": r.order_line.unit_price, "quantity": r.quantity} for r in ret.lines.all()],
        "photos": [{"id": p.public_id, "width": p.width, "height": p.height} for p in ret.photos.all()],
        "refund": None if refund is None else {"id": refund.public_id, "amount": refund.amount,
                                               "status": refund.status, "requested_at": refund.requested_at,
                                               "due_at": refund.due_at},
        "shipments": [shipment_out(s) for s in shipments if s.seller_order_ref == ret.public_id],
    }
