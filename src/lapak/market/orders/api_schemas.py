"""Output and input shapes of the orders API. Money is whole rupiah with `currency` "IDR"; prices include PPN."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from lapak.core.schemas import StrictSchema
from lapak.market.orders.models import Order, OrderEvent, OrderLine, SellerOrder


class LineOut(Schema):
    variant: str
    title: str
    variant_label: str
    sku: str
    unit_price: int
    quantity: int
    weight_grams: int
    origin: str
    line_total: int


class ShippingOut(Schema):
    courier: str
    service: str
    fee: int
    eta_min_days: int
    eta_max_days: int
    origin_village: str


class SellerOrderOut(Schema):
    id: str
    seller: str = Field(..., description="The seller organisation's id.")
    shop_name: str
    status: str
    shipping: ShippingOut
    goods_subtotal: int
    seller_discount: int
    ppn_amount: int
    cancel_reason: str
    lines: list[LineOut]


class AddressOut(Schema):
    recipient_name: str
    phone: str
    street: str
    village_code: str
    village: str
    district: str
    regency: str
    province: str
    postcode: str


class EventOut(Schema):
    kind: str
    seller_order: str | None
    from_status: str
    to_status: str
    actor: str
    data: dict
    at: datetime


class OrderOut(Schema):
    id: str
    status: str
    currency: str = "IDR"
    goods_total: int
    shipping_total: int
    seller_discount_total: int
    platform_discount: int
    discount_total: int
    grand_total: int
    ppn_total: int = Field(..., description="The PPN (VAT) contained in the goods after discounts (ID-TAX-1).")
    placed_at: datetime
    payment_due_at: datetime
    paid_at: datetime | None
    address: AddressOut
    seller_orders: list[SellerOrderOut]
    events: list[EventOut]


class SellerOrderDeskOut(SellerOrderOut):
    order: str
    placed_at: datetime
    address: AddressOut


class CancelIn(StrictSchema):
    reason: str = Field(..., min_length=1, max_length=300, description="Why the order is cancelled (the buyer "
                                                                       "sees it).")


class ShipIn(StrictSchema):
    courier: str | None = Field(None, max_length=30, description="Courier code; default: the one the buyer chose.")
    service: str | None = Field(None, max_length=30, description="Service code; default: the buyer's.")
    tracking_number: str = Field("", max_length=64, description="Leave empty to book the courier from Lapak; "
                                                                "give the receipt's number when it cannot be.")


def _line(line: OrderLine) -> dict:
    return {"variant": line.variant.public_id, "title": line.title, "variant_label": line.variant_label,
            "sku": line.sku, "unit_price": line.unit_price, "quantity": line.quantity,
            "weight_grams": line.weight_grams, "origin": line.origin, "line_total": line.line_total}


def _address(order: Order) -> dict:
    return {"recipient_name": order.recipient_name, "phone": order.phone, "street": order.street,
            "village_code": order.village_code, "village": order.village_name, "district": order.district_name,
            "regency": order.regency_name, "province": order.province_name, "postcode": order.postcode}


def seller_order_out(so: SellerOrder) -> dict:
    return {"id": so.public_id, "seller": so.seller.public_id, "shop_name": so.seller.shop_name,
            "status": so.status, "goods_subtotal": so.goods_subtotal, "seller_discount": so.seller_discount,
            "ppn_amount": so.ppn_amount, "cancel_reason": so.cancel_reason,
            "shipping": {"courier": so.courier_code, "service": so.service_code, "fee": so.shipping_fee,
                         "eta_min_days": so.eta_min_days, "eta_max_days": so.eta_max_days,
                         "origin_village": so.origin_village_code},
            "lines": [_line(line) for line in so.lines.all()]}


def seller_order_desk_out(so: SellerOrder) -> dict:
    return {**seller_order_out(so), "order": so.order.public_id, "placed_at": so.order.placed_at,
            "address": _address(so.order)}


def event_out(event: OrderEvent) -> dict:
    return {"kind": event.kind, "seller_order": event.seller_order.public_id if event.seller_order else None,
            "from_status": event.from_status, "to_status": event.to_status, "actor": event.actor,
            "data": event.data, "at": event.at}


def order_out(order: Order) -> dict:
    return {"id": order.public_id, "status": order.status, "currency": "IDR", "goods_total": order.goods_total,
            "shipping_total": order.shipping_total, "seller_discount_total": order.seller_discount_total,
            "platform_discount": order.platform_discount, "discount_total": order.discount_total,
            "grand_total": order.grand_total, "ppn_total": order.ppn_total, "placed_at": order.placed_at,
            "payment_due_at": order.payment_due_at, "paid_at": order.paid_at, "address": _address(order),
            "seller_orders": [seller_order_out(so) for so in order.seller_orders.all()],
            "events": [event_out(e) for e in order.events.all()]}
