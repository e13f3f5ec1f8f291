"""The price rollup: per-category medians by day and the flagged listings, kept current incrementally.

A refresh reads only the listings whose product or variants were stamped since the watermark (up to the rollup
horizon), updates the rollup's copy of their prices, and recomputes just the categories those listings left or
joined; every other category keeps its numbers. The watermark row is locked for the whole refresh, so two
refreshes never fold the same change twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from lapak.core.workdays import LOCAL_TIME
from lapak.market.catalog.selectors_pricing import ListingPrice, listing_prices_changed
from lapak.oversight.models import RollupWatermark
from lapak.oversight.pricing.models import PRICE_ROLLUP, CategoryPriceStat, PricedListing, PriceSignal
from lapak.oversight.pricing.stats import category_compare
from lapak.oversight.rollups import register_rollup, rollup_horizon, watermark_advance, watermark_lock

ROLLUP_NAME = PRICE_ROLLUP
CHUNK = 1000

Category = tuple[str, int]  # (jurisdiction, category pk)


@dataclass(frozen=True)
class PriceRefresh:
    listings: int  # changed listings folded in
    categories: frozenset[Category]  # the categories recomputed


def price_rollup_refresh(*, until: datetime | None = None) -> PriceRefresh:
    """Fold in the listings changed since the watermark and up to `until` (default: the rollup horizon), and
    recompute the categories they touched. Guarantees: idempotent (a second call with nothing new changes
    nothing), one transaction, serialised with any other refresh by the watermark lock."""
    until = until or rollup_horizon()
    with transaction.atomic():
        mark = watermark_lock(ROLLUP_NAME)
        return _refresh(mark, until)


def price_rollup_rebuild(*, until: datetime | None = None) -> int:
    """Empty the rollup and recompute it from every active listing stamped up to `until` (default: the rollup
    horizon); returns the listings folded. One transaction, under the watermark lock."""
    with transaction.atomic():
        mark = watermark_lock(ROLLUP_NAME)
        PriceSignal.objects.all().delete()
        CategoryPriceStat.objects.all().delete()
        PricedListing.objects.all().delete()
        mark.position, mark.position_id = None, 0
        mark.save(update_fields=["position", "position_id"])
        return _refresh(mark, until or rollup_horizon()).listings


def _refresh(mark: RollupWatermark, until: datetime) -> PriceRefresh:
    if mark.position is not None and until <= mark.position:
        return PriceRefresh(0, frozenset())
    changed = listing_prices_changed(after=mark.position, until=until)
    touched = _fold(changed)
    # Signals first go for every touched category, so a listing that moved between two of them is never held
    # twice (a product has at most one signal).
    for jurisdiction, category_id in touched:
        PriceSignal.objects.filter(jurisdiction=jurisdiction, category_id=category_id).delete()
    now = timezone.now()
    for jurisdiction, category_id in sorted(touched):
        _recompute(jurisdiction, category_id, now)
    watermark_advance(mark, position=until, position_id=0, folded=len(changed))
    return PriceRefresh(len(changed), frozenset(touched))


def _fold(changed: list[ListingPrice]) -> set[Category]:
    """Replace the copies of the changed listings; the categories they were in and are in now."""
    touched: set[Category] = set()
    ids = [item.product_id for item in changed]
    for start in range(0, len(ids), CHUNK):
        previous = PricedListing.objects.filter(product_id__in=ids[start:start + CHUNK])
        touched.update(previous.values_list("jurisdiction", "category_id"))
        previous.delete()
    live = [item for item in changed if item.price is not None]
    PricedListing.objects.bulk_create(
        [PricedListing(product_id=item.product_id, jurisdiction=item.jurisdiction, category_id=item.category_id,
                       price=item.price) for item in live], batch_size=CHUNK)
    touched.update((item.jurisdiction, item.category_id) for item in live)
    return touched


def _recompute(jurisdiction: str, category_id: int, now: datetime) -> None:
    listings = list(PricedListing.objects.filter(jurisdiction=jurisdiction, category_id=category_id)
                    .values_list("product_id", "price"))
    result = category_compare(listings)
    day = now.astimezone(LOCAL_TIME.get(jurisdiction, LOCAL_TIME["ID"])).date()
    CategoryPriceStat.objects.filter(jurisdiction=jurisdiction, category_id=category_id, current=True).exclude(
        day=day).update(current=False)
    CategoryPriceStat.objects.update_or_create(
        day=day, jurisdiction=jurisdiction, category_id=category_id,
        defaults={"listings": result.listings, "median": result.median, "p25": result.p25, "computed_at": now,
                  "current": True})
    PriceSignal.objects.bulk_create([
        PriceSignal(jurisdiction=jurisdiction, category_id=category_id, product_id=flag.product_id, price=flag.price,
                    median=result.median, ratio=flag.ratio, comparables=result.listings - 1, computed_at=now)
        for flag in result.flags])


def _refresh_folded() -> int:
    return price_rollup_refresh().listings


register_rollup(ROLLUP_NAME, refresh=_refresh_folded, rebuild=price_rollup_rebuild)
