"""Writing refund requests, with the refund-over-paid guard: what is given back for one seller order never
adds up to more than the buyer paid for it (COMPLIANCE ID-CON-2 sets when, this sets how much)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.market.orders.lock_objects import order_for_update
from lapak.market.orders.models import RefundRequest, ReturnRequest, SellerOrder
from lapak.market.orders.returns import table
from lapak.market.orders.shares import platform_voucher_share


def seller_order_paid(seller_order: SellerOrder) -> int:
    """What the buyer paid for one seller order: its goods after its own voucher, less its share of the
    platform voucher (split by what was paid for each shop's goods, rounded down), plus its shipping. The same
    rule as the escrow credited at payment (payments.services.money.escrow_shares; a test keeps them equal)."""
    after_seller = seller_order.goods_subtotal - seller_order.seller_discount
    return after_seller - platform_voucher_share(seller_order.order, seller_order) + seller_order.shipping_fee


def seller_order_refundable(seller_order: SellerOrder) -> int:
    """What may still be refunded for the seller order: paid less every refund requested for it."""
    asked = RefundRequest.objects.filter(seller_order=seller_order).aggregate(total=Sum("amount"))["total"] or 0
    return seller_order_paid(seller_order) - asked


def refund_request_add(*, seller_order: SellerOrder, amount: int, return_request: ReturnRequest | None = None,
                       now: datetime | None = None) -> RefundRequest:
    """Writes one refund request of `amount` rupiah for the seller order.

    Guarantees: the sum of the seller order's refund requests never exceeds what was paid for it (a larger
    amount is `ValidationFailed` and nothing is written); two requests racing each other are serialised by the
    buyer's Order row lock, taken here (it is re-entrant for a caller that already holds it, as return_step
    does), so the second one sees the first. Due within `table.refund_within()` (ID-CON-2)."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationFailed(fields={"amount": [_("A refund is a positive whole number of rupiah.")]})
    now = now or timezone.now()
    with transaction.atomic():
        order_for_update(seller_order.order_id).first()
        seller_order = SellerOrder.objects.select_related("order").get(pk=seller_order.pk)
        left = seller_order_refundable(seller_order)
        if amount > left:
            raise ValidationFailed(
                _("This refund is larger than what is left of the payment for this shop's order (Rp%(left)s).")
                % {"left": f"{max(left, 0):,}".replace(",", ".")}, fields={"amount": [_("Too large.")]})
        return RefundRequest.objects.create(return_request=return_request, order=seller_order.order,
                                            seller_order=seller_order, amount=amount, requested_at=now,
                                            due_at=now + table.refund_within())
