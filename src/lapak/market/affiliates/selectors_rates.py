"""The commission rate a creator earns on a product: the higher of the open offer and an accepted invitation."""

from __future__ import annotations

from lapak.market.affiliates.models import AffiliateInvite, AffiliateOffer


def commission_rate_for(*, product_id: int, creator: str) -> int | None:
    """Basis points `creator` (an account public id) earns on the product with primary key `product_id`, or None
    when the product has no active offer and the creator no accepted invitation (the sale earns no commission)."""
    rates = [AffiliateOffer.objects.filter(product_id=product_id, active=True).values_list("rate_bps", flat=True)
             .first(),
             AffiliateInvite.objects.filter(product_id=product_id, creator=creator,
                                            status=AffiliateInvite.Status.ACCEPTED)
             .values_list("rate_bps", flat=True).first()]
    found = [rate for rate in rates if rate]
    return max(found) if found else None
