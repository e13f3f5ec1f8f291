"""Creator commission on attributed order lines (ADR 0011; issue 8, hand-off and attribution).

Attribution flows one way (DESIGN.md): market records which creator's hand-off led to an order line (placement
snapshots the creator and the commission rate, lapak.market.affiliates) and pays the commission from its ledger.
Escrow release calls this through the module (`attribution.creator_commission_for`), so a test replaces it in
one place.
"""

from __future__ import annotations

from django.db.models import Sum

from lapak.market.orders.models import OrderLine, ReturnLine, ReturnStatus
from lapak.market.payments.commission import BPS


def creator_commission_for(order_line: OrderLine, *, returned: int | None = None,
                           share: tuple[int, int] = (1, 1)) -> tuple[str, int] | None:
    """(creator account public id, whole rupiah) owed to the creator whose hand-off sold `order_line`, or None when
    the line was not attributed, or was attributed without a commission rate (the sale still counts in the
    creator's figures, but earns nothing).

    The base is what the buyer paid the shop for the units still sold: unit price × (quantity − units returned
    for a refund before release), less the line's share of the shop's own voucher (the seller order's
    `seller_discount` × that value / its goods subtotal, rounded down). The platform's voucher is not deducted:
    the platform pays it into the release, so the shop's turnover — and the creator's base — is the same with
    or without it. Commission = base × rate_bps / 10,000, rounded down.

    `returned` is the line's units returned for a refund (read here when None). `share` (numerator, denominator)
    scales the commission to what release really divides: a refund paid from escrow before release by amount
    (no return lines, so no units to subtract) lowers release's goods gross but names no line, so every
    attributed line of the seller order gives back the same fraction — `goods_sold_share` — and returned units
    are not subtracted twice, because that share compares the gross with the units still sold after returns.
    Refunds after release claw back the creator's share through refunds_ledger. No query for a line without
    attribution."""
    rate = order_line.attribution_rate_bps
    if not order_line.attribution_creator or not rate:
        return None
    if returned is None:
        returned = (ReturnLine.objects.filter(order_line=order_line,
                                              return_request__status=ReturnStatus.REFUND_REQUESTED)
                    .aggregate(units=Sum("quantity"))["units"] or 0)
    seller_order = order_line.seller_order
    amount = creator_commission_amount(unit_price=order_line.unit_price, units=order_line.quantity - returned,
                                       seller_discount=seller_order.seller_discount,
                                       goods_subtotal=seller_order.goods_subtotal, rate_bps=rate)
    numerator, denominator = share
    if denominator > 0 and 0 <= numerator < denominator:
        amount = amount * numerator // denominator
    return (order_line.attribution_creator, amount) if amount > 0 else None


def goods_sold_share(*, goods_gross: int, sold_value: int, seller_discount: int,
                     goods_subtotal: int) -> tuple[int, int]:
    """(numerator, denominator), at most 1: release's goods gross (after every refund) against what the units
    still sold (`sold_value` at unit prices, after returned units) were bought for at the shop's price after its
    own voucher. 1 when only returns were refunded (their units are already out of `sold_value`); below 1 when
    money went back without returned units (a refund by amount before release)."""
    voucher = seller_discount * sold_value // goods_subtotal if goods_subtotal > 0 else 0
    expected = max(0, sold_value - voucher)
    if expected <= 0 or goods_gross >= expected:
        return (1, 1)
    return (max(0, goods_gross), expected)


def creator_commission_amount(*, unit_price: int, units: int, seller_discount: int, goods_subtotal: int,
                              rate_bps: int) -> int:
    """The arithmetic of `creator_commission_for`, for callers that read the rows in bulk: (unit price × units
    still sold, less their share of the shop's voucher) × rate / 10,000, in whole rupiah rounded down."""
    value = unit_price * max(0, units)
    voucher = seller_discount * value // goods_subtotal if goods_subtotal > 0 else 0
    return max(0, value - voucher) * max(0, rate_bps) // BPS
