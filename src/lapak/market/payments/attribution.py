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


def creator_commission_for(order_line: OrderLine) -> tuple[str, int] | None:
    """(creator account public id, whole rupiah) owed to the creator whose hand-off sold `order_line`, or None when
    the line was not attributed, or was attributed without a commission rate (the sale still counts in the
    creator's figures, but earns nothing).

    The base is what the buyer paid the shop for the units still sold: unit price × (quantity − units returned
    for a refund before release), less the line's share of the shop's own voucher (the seller order's
    `seller_discount` × that value / its goods subtotal, rounded down). The platform's voucher is not deducted:
    the platform pays it into the release, so the shop's turnover — and the creator's base — is the same with
    or without it. Commission = base × rate_bps / 10,000, rounded down. Refunds after release claw back the
    creator's share through refunds_ledger. No query for a line without attribution."""
    rate = order_line.attribution_rate_bps
    if not order_line.attribution_creator or not rate:
        return None
    returned = (ReturnLine.objects.filter(order_line=order_line, return_request__status=ReturnStatus.REFUND_REQUESTED)
                .aggregate(units=Sum("quantity"))["units"] or 0)
    seller_order = order_line.seller_order
    amount = creator_commission_amount(unit_price=order_line.unit_price, units=order_line.quantity - returned,
                                       seller_discount=seller_order.seller_discount,
                                       goods_subtotal=seller_order.goods_subtotal, rate_bps=rate)
    return (order_line.attribution_creator, amount) if amount > 0 else None


def creator_commission_amount(*, unit_price: int, units: int, seller_discount: int, goods_subtotal: int,
                              rate_bps: int) -> int:
    """The arithmetic of `creator_commission_for`, for callers that read the rows in bulk: (unit price × units
    still sold, less their share of the shop's voucher) × rate / 10,000, in whole rupiah rounded down."""
    value = unit_price * max(0, units)
    voucher = seller_discount * value // goods_subtotal if goods_subtotal > 0 else 0
    return max(0, value - voucher) * max(0, rate_bps) // BPS
