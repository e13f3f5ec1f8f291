"""Input and output shapes of the cart API. Money is whole rupiah (integers) with `currency` "IDR"."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import StrictInt

from lapak.core.schemas import StrictSchema
from lapak.market.checkout.selectors import CartLineView, CartView
from lapak.market.inventory.models import MAX_LINE_QUANTITY


class LineAddIn(StrictSchema):
    variant: str = Field(..., max_length=40, description="The variant's id (`var_…`).")
    quantity: StrictInt = Field(1, description=f"How many to add, 1 to {MAX_LINE_QUANTITY} in all on the line.")


class LineQuantityIn(StrictSchema):
    quantity: StrictInt = Field(..., description=f"The new quantity, 0 to {MAX_LINE_QUANTITY}; 0 removes the line.")


class AcceptedPriceIn(StrictSchema):
    variant: str = Field(..., max_length=40)
    price: StrictInt = Field(..., description="The live price the buyer was shown and accepts (rupiah).")


class AcknowledgeIn(StrictSchema):
    lines: list[AcceptedPriceIn] = Field(..., min_length=1, max_length=200)


class SellerRefOut(Schema):
    id: str
    shop_name: str
    shop_slug: str


class CartLineOut(Schema):
    variant: str
    product: str
    title: str
    variant_label: str
    sku: str
    quantity: int
    price: int = Field(..., description="The live unit price.")
    stored_price: int = Field(..., description="The unit price when the line was added or last acknowledged.")
    price_changed: Literal["up", "down"] | None = Field(..., description="Set until the buyer acknowledges.")
    available: int = Field(..., description="Units buyers can get now (a hint; checkout reserves for real).")
    unavailable: bool = Field(..., description="The listing or variant is no longer for sale.")
    insufficient_stock: bool = Field(..., description="Fewer units available than the line asks for.")
    line_total: int = Field(..., description="Live price × quantity; 0 for a line no longer for sale.")
    added_at: datetime


class SellerGroupOut(Schema):
    seller: SellerRefOut
    lines: list[CartLineOut]
    subtotal: int


class CartOut(Schema):
    id: str = Field(..., description="The cart's id; empty before the first line is added.")
    currency: str
    groups: list[SellerGroupOut]
    line_count: int
    unit_count: int
    total: int = Field(..., description="Sum of line totals at live prices.")
    can_checkout: bool = Field(..., description="False while a line has an unacknowledged price change, is no "
                                                "longer for sale, or asks for more than is available.")


def _line(line: CartLineView) -> dict:
    return {"variant": line.variant_id, "product": line.product_id, "title": line.title,
            "variant_label": line.variant_label, "sku": line.sku, "quantity": line.quantity,
            "price": line.live_price, "stored_price": line.stored_price, "price_changed": line.price_changed,
            "available": line.available, "unavailable": line.unavailable,
            "insufficient_stock": line.insufficient_stock, "line_total": line.line_total, "added_at": line.added_at}


def cart_out(view: CartView) -> dict:
    return {
        "id": view.cart_id, "currency": "IDR", "line_count": view.line_count, "unit_count": view.unit_count,
        "total": view.total, "can_checkout": view.can_checkout,
        "groups": [{"seller": {"id": g.seller_id, "shop_name": g.shop_name, "shop_slug": g.shop_slug},
                    "lines": [_line(line) for line in g.lines], "subtotal": g.subtotal} for g in view.groups],
    }


class ShippingChoiceIn(StrictSchema):
    courier: str = Field(..., max_length=20, description="Courier code, e.g. `jne`.")
    service: str = Field(..., max_length=20, description="Service code, e.g. `REG`.")


class CheckoutIn(StrictSchema):
    address: str = Field(..., max_length=40, description="One of my saved addresses (`adr_…`).")
    shipping: dict[str, ShippingChoiceIn] = Field(
        ..., description="Per seller in the cart (its id, `org_…`): the courier service chosen from "
                         "`GET /api/v1/shipping/quote`.")
    vouchers: list[str] = Field(default_factory=list, max_length=10,
                                description="Voucher codes: at most one platform voucher and one per shop.")
