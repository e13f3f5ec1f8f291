"""Reads on vouchers: by code, a shop's vouchers, and how much a voucher has given."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import NotFound
from lapak.market.promotions.evaluation import VoucherQuote, VoucherUsage, voucher_evaluate
from lapak.market.promotions.models import COUNTING, Voucher, VoucherRedemption
from lapak.market.promotions.validation import normalise_code


def voucher_by_code(code: str) -> Voucher:
    """The voucher with this code (any case); NotFound when there is none."""
    voucher = Voucher.objects.select_related("seller").filter(code=normalise_code(code)).first()
    if voucher is None:
        raise NotFound(_("There is no voucher with this code."), code="voucher_not_found")
    return voucher


def vouchers_of_seller(*, seller: object) -> QuerySet[Voucher]:
    return Voucher.objects.filter(seller=seller).order_by("-created_at", "-pk")


def voucher_of_seller(*, seller: object, public_id: str) -> Voucher:
    voucher = vouchers_of_seller(seller=seller).filter(public_id=str(public_id)[:40]).first()
    if voucher is None:
        raise NotFound(_("There is no such voucher."), code="voucher_not_found")
    return voucher


def voucher_usage(*, voucher: Voucher, buyer: object | None = None) -> VoucherUsage:
    """What the voucher's held and confirmed redemptions add up to, in one query. Exact only under the voucher's
    row lock (voucher_redeem takes it); outside it, a quote."""
    buyer_pk = getattr(buyer, "pk", None)
    totals = VoucherRedemption.objects.filter(voucher=voucher, status__in=COUNTING).aggregate(
        given=Sum("amount"), uses=Count("pk"), buyer_uses=Count("pk", filter=Q(buyer_id=buyer_pk)))
    return VoucherUsage(given=totals["given"] or 0, uses=totals["uses"], buyer_uses=totals["buyer_uses"])


def voucher_quote(*, code: str, buyer: object, subtotal: int) -> tuple[Voucher, VoucherQuote]:
    """What the voucher would take off this buyer's subtotal now, or VoucherNotApplicable saying why not."""
    voucher = voucher_by_code(code)
    return voucher, voucher_evaluate(voucher=voucher, subtotal=subtotal,
                                     usage=voucher_usage(voucher=voucher, buyer=buyer))


def redemptions_of_order(*, order_ref: str) -> list[VoucherRedemption]:
    """The redemptions held, confirmed or released for one order (`order_ref`), oldest first."""
    return list(VoucherRedemption.objects.filter(order_ref=order_ref).order_by("pk"))
