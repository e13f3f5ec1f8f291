"""Checkout, before anything is written: what the cart holds, where each seller ships from, the courier the
buyer chose per seller with its price, the vouchers, and the totals. Reads only, and no locks, so everything
slow happens here and placement.py's transaction stays short. Problems are collected and raised together."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import NotFound, ValidationFailed
from lapak.market.catalog.models import Variant
from lapak.market.checkout.errors import CartEmpty, CartNotReady
from lapak.market.checkout.selectors import CartLineView, CartView
from lapak.market.checkout.tax import ppn_included
from lapak.market.inventory.models import Warehouse
from lapak.market.promotions.errors import VoucherNotApplicable
from lapak.market.promotions.evaluation import voucher_evaluate
from lapak.market.promotions.models import Voucher
from lapak.market.promotions.selectors import voucher_by_code, voucher_usage
from lapak.market.shipping.quotes import MAX_PARCEL_GRAMS, MAX_SIDE_MM, Quote, shipping_quotes_many

MAX_VOUCHERS = 10


@dataclass
class SellerPlan:
    seller: Any  # SellerOrganisation
    origin: str  # village code
    lines: list[tuple[CartLineView, Variant]] = field(default_factory=list)
    quote: Quote | None = None
    voucher: Voucher | None = None
    seller_discount: int = 0

    @property
    def goods(self) -> int:
        return sum(view.stored_price * view.quantity for view, _variant in self.lines)

    def parcel(self) -> tuple[int, int, int, int]:
        """The seller's units packed as one parcel: their weights added, the largest footprint, stacked."""
        units = [(v, view.quantity) for view, v in self.lines]
        weight = sum(v.weight_grams * q for v, q in units)
        height = min(MAX_SIDE_MM, sum(v.height_mm * q for v, q in units))
        return (weight, max(v.length_mm for v, _q in units), max(v.width_mm for v, _q in units), height)


@dataclass
class Plan:
    sellers: list[SellerPlan]
    platform_voucher: Voucher | None = None
    platform_discount: int = 0

    @property
    def goods_total(self) -> int:
        return sum(s.goods for s in self.sellers)

    @property
    def shipping_total(self) -> int:
        return sum(s.quote.price for s in self.sellers)

    @property
    def seller_discount_total(self) -> int:
        return sum(s.seller_discount for s in self.sellers)

    @property
    def grand_total(self) -> int:
        return self.goods_total + self.shipping_total - self.seller_discount_total - self.platform_discount

    def ppn_total(self, on: date) -> int:
        return ppn_included(self.goods_total - self.seller_discount_total - self.platform_discount, on=on)


def cart_problems(view: CartView) -> None:
    """CartEmpty, or CartNotReady naming every flagged line (price changed, not for sale, too few units)."""
    if not view.lines:
        raise CartEmpty()
    fields: dict[str, list] = {}
    for line in view.lines:
        messages = []
        if line.unavailable:
            messages.append(_("This product is no longer for sale. Remove it from your cart."))
        elif line.price_changed:
            messages.append(_("The price changed from %(old)s to %(new)s. Accept the new price first.")
                            % {"old": f"{line.stored_price:,}", "new": f"{line.live_price:,}"})
        if line.insufficient_stock:
            messages.append(_("Only %(available)s left.") % {"available": line.available})
        if messages:
            fields[f"lines.{line.variant_id}"] = messages
    if fields:
        raise CartNotReady(fields=fields)


def plan_sellers(view: CartView) -> list[SellerPlan]:
    """The cart's lines with their variants (weights, dimensions, origin) and each seller's ship-from village:
    its pickup address, else its first active warehouse. Two queries at most, whatever the number of lines."""
    variants = {v.public_id: v for v in Variant.objects.filter(public_id__in=[line.variant_id for line in view.lines])
                .select_related("product__seller__pickup_region")
                .defer("product__description_id", "product__description_en", "product__seller__logo",
                       "product__seller__description")}
    plans: dict[int, SellerPlan] = {}
    moved: dict[str, list] = {}
    for line in view.lines:
        variant = variants[line.variant_id]
        if variant.price != line.stored_price:  # changed since the cart was read: never applied silently
            moved[f"lines.{line.variant_id}"] = [_("The price just changed. Check your cart.")]
        seller = variant.product.seller
        plan = plans.setdefault(seller.pk, SellerPlan(
            seller=seller, origin=seller.pickup_region.code if seller.pickup_region_id else ""))
        plan.lines.append((line, variant))
    if moved:
        raise CartNotReady(fields=moved)
    missing = [p.seller.pk for p in plans.values() if not p.origin]
    if missing:
        for organisation_id, code in (Warehouse.objects.filter(organisation_id__in=missing, is_active=True)
                                      .order_by("-pk").values_list("organisation_id", "region__code")):
            plans[organisation_id].origin = code  # the oldest active warehouse wins (iterated last)
    return list(plans.values())


def plan_shipping(plans: list[SellerPlan], *, destination: Any, choices: Mapping[str, Any],
                  quotes: Mapping[str, list[Quote]] | None = None) -> None:
    """Quote every seller's parcel to the `destination` village (a Region), or take `quotes` already made for
    these parcels (the checkout page has them), and take the buyer's choice per seller. Every problem at once
    under `shipping.<seller id>`: no choice, a malformed one, or a courier service that does not serve the
    route (code `courier_not_serving`)."""
    errors: dict[str, list] = {}
    not_serving = False
    if not isinstance(choices, Mapping):
        raise ValidationFailed(code="shipping_choice_invalid",
                               fields={"shipping": [_("Choose a courier for every seller.")]})
    known = {p.seller.public_id for p in plans}
    for key in choices:
        if key not in known:
            errors[f"shipping.{str(key)[:40]}"] = [_("This seller has nothing in your cart.")]
    for plan in plans:
        if not plan.origin:
            errors[f"shipping.{plan.seller.public_id}"] = [_("This seller has no address to ship from yet.")]
        elif plan.parcel()[0] > MAX_PARCEL_GRAMS:
            errors[f"shipping.{plan.seller.public_id}"] = [_("Too heavy for one parcel; order fewer units.")]
    if errors:
        raise ValidationFailed(fields=errors, code="shipping_choice_invalid")
    if quotes is None:
        loaded = [destination, *(p.seller.pickup_region for p in plans if p.seller.pickup_region_id)]
        quotes = shipping_quotes_many(destination_region=destination.code, known=loaded,
                                      routes={p.seller.public_id: (p.origin, [p.parcel()]) for p in plans})
    for plan in plans:
        where = f"shipping.{plan.seller.public_id}"
        choice = choices.get(plan.seller.public_id)
        if (not isinstance(choice, Sequence) or isinstance(choice, str) or len(choice) != 2
                or not all(isinstance(part, str) for part in choice)):
            errors[where] = [_("Choose a courier and a service for this seller.")]
            continue
        courier, service = (part.strip().lower() for part in choice)
        plan.quote = next((q for q in quotes.get(plan.seller.public_id, ())
                           if q.courier.lower() == courier and q.service.lower() == service), None)
        if plan.quote is None:
            not_serving = True
            errors[where] = [_("This courier service does not deliver from this seller to your address.")]
    if errors:
        raise ValidationFailed(fields=errors, code="courier_not_serving" if not_serving else "shipping_choice_invalid")


def voucher_error(code: str, exc: ValidationFailed) -> ValidationFailed:
    messages = exc.fields.get("code") or [exc.message]
    return ValidationFailed(exc.message, code=exc.code, fields={f"vouchers.{code}": messages})


def plan_vouchers(plan: Plan, *, buyer: object, codes: Sequence[Any]) -> None:
    """At most one platform voucher and one voucher per seller in the cart. Seller vouchers apply to that
    seller's goods, the platform voucher to the goods after them; shipping is never discounted. Quoted here
    without locks (for the totals); placement redeems them under the voucher lock and refuses if a discount
    moved meanwhile. The first problem is raised, on `vouchers.<code>`, with the voucher's reason code."""
    if not isinstance(codes, list | tuple) or len(codes) > MAX_VOUCHERS or not all(isinstance(c, str) for c in codes):
        raise ValidationFailed(fields={"vouchers": [_("Send at most 10 voucher codes.")]})
    by_seller = {p.seller.pk: p for p in plan.sellers}
    seen: set[str] = set()
    for raw in codes:
        code = raw.strip().upper()[:32]
        if not code or code in seen:
            continue
        seen.add(code)
        try:
            voucher = voucher_by_code(code)
        except NotFound as exc:
            raise ValidationFailed(exc.message, code="voucher_not_found",
                                   fields={f"vouchers.{code}": [exc.message]}) from exc
        if voucher.seller_id is None:
            if plan.platform_voucher is not None:
                raise ValidationFailed(code="voucher_one_platform", fields={f"vouchers.{code}": [
                    _("Use one platform voucher per order.")]})
            plan.platform_voucher = voucher
            continue
        target = by_seller.get(voucher.seller_id)
        if target is None or target.voucher is not None:
            message = (_("This shop's voucher needs its products in your cart.") if target is None
                       else _("Use one voucher per shop."))
            raise ValidationFailed(code="voucher_not_for_cart", fields={f"vouchers.{code}": [message]})
        target.voucher = voucher
    for seller in plan.sellers:
        if seller.voucher is not None:
            seller.seller_discount = _quote(seller.voucher, buyer=buyer, subtotal=seller.goods)
    if plan.platform_voucher is not None:
        plan.platform_discount = _quote(plan.platform_voucher, buyer=buyer,
                                        subtotal=plan.goods_total - plan.seller_discount_total)


def _quote(voucher: Voucher, *, buyer: object, subtotal: int) -> int:
    try:
        return voucher_evaluate(voucher=voucher, subtotal=subtotal,
                                usage=voucher_usage(voucher=voucher, buyer=buyer)).discount
    except VoucherNotApplicable as exc:
        raise voucher_error(voucher.code, exc) from exc
