"""What a voucher takes off a subtotal: a pure function of the voucher, the subtotal, its usage so far and the
time. No database access, so the checkout can quote it freely; voucher_redeem calls it again under the lock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.core.money import Money
from lapak.market.promotions.errors import VoucherNotApplicable
from lapak.market.promotions.models import BASIS_POINTS, MAX_AMOUNT, Voucher, VoucherKind


@dataclass(frozen=True)
class VoucherUsage:
    """What the voucher has given so far (held and confirmed redemptions), and how often to this buyer."""

    given: int = 0
    uses: int = 0
    buyer_uses: int = 0


@dataclass(frozen=True)
class VoucherQuote:
    code: str
    subtotal: int
    discount: int

    @property
    def total(self) -> int:
        return self.subtotal - self.discount


def subtotal_checked(subtotal: object) -> int:
    """The subtotal as whole rupiah, 0 to MAX_AMOUNT; ValidationFailed (field `subtotal`) otherwise."""
    if isinstance(subtotal, bool) or not isinstance(subtotal, int) or not 0 <= subtotal <= MAX_AMOUNT:
        message = _("Enter a subtotal in whole rupiah, from 0 to %(max)s.") % {"max": f"{MAX_AMOUNT:,}"}
        raise ValidationFailed(message, code="subtotal_invalid", fields={"subtotal": [message]})
    return subtotal


def voucher_evaluate(*, voucher: Voucher, subtotal: int, usage: VoucherUsage | None = None,
                     now: datetime | None = None) -> VoucherQuote:
    """The discount this voucher gives on `subtotal` (for a seller's voucher: that seller's part of the order),
    or VoucherNotApplicable naming the first reason it does not apply. A percentage is rounded down to whole
    rupiah and capped; no discount exceeds the subtotal or what remains of the budget."""
    subtotal = subtotal_checked(subtotal)
    usage = usage or VoucherUsage()
    now = now or timezone.now()
    if not voucher.active:
        raise VoucherNotApplicable(_("This voucher is switched off."), code="voucher_inactive")
    if now < voucher.valid_from:
        raise VoucherNotApplicable(_("This voucher is not valid yet."), code="voucher_not_started")
    if now >= voucher.valid_until:
        raise VoucherNotApplicable(_("This voucher has expired."), code="voucher_expired")
    if usage.buyer_uses >= voucher.per_buyer_limit:
        raise VoucherNotApplicable(_("You have already used this voucher as often as it allows."),
                                   code="voucher_per_buyer_limit")
    remaining = None if voucher.budget is None else voucher.budget - usage.given
    if (remaining is not None and remaining <= 0) or (
            voucher.max_redemptions is not None and usage.uses >= voucher.max_redemptions):
        raise VoucherNotApplicable(_("This voucher has been used up."), code="voucher_exhausted")
    if subtotal < voucher.min_spend:
        raise VoucherNotApplicable(_("Spend at least %(min)s to use this voucher.")
                                   % {"min": Money(voucher.min_spend, "IDR").format(get_language() or "id")},
                                   code="voucher_below_minimum_spend")
    if voucher.kind == VoucherKind.FIXED:
        discount = voucher.amount
    else:
        discount = subtotal * voucher.percent_bp // BASIS_POINTS
        if voucher.max_discount is not None:
            discount = min(discount, voucher.max_discount)
    discount = min(discount, subtotal, remaining if remaining is not None else discount)
    if discount < 1:
        raise VoucherNotApplicable(_("This voucher takes nothing off this order."), code="voucher_nothing_to_discount")
    return VoucherQuote(code=voucher.code, subtotal=subtotal, discount=discount)
