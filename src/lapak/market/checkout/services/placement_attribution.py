"""What placement copies from a cart line's hand-off click onto its order line: the creator, the source, the
campaign, the click, and the commission rate in force at placement (lapak.market.affiliates). Reads only; runs
before placement's transaction.

The last click within the window is decided here, at placement, not only when the line was added: a later
click on the product by another creator (without re-adding it) wins, and a click whose window closed before
placement does not count (a fresher one does). Self-referral earns nothing: a click whose creator is the buyer,
or a member of the shop selling the line, attributes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lapak.market.affiliates.selectors_attribution import clicks_latest_by_product, creators_in_shops
from lapak.market.affiliates.selectors_rates import commission_rate_for
from lapak.market.checkout.services.placement_plan import Plan


def line_attributions(plan: Plan, *, now: datetime, buyer: Any = None) -> dict[int, dict[str, Any]]:
    """OrderLine field values per variant primary key, for the plan's attributed lines.

    Guarantees: no query for a cart none of whose lines came through a hand-off; otherwise one query finds the
    latest click in the window per product — the buyer's own (`buyer`), those of the browsers behind the
    lines' clicks, and the lines' clicks — one finds which creators belong to the selling shops, and the rate
    lookup runs once per (product, creator). A click by the buyer themself or by a member of the line's shop
    attributes nothing. A rate of None keeps the attribution (clicks and orders count for the creator) but no
    commission is paid."""
    lines = [(line, variant, seller.seller) for seller in plan.sellers for line, variant in seller.lines]
    carried = [line.attribution_click for line, _v, _s in lines if line.attribution_click is not None]
    if not carried:
        return {}
    user_id = buyer.pk if buyer is not None and getattr(buyer, "is_authenticated", False) else None
    latest = clicks_latest_by_product(product_ids={v.product_id for _l, v, _s in lines}, user_id=user_id,
                                      session_keys={c.session_key for c in carried},
                                      click_ids=[c.pk for c in carried], now=now)
    buyer_ref = getattr(buyer, "public_id", None) if user_id is not None else None
    chosen = [(variant, shop, click) for _line, variant, shop in lines
              if (click := latest.get(variant.product_id)) is not None and click.creator != buyer_ref]
    insiders = creators_in_shops(pairs=sorted({(click.creator, shop.pk) for _v, shop, click in chosen}))
    found: dict[int, dict[str, Any]] = {}
    rates: dict[tuple[int, str], int | None] = {}
    for variant, shop, click in chosen:
        if (click.creator, shop.pk) in insiders:
            continue
        pair = (variant.product_id, click.creator)
        if pair not in rates:
            rates[pair] = commission_rate_for(product_id=variant.product_id, creator=click.creator)
        found[variant.pk] = {"attribution_click": click, "attribution_creator": click.creator,
                             "attribution_source": click.source, "attribution_source_id": click.source_id,
                             "attribution_campaign": click.campaign, "attribution_rate_bps": rates[pair]}
    return found
