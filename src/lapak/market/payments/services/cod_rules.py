"""When an order may be paid on delivery, and what each of its parcels collects (ADR 0010). Reads only: the
pay page and the API ask before the buyer chooses, and `cod_intent_record` asks again under the order's lock."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from lapak.core.money import Money
from lapak.market.orders.models import Order, SellerOrder
from lapak.market.payments import policy
from lapak.market.payments.method_switches import payment_method_refusal
from lapak.market.payments.services.money import escrow_shares
from lapak.market.shipping.models import Courier
from lapak.market.shipping.selectors import services_without_cod


@dataclass(frozen=True)
class CodAvailability:
    allowed: bool
    reason: str = ""  # why not, in the active language; "" when allowed


def _rupiah(amount: int) -> str:
    return Money(amount, "IDR").format(translation.get_language() or "id")


def cod_availability(*, order: Order) -> CodAvailability:
    """Whether the buyer may pay `order` on delivery: the total is within the ceiling
    (`policy.cod_max_order_total()`), and every parcel's courier service collects cash (shipping knows which).
    The reason names the first rule that fails, for the buyer; a compliance switch that suspends COD comes first."""
    suspended = payment_method_refusal(order=order, method="cod")
    if suspended:
        return CodAvailability(False, suspended)
    ceiling = policy.cod_max_order_total()
    if order.grand_total > ceiling:
        return CodAvailability(False, _("Cash on delivery is available for orders up to %(max)s; this order is "
                                        "%(total)s. Please pay another way.")
                               % {"max": _rupiah(ceiling), "total": _rupiah(order.grand_total)})
    pairs = list(SellerOrder.objects.filter(order=order).order_by("pk").values_list("courier_code", "service_code"))
    if not pairs:
        return CodAvailability(False, _("This order has no parcels to pay on delivery."))
    missing = services_without_cod(pairs)
    if missing:
        courier_code, service_code = missing[0]
        name = Courier.objects.filter(code=courier_code).values_list("name", flat=True).first() or courier_code
        return CodAvailability(False, _("%(courier)s %(service)s does not collect cash on delivery. Please pay "
                                        "another way.") % {"courier": name, "service": service_code})
    return CodAvailability(True)


@dataclass(frozen=True)
class ParcelAmounts:
    seller_order: SellerOrder
    collect: int  # cash the courier collects at the door
    escrow: int  # what the seller order's escrow receives (ADR 0010's share)


def cod_parcel_amounts(order: Order) -> list[ParcelAmounts]:
    """Per seller order: its escrow share (`escrow_shares`, the rule refunds and release expect) and the cash its
    parcel collects. The shares may add up to a few rupiah more than the order's total (the platform voucher is
    rounded down per shop); the buyer pays exactly the total, so those rupiah come off the first parcels' cash
    and the platform bears them when each parcel is collected, as it does for a paid order."""
    by_id = {so.public_id: so for so in SellerOrder.objects.filter(order=order)}
    shares = escrow_shares(order)
    excess = max(sum(amount for _so, amount in shares) - order.grand_total, 0)
    result = []
    for public_id, share in shares:
        less = min(excess, share)
        excess -= less
        result.append(ParcelAmounts(seller_order=by_id[public_id], collect=share - less, escrow=share))
    return result
