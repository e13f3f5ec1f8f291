"""What the checkout page shows before anything is placed: per seller the courier services that deliver to the
chosen address (price and ETA), and the totals for the buyer's current choices.

Reads only. It runs placement's own planning steps (placement_plan.py), so the page never quotes a price or a
discount that placement would not charge; placement re-runs them all when the order is placed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from lapak.core.errors import LapakError
from lapak.market.checkout.selectors import CartView
from lapak.market.checkout.services.placement_plan import (
    Plan,
    cart_problems,
    plan_sellers,
    plan_shipping,
    plan_vouchers,
)
from lapak.market.shipping.quotes import MAX_PARCEL_GRAMS, Quote, shipping_quotes_many


@dataclass
class CheckoutPreview:
    """`options` maps a seller's public id to its quotes, cheapest first (empty: nothing delivers there).
    `plan` is set when every choice was valid (the totals can be shown); `errors` holds the planning
    problems by field ("shipping.<seller id>", "vouchers.<code>", ...)."""

    options: dict[str, list[Quote]] = field(default_factory=dict)
    plan: Plan | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    ppn_total: int = 0


def _errors_of(exc: LapakError) -> dict[str, list[str]]:
    if exc.fields:
        return {key: [str(m) for m in messages] for key, messages in exc.fields.items()}
    return {"": [str(exc.message)]}


def checkout_preview(*, buyer: Any, view: CartView, destination: Any | None,
                     choices: Mapping[str, Sequence[str]] | None, voucher_codes: Sequence[str]) -> CheckoutPreview:
    """Quote every seller's parcel to `destination` (a village Region, or None when the buyer has no address
    yet) and plan the totals with `choices` (seller public id -> (courier, service); a seller left out gets its
    cheapest option) and `voucher_codes`. Raises CartEmpty or CartNotReady as placement does; every other
    problem is returned in `errors`, never raised."""
    cart_problems(view)
    sellers = plan_sellers(view)
    preview = CheckoutPreview(options={s.seller.public_id: [] for s in sellers})
    if destination is None:
        return preview
    routes = {s.seller.public_id: (s.origin, [s.parcel()]) for s in sellers
              if s.origin and s.parcel()[0] <= MAX_PARCEL_GRAMS}
    try:
        preview.options.update(shipping_quotes_many(
            destination_region=destination.code, routes=routes,
            known=[destination, *(s.seller.pickup_region for s in sellers if s.seller.pickup_region_id)]))
    except LapakError as exc:
        preview.errors.update(_errors_of(exc))
        return preview
    chosen = dict(choices or {})
    for seller_id, quotes in preview.options.items():
        if seller_id not in chosen and quotes:
            chosen[seller_id] = (quotes[0].courier, quotes[0].service)
    plan = Plan(sellers=sellers)
    try:
        plan_shipping(plan.sellers, destination=destination, choices=chosen, quotes=preview.options)
    except LapakError as exc:
        preview.errors.update(_errors_of(exc))
    try:
        plan_vouchers(plan, buyer=buyer, codes=list(voucher_codes))
    except LapakError as exc:
        preview.errors.update(_errors_of(exc))
    if not preview.errors:
        preview.plan = plan
        preview.ppn_total = plan.ppn_total(timezone.localdate())
    return preview
