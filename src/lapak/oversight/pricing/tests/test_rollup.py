"""The price rollup: the same rows as the computation from scratch, recomputing only the categories that changed,
and never folding a change twice when two refreshes race."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lapak.market.catalog.models import Variant
from lapak.oversight.pricing.models import CategoryPriceStat, PricedListing, PriceSignal
from lapak.oversight.pricing.rollup import price_rollup_rebuild, price_rollup_refresh
from lapak.oversight.pricing.tests.support import read, refresh
from lapak.oversight.rollups import ROLLUPS


def _move(product, **changes):
    """A change as the catalogue services make it: saved, so `updated_at` moves."""
    for name, value in changes.items():
        setattr(product, name, value)
    product.save()


def _price(product, price):
    variant = product.variants.get()
    variant.price = price
    variant.save()


def _signals():
    return sorted(PriceSignal.objects.values_list("product_id", "price", "comparables"))


@pytest.mark.django_db
def test_rollup_and_scratch_agree_after_a_mixed_series_of_changes(catalogue, operator, regulator):
    shoes, bags, hats = catalogue.category("sepatu"), catalogue.category("tas"), catalogue.category("topi")
    shoe_listings = catalogue.listings(shoes, [100_000, 120_000, 90_000, 110_000, 105_000, 95_000])
    bag_listings = catalogue.listings(bags, [300_000] * 5)
    cheap_shoe = catalogue.listing(catalogue.seller(), shoes, 30_000, origin="imported_local", country="CN")
    refresh()
    assert read(operator, source="rollup").rows == read(operator, source="scratch").rows != []

    _price(cheap_shoe, 80_000)  # no longer dumping
    _move(shoe_listings[0], status="paused")  # leaves the comparison
    _move(bag_listings[0], category=hats)  # bags drop to four listings, hats gain one
    catalogue.listings(bags, [310_000, 290_000])
    catalogue.listing(catalogue.seller(), bags, 100_000, origin="cross_border_direct", country="CN")
    # An inactive variant does not lower the listing's price.
    Variant.objects.create(product=bag_listings[1], seller=bag_listings[1].seller, sku="EXTRA", price=1_000,
                           is_active=False, weight_grams=100, length_mm=10, width_mm=10, height_mm=10)
    catalogue.listing(catalogue.seller(), hats, 1_000, status="draft")  # drafts never count
    refresh()

    rolled, scratch = read(operator, source="rollup"), read(operator, source="scratch")
    assert rolled.rows == scratch.rows
    assert [row["price"] for row in rolled.rows] == [100_000]
    assert [str(value) for _label, value in rolled.headline] == [str(value) for _label, value in scratch.headline]
    # A regulator reads the rollup and sees the same.
    assert read(regulator).rows == rolled.rows
    # Rebuilding from nothing gives the same rows again.
    price_rollup_rebuild(until=timezone.now())
    assert read(operator, source="rollup").rows == scratch.rows


@pytest.mark.django_db
def test_a_refresh_recomputes_only_the_categories_whose_listings_changed(catalogue):
    shoes, bags, hats = catalogue.category("sepatu"), catalogue.category("tas"), catalogue.category("topi")
    shoe_listings = catalogue.listings(shoes, [100_000] * 6)
    bag_listings = catalogue.listings(bags, [200_000] * 6)
    catalogue.listings(hats, [50_000] * 6)
    first = refresh()
    assert first.listings == 18 and {c for _j, c in first.categories} == {shoes.pk, bags.pk, hats.pk}
    stamps = dict(CategoryPriceStat.objects.values_list("category_id", "computed_at"))

    assert refresh().categories == frozenset()  # nothing changed: nothing recomputed

    _price(shoe_listings[0], 10_000)
    second = refresh()
    assert second.listings == 1 and second.categories == {("ID", shoes.pk)}
    after = dict(CategoryPriceStat.objects.values_list("category_id", "computed_at"))
    assert after[bags.pk] == stamps[bags.pk] and after[hats.pk] == stamps[hats.pk]
    assert after[shoes.pk] > stamps[shoes.pk]
    assert [s[0] for s in _signals()] == [shoe_listings[0].pk]

    _move(bag_listings[0], category=hats)  # a move touches the category left and the category joined
    third = refresh()
    assert third.categories == {("ID", bags.pk), ("ID", hats.pk)}
    assert PricedListing.objects.get(product_id=bag_listings[0].pk).category_id == hats.pk
    assert CategoryPriceStat.objects.get(category_id=bags.pk, current=True).listings == 5


@pytest.mark.django_db
def test_the_rollup_waits_out_the_lag_and_is_registered(catalogue):
    shoes = catalogue.category("sepatu")
    catalogue.listings(shoes, [100_000] * 6)
    assert price_rollup_refresh().listings == 0  # written just now: younger than the two-minute lag
    assert ROLLUPS["pricing"].refresh() == 0
    assert price_rollup_refresh(until=timezone.now()).listings == 6
    assert ROLLUPS["pricing"].rebuild() == 0  # the rebuild reads up to the horizon too
    assert not CategoryPriceStat.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_refreshes_racing_fold_each_change_once(catalogue):
    from lapak.core.testing import race

    shoes = catalogue.category("sepatu")
    catalogue.listings(shoes, [100_000] * 6)
    cheap = catalogue.listing(catalogue.seller(), shoes, 10_000, origin="imported_local", country="CN")
    until = timezone.now()
    outcomes = race(lambda: price_rollup_refresh(until=until), lambda: price_rollup_refresh(until=until))
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(o.listings for o in outcomes) == [0, 7]  # one folded everything, the other found it done
    assert PricedListing.objects.count() == 7
    assert _signals() == [(cheap.pk, 10_000, 6)]
    assert CategoryPriceStat.objects.get().listings == 7
