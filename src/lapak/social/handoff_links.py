"""Links from social to the marketplace: each tap gets a fresh signed hand-off token (lapak.core.handoff)."""

from __future__ import annotations

from urllib.parse import urlencode

from lapak.core.handoff import handoff_token_issue

# The marketplace's hand-off landing page (lapak.market.affiliates): it verifies the token, records the click and
# sends the browser on to the product page. Social knows this address, never the marketplace's code.
MARKETPLACE_HANDOFF_PATH = "/handoff/"


def handoff_url(*, creator_account: str, source: str, source_id: str, product_id: str, campaign: str = "") -> str:
    """Where a tap on `product_id` in a post, live or showcase sends the browser."""
    token = handoff_token_issue(creator=creator_account, source=source, source_id=source_id, product=product_id,
                                campaign=campaign)
    return f"{MARKETPLACE_HANDOFF_PATH}?{urlencode({'t': token})}"
