"""Merging the anonymous cart into the buyer's when they sign in: summed, capped, flagged lines kept, idempotent."""

from __future__ import annotations

import pytest

from lapak.market.checkout.models import Cart, CartLine
from lapak.market.checkout.selectors import cart_view
from lapak.market.checkout.services import cart_line_add, cart_merge, cart_open, cart_open_anonymous

pytestmark = pytest.mark.django_db


def test_merge_sums_moves_and_deletes_the_anonymous_cart(catalogue, buyer):
    shirt, tea = catalogue.variants["KAOS-M-MERAH"], catalogue.tea.variants.get()
    mine = cart_open(user=buyer)
    cart_line_add(cart=mine, variant_id=shirt.public_id, quantity=2)
    anonymous = cart_open_anonymous()
    cart_line_add(cart=anonymous, variant_id=shirt.public_id, quantity=3)
    cart_line_add(cart=anonymous, variant_id=tea.public_id, quantity=1)

    merged = cart_merge(token=anonymous.token, user=buyer)

    assert merged == mine
    assert dict(CartLine.objects.filter(cart=mine).values_list("variant_id", "quantity")) == {shirt.pk: 5, tea.pk: 1}
    assert not Cart.objects.filter(pk=anonymous.pk).exists()
    # Idempotent: the anonymous cart is gone, so a second merge changes nothing.
    assert cart_merge(token=anonymous.token, user=buyer) == mine
    assert dict(CartLine.objects.filter(cart=mine).values_list("variant_id", "quantity")) == {shirt.pk: 5, tea.pk: 1}


def test_merge_caps_the_summed_quantity_at_the_line_maximum(catalogue, buyer):
    from lapak.market.inventory.services import stock_restock

    shirt = catalogue.variants["KAOS-M-MERAH"]
    stock_restock(variant=shirt, warehouse=catalogue.warehouse, quantity=20_000, actor="test")
    mine, anonymous = cart_open(user=buyer), cart_open_anonymous()
    cart_line_add(cart=mine, variant_id=shirt.public_id, quantity=6_000)
    cart_line_add(cart=anonymous, variant_id=shirt.public_id, quantity=7_000)
    cart_merge(token=anonymous.token, user=buyer)
    assert CartLine.objects.get().quantity == 10_000


def test_lines_of_products_no_longer_for_sale_are_kept_flagged(catalogue, buyer):
    from lapak.market.catalog.services import listing_transition

    anonymous = cart_open_anonymous()
    cart_line_add(cart=anonymous, variant_id=catalogue.variants["KAOS-M-MERAH"].public_id, quantity=1)
    listing_transition(product=catalogue.shirt, actor=catalogue.owner, to="paused")
    merged = cart_merge(token=anonymous.token, user=buyer)
    (line,) = cart_view(cart=merged).lines
    assert line.unavailable and line.title == "Kaos Katun Lengan Pendek" and line.line_total == 0


def test_the_buyers_line_keeps_its_price_so_a_difference_stays_visible(catalogue, buyer):
    from lapak.market.catalog.services import variant_update

    shirt = catalogue.variants["KAOS-M-MERAH"]
    mine = cart_open(user=buyer)
    cart_line_add(cart=mine, variant_id=shirt.public_id, quantity=1)
    variant_update(variant=shirt, actor=catalogue.owner, data={"price": 70_000})
    anonymous = cart_open_anonymous()
    cart_line_add(cart=anonymous, variant_id=shirt.public_id, quantity=1)
    cart_merge(token=anonymous.token, user=buyer)
    (line,) = cart_view(cart=mine).lines
    assert (line.quantity, line.stored_price, line.live_price, line.price_changed) == (2, 75_000, 70_000, "down")


def test_an_empty_anonymous_cart_is_dropped_without_opening_a_cart(catalogue, buyer):
    anonymous = cart_open_anonymous()
    assert cart_merge(token=anonymous.token, user=buyer) is None
    assert not Cart.objects.exists()


def test_unknown_tokens_and_other_buyers_carts_are_never_merged(catalogue, buyer, other_buyer):
    theirs = cart_open(user=other_buyer)
    cart_line_add(cart=theirs, variant_id=catalogue.variants["KAOS-M-MERAH"].public_id, quantity=1)
    assert cart_merge(token="guess", user=buyer) is None
    assert cart_merge(token="", user=buyer) is None
    assert CartLine.objects.get().cart == theirs
