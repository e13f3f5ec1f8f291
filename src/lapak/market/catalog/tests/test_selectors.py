"""Reads: the owning seller sees every state; another seller gets NotFound; the public sees active only."""

from __future__ import annotations

import pytest

from lapak.core.errors import NotFound
from lapak.market.catalog.selectors import (
    product_for_seller,
    product_public,
    products_for_seller,
    products_public,
    variant_for_seller,
)
from lapak.market.catalog.services import listing_transition

pytestmark = pytest.mark.django_db


def test_owner_sees_drafts_public_does_not(draft, owner, shop):
    assert list(products_for_seller(seller=shop, user=owner)) == [draft]
    assert product_for_seller(public_id=draft.public_id, user=owner) == draft
    assert variant_for_seller(public_id=draft.variants.get().public_id, user=owner).product == draft
    assert not products_public().exists()
    with pytest.raises(NotFound):
        product_public(public_id=draft.public_id)


def test_other_sellers_get_not_found(draft, people, shop):
    with pytest.raises(NotFound):
        product_for_seller(public_id=draft.public_id, user=people.stranger)
    with pytest.raises(NotFound):
        products_for_seller(seller=shop, user=people.stranger)
    with pytest.raises(NotFound):
        variant_for_seller(public_id=draft.variants.get().public_id, user=people.stranger)


def test_public_sees_active_only_until_paused(active, owner):
    found = product_public(public_id=active.public_id)
    assert [v.sku for v in found.variants.all()] == ["KAOS-M-MERAH"]
    listing_transition(product=active, actor=owner, to="paused")
    assert not products_public().exists()


def test_public_hides_listings_of_a_seller_no_longer_verified(active, shop):
    shop.status = "closed"
    shop.save(update_fields=["status"])
    assert not products_public().exists()
