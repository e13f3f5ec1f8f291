"""The cart as the buyer sees it: grouped by seller, live price and stock, flags, totals, constant queries."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lapak.market.checkout.selectors import cart_view
from lapak.market.checkout.services import cart_acknowledge, cart_line_add, cart_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def cart(buyer):
    return cart_open(user=buyer)


def test_lines_are_grouped_by_seller_with_subtotals_and_a_total(catalogue, shops, cart):
    sari = shops("Toko Sari", 3)
    batik = sari.listing("Batik Tulis", 250_000)
    cart_line_add(cart=cart, variant_id=catalogue.variants["KAOS-M-MERAH"].public_id, quantity=2)
    cart_line_add(cart=cart, variant_id=batik.public_id, quantity=1)
    cart_line_add(cart=cart, variant_id=catalogue.tea.variants.get().public_id, quantity=1)
    view = cart_view(cart=cart)
    assert [(g.shop_name, g.shop_slug, [line.title for line in g.lines], g.subtotal) for g in view.groups] == [
        ("Toko Budi", catalogue.shop.shop_slug, ["Kaos Katun Lengan Pendek", "Teh Hijau Jepang"], 270_000),
        ("Toko Sari", sari.org.shop_slug, ["Batik Tulis"], 250_000),
    ]
    assert (view.total, view.line_count, view.unit_count, view.can_checkout) == (520_000, 3, 4, True)
    assert not any(line.blocks_checkout for line in view.lines)


@pytest.mark.parametrize("new_price, direction", [(90_000, "up"), (60_000, "down")])
def test_a_price_change_is_flagged_counted_at_the_live_price_and_blocks_checkout_until_accepted(
        catalogue, cart, new_price, direction):
    from lapak.market.catalog.services import variant_update

    shirt = catalogue.variants["KAOS-M-MERAH"]
    cart_line_add(cart=cart, variant_id=shirt.public_id, quantity=2)
    variant_update(variant=shirt, actor=catalogue.owner, data={"price": new_price})
    view = cart_view(cart=cart)
    (line,) = view.lines
    assert (line.price_changed, line.stored_price, line.live_price) == (direction, 75_000, new_price)
    assert view.total == 2 * new_price and not view.can_checkout and view.price_changes == [line]
    cart_acknowledge(cart=cart, prices={shirt.public_id: new_price})
    view = cart_view(cart=cart)
    assert view.lines[0].price_changed is None and view.can_checkout


def test_a_paused_listing_is_flagged_unavailable_and_left_out_of_the_total(catalogue, cart):
    from lapak.market.catalog.services import listing_transition

    cart_line_add(cart=cart, variant_id=catalogue.variants["KAOS-M-MERAH"].public_id, quantity=1)
    cart_line_add(cart=cart, variant_id=catalogue.tea.variants.get().public_id, quantity=1)
    listing_transition(product=catalogue.shirt, actor=catalogue.owner, to="paused")
    view = cart_view(cart=cart)
    shirt, tea = view.lines
    assert shirt.unavailable and not shirt.insufficient_stock and shirt.line_total == 0
    assert not tea.unavailable and view.total == 120_000 and not view.can_checkout


def test_a_deactivated_variant_is_unavailable(catalogue, cart):
    from lapak.market.catalog.services import variant_update

    shirt = catalogue.variants["KAOS-M-MERAH"]
    cart_line_add(cart=cart, variant_id=shirt.public_id, quantity=1)
    variant_update(variant=shirt, actor=catalogue.owner, data={"is_active": False})
    assert cart_view(cart=cart).lines[0].unavailable


def test_stock_taken_by_others_is_flagged_as_insufficient(catalogue, cart):
    from lapak.market.inventory.services import stock_reserve

    shirt = catalogue.variants["KAOS-M-MERAH"]
    cart_line_add(cart=cart, variant_id=shirt.public_id, quantity=4)
    stock_reserve(lines=[(shirt, 8)], key="someone-else", ttl=timedelta(minutes=15))
    view = cart_view(cart=cart)
    (line,) = view.lines
    assert (line.available, line.insufficient_stock, view.can_checkout) == (2, True, False)


def test_no_cart_is_an_empty_view(db):
    view = cart_view(cart=None)
    assert (view.groups, view.total, view.can_checkout) == ([], 0, False)


def test_queries_do_not_grow_with_lines_or_sellers(catalogue, shops, cart, django_assert_max_num_queries):
    cart_line_add(cart=cart, variant_id=catalogue.variants["KAOS-M-MERAH"].public_id, quantity=1)
    with django_assert_max_num_queries(2):
        assert cart_view(cart=cart).line_count == 1
    for serial, name in ((4, "Toko Dua"), (5, "Toko Tiga")):
        shop = shops(name, serial)
        for n in range(4 if serial == 4 else 3):
            cart_line_add(cart=cart, variant_id=shop.listing(f"{name} {n}", 10_000 + n).public_id, quantity=1)
    cart_line_add(cart=cart, variant_id=catalogue.variants["KAOS-L-MERAH"].public_id, quantity=1)
    cart_line_add(cart=cart, variant_id=catalogue.tea.variants.get().public_id, quantity=1)
    with django_assert_max_num_queries(2):
        view = cart_view(cart=cart)
        assert view.line_count == 10 and len(view.groups) == 3
        assert all(line.title for line in view.lines) and view.total > 0
