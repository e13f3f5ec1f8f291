"""Cart writes: adding, changing, removing, and every kind of bad input refused with nothing half-written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import translation

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.checkout.errors import CartLineNotFound
from lapak.market.checkout.models import Cart, CartLine
from lapak.market.checkout.services import (
    cart_acknowledge,
    cart_line_add,
    cart_line_remove,
    cart_line_update,
    cart_open,
    cart_open_anonymous,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def cart(buyer):
    return cart_open(user=buyer)


def v(catalogue, sku="KAOS-M-MERAH"):
    return catalogue.variants[sku]


def test_adding_remembers_price_title_and_label_and_adding_again_sums(catalogue, cart):
    line = cart_line_add(cart=cart, variant_id=v(catalogue).public_id, quantity=2)
    assert (line.quantity, line.unit_price, line.title, line.variant_label) == (
        2, 75_000, "Kaos Katun Lengan Pendek", "M / Merah")
    cart_line_add(cart=cart, variant_id=v(catalogue).public_id, quantity="3")
    assert list(CartLine.objects.values_list("quantity", flat=True)) == [5]


def test_one_cart_per_buyer_and_anonymous_carts_have_a_secret_token(buyer):
    assert cart_open(user=buyer) == cart_open(user=buyer)
    first, second = cart_open_anonymous(), cart_open_anonymous()
    assert first.token and second.token and first.token != second.token and len(first.token) >= 40
    assert Cart.objects.count() == 3


@pytest.mark.parametrize("quantity, message", [
    (0, "Enter at least 1."), (-1, "Enter at least 1."), ("-5", "Enter at least 1."),
    (10_001, "At most 10,000 units fit in one cart line."), ("2.5", "Enter a whole number."),
    (2.0, "Enter a whole number."), (True, "Enter a whole number."), ("abc", "Enter a whole number."),
    (None, "Enter a whole number."), ("", "Enter a whole number."), ("١", "Enter a whole number."),
])
def test_bad_quantities_are_refused_on_the_quantity_field(catalogue, cart, quantity, message):
    with pytest.raises(ValidationFailed) as caught:
        cart_line_add(cart=cart, variant_id=v(catalogue).public_id, quantity=quantity)
    assert [str(m) for m in caught.value.fields["quantity"]] == [message]
    assert not CartLine.objects.exists()


@pytest.mark.parametrize("which", ["unknown", "malformed", "draft", "paused", "inactive_variant",
                                   "unverified_seller", "not_a_string"])
def test_products_not_for_sale_are_refused_on_the_variant_field(catalogue, cart, which):
    from lapak.market.catalog.models import Variant
    from lapak.market.catalog.services import listing_transition, variant_update
    from lapak.market.sellers.models import SellerOrganisation

    variant_id = v(catalogue).public_id
    if which == "unknown":
        variant_id = "var_01JD3Q6Y8W9M2K4N7P5R0S1T2V"
    elif which == "malformed":
        variant_id = "var_<script>"
    elif which == "draft":
        variant_id = Variant.objects.get(product=catalogue.draft).public_id
    elif which == "paused":
        listing_transition(product=catalogue.shirt, actor=catalogue.owner, to="paused")
    elif which == "inactive_variant":
        variant_update(variant=v(catalogue), actor=catalogue.owner, data={"is_active": False})
    elif which == "unverified_seller":
        SellerOrganisation.objects.filter(pk=catalogue.shop.pk).update(status="closed")
    elif which == "not_a_string":
        variant_id = 12
    with pytest.raises(ValidationFailed) as caught:
        cart_line_add(cart=cart, variant_id=variant_id, quantity=1)
    assert caught.value.code == "product_unavailable"
    assert [str(m) for m in caught.value.fields["variant"]] == ["This product is not for sale."]
    assert not CartLine.objects.exists()


def test_more_than_the_stock_is_refused_and_the_line_keeps_its_quantity(catalogue, cart):
    low = v(catalogue, "KAOS-L-MERAH")  # 3 on the shelf
    with pytest.raises(ValidationFailed) as caught:
        cart_line_add(cart=cart, variant_id=low.public_id, quantity=4)
    assert [str(m) for m in caught.value.fields["quantity"]] == ["Only 3 left."]
    cart_line_add(cart=cart, variant_id=low.public_id, quantity=2)
    with pytest.raises(ValidationFailed) as caught:
        cart_line_add(cart=cart, variant_id=low.public_id, quantity=2)
    assert [str(m) for m in caught.value.fields["quantity"]] == ["Only 3 left, and 2 are already in your cart."]
    with pytest.raises(ValidationFailed) as caught:
        cart_line_add(cart=cart, variant_id=v(catalogue, "KAOS-L-BIRU").public_id, quantity=1)
    assert [str(m) for m in caught.value.fields["quantity"]] == ["This product is out of stock."]
    assert list(CartLine.objects.values_list("quantity", flat=True)) == [2]


def test_reserved_units_count_against_what_may_be_added(catalogue, cart):
    from lapak.market.inventory.services import stock_reserve

    stock_reserve(lines=[(v(catalogue), 9)], key="checkout-x", ttl=timedelta(minutes=15))
    with pytest.raises(ValidationFailed):
        cart_line_add(cart=cart, variant_id=v(catalogue).public_id, quantity=2)
    cart_line_add(cart=cart, variant_id=v(catalogue).public_id, quantity=1)


def test_the_line_maximum_holds_when_adding_to_a_line(catalogue, cart):
    from lapak.market.inventory.services import stock_restock

    stock_restock(variant=v(catalogue), warehouse=catalogue.warehouse, quantity=20_000, actor="test")
    cart_line_add(cart=cart, variant_id=v(catalogue).public_id, quantity=9_999)
    with pytest.raises(ValidationFailed) as caught:
        cart_line_add(cart=cart, variant_id=v(catalogue).public_id, quantity=2)
    assert "one line holds at most 10,000" in str(caught.value.fields["quantity"][0])
    assert CartLine.objects.get().quantity == 9_999


def test_update_sets_the_quantity_and_zero_removes(catalogue, cart):
    cart_line_add(cart=cart, variant_id=v(catalogue).public_id, quantity=1)
    line = cart_line_update(cart=cart, variant_id=v(catalogue).public_id, quantity=4)
    assert line.quantity == CartLine.objects.get().quantity == 4
    with pytest.raises(ValidationFailed) as caught:
        cart_line_update(cart=cart, variant_id=v(catalogue).public_id, quantity=11)
    assert [str(m) for m in caught.value.fields["quantity"]] == ["Only 10 left."]
    with pytest.raises(ValidationFailed):
        cart_line_update(cart=cart, variant_id=v(catalogue).public_id, quantity=-1)
    assert CartLine.objects.get().quantity == 4
    assert cart_line_update(cart=cart, variant_id=v(catalogue).public_id, quantity="0") is None
    assert not CartLine.objects.exists()


def test_a_line_of_a_paused_listing_can_be_lowered_but_not_raised(catalogue, cart):
    from lapak.market.catalog.services import listing_transition

    cart_line_add(cart=cart, variant_id=v(catalogue).public_id, quantity=3)
    listing_transition(product=catalogue.shirt, actor=catalogue.owner, to="paused")
    cart_line_update(cart=cart, variant_id=v(catalogue).public_id, quantity=2)
    with pytest.raises(ValidationFailed) as caught:
        cart_line_update(cart=cart, variant_id=v(catalogue).public_id, quantity=3)
    assert [str(m) for m in caught.value.fields["quantity"]] == ["This product is not for sale."]
    assert CartLine.objects.get().quantity == 2


def test_lines_of_another_cart_cannot_be_reached(catalogue, cart, other_buyer):
    cart_line_add(cart=cart, variant_id=v(catalogue).public_id, quantity=1)
    theirs = cart_open(user=other_buyer)
    with pytest.raises(CartLineNotFound):
        cart_line_update(cart=theirs, variant_id=v(catalogue).public_id, quantity=5)
    with pytest.raises(CartLineNotFound):
        cart_line_remove(cart=theirs, variant_id=v(catalogue).public_id)
    with pytest.raises(CartLineNotFound):
        cart_acknowledge(cart=theirs, prices={v(catalogue).public_id: 75_000})
    assert CartLine.objects.get().quantity == 1


def test_remove(catalogue, cart):
    cart_line_add(cart=cart, variant_id=v(catalogue).public_id, quantity=1)
    cart_line_remove(cart=cart, variant_id=v(catalogue).public_id)
    assert not CartLine.objects.exists()
    with pytest.raises(CartLineNotFound):
        cart_line_remove(cart=cart, variant_id=v(catalogue).public_id)


def test_acknowledge_accepts_only_the_price_the_buyer_was_shown(catalogue, cart):
    from lapak.market.catalog.services import variant_update

    cart_line_add(cart=cart, variant_id=v(catalogue).public_id, quantity=1)
    variant_update(variant=v(catalogue), actor=catalogue.owner, data={"price": 90_000})
    assert CartLine.objects.get().unit_price == 75_000  # never applied silently
    variant_update(variant=v(catalogue), actor=catalogue.owner, data={"price": 95_000})
    with pytest.raises(Conflict) as caught:
        cart_acknowledge(cart=cart, prices={v(catalogue).public_id: 90_000})  # the buyer saw 90,000
    assert caught.value.code == "price_changed_again"
    assert CartLine.objects.get().unit_price == 75_000
    cart_acknowledge(cart=cart, prices={v(catalogue).public_id: 95_000})
    assert CartLine.objects.get().unit_price == 95_000


@pytest.mark.parametrize("prices", [{}, {"var_x": 0}, {"var_x": "90000"}, {"var_x": True}])
def test_acknowledge_refuses_malformed_prices(catalogue, cart, prices):
    with pytest.raises(ValidationFailed):
        cart_acknowledge(cart=cart, prices=prices)
