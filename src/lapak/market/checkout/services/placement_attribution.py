"""What placement copies from a cart line's hand-off click onto its order line: the creator, the source, the
campaign, the click, and the commission rate in force at placement (lapak.market.affiliates). Reads only; runs
before placement's transaction. A click whose window closed before placement does not count."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lapak.market.affiliates.selectors_attribution import click_counts
from lapak.market.affiliates.selectors_rates import commission_rate_for
from lapak.market.checkout.services.placement_plan import Plan


def line_attributions(plan: Plan, *, now: datetime) -> dict[int, dict[str, Any]]:
    """OrderLine field values per variant primary key, for the plan's attributed lines. No query for a cart
    without attribution; the rate lookup once per (product, creator) otherwise. A rate of None keeps the
    attribution (clicks and orders count for the creator) but no commission is paid."""
    found: dict[int, dict[str, Any]] = {}
    rates: dict[tuple[int, str], int | None] = {}
    for seller in plan.sellers:
        for line, variant in seller.lines:
            click: Any = line.attribution_click
            if not click_counts(click=click, now=now):
                continue
            pair = (variant.product_id, click.creator)
            if pair not in rates:
                rates[pair] = commission_rate_for(product_id=variant.product_id, creator=click.creator)
            found[variant.pk] = {"attribution_click": click, "attribution_creator": click.creator,
                                 "attribution_source": click.source, "attribution_source_id": click.source_id,
                                 "attribution_campaign": click.campaign, "attribution_rate_bps": rates[pair]}
    return found
