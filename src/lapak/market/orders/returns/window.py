"""How long a buyer may ask for a return, and how much an accepted one gives back: pure rules, no writes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings

from lapak.core.workdays import working_days_deadline
from lapak.market.orders.models import OrderLine, SellerOrder
from lapak.market.orders.shares import platform_voucher_share

LEGAL_MINIMUM_DAYS = 2  # ID-CON-1


def return_window_days(categories: Iterable[int | None]) -> int:
    """Working days to ask for a return of a parcel holding goods of these categories (their
    `return_window_days`, empty for the platform default): the most generous applies to the whole parcel, and
    never fewer than the law's 2."""
    default = getattr(settings, "RETURN_WINDOW_WORKING_DAYS", LEGAL_MINIMUM_DAYS)
    return max([LEGAL_MINIMUM_DAYS, default, *(days for days in categories if days is not None)])


def return_deadline_for(seller_order: SellerOrder, delivered_at: datetime, *, jurisdiction: str = "ID") -> datetime:
    """When the return window of a seller order delivered at `delivered_at` closes: the end of the last working
    day (public holidays of the jurisdiction do not count)."""
    windows = OrderLine.objects.filter(seller_order=seller_order).values_list(
        "variant__product__category__return_window_days", flat=True)
    return working_days_deadline(delivered_at, return_window_days(windows), jurisdiction=jurisdiction)


def refund_for(*, lines: Iterable[tuple[int, int]], seller_order: SellerOrder, everything: bool,
               seller_at_fault: bool) -> int:
    """Rupiah to give back for returning `lines` — (unit price, quantity) pairs — of `seller_order`.

    What the buyer paid for those goods: their price less their share of the seller's voucher and of the
    platform voucher, shares in proportion to price. One rounding down of the whole product, so partial returns
    of one seller order never add up to more than was paid for its goods, and returning everything gives back
    exactly that. Shipping is given back only when the whole seller order comes back for a fault of the seller's."""
    order = seller_order.order
    value = sum(price * quantity for price, quantity in lines)
    subtotal = seller_order.goods_subtotal
    if value <= 0 or subtotal <= 0:
        return 0
    after_seller = subtotal - seller_order.seller_discount
    refund = value * (after_seller - platform_voucher_share(order, seller_order)) // subtotal
    if everything and seller_at_fault:
        refund += seller_order.shipping_fee
    return max(0, refund)
