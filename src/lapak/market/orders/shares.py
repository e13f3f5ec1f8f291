"""How an order's platform voucher divides over its seller orders: pure arithmetic on the order's rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lapak.market.orders.models import Order, SellerOrder


def platform_voucher_share(order: Order, seller_order: SellerOrder) -> int:
    """The seller order's share of the order's platform voucher: split over the shops by what was paid for their
    goods (after each shop's own voucher), rounded down. The one rule for what the buyer paid
    (`seller_order_paid`), escrow at payment, refunds of returned goods and the platform's voucher paid in at
    release."""
    paid_goods = order.goods_total - order.seller_discount_total
    if paid_goods <= 0:
        return 0
    return order.platform_discount * (seller_order.goods_subtotal - seller_order.seller_discount) // paid_goods
