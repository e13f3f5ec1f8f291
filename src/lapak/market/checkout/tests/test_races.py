"""Races provoked on purpose: two tabs adding the same variant at once, and two first requests merging at once.

SQLite serialises writers (IMMEDIATE transactions); PostgreSQL queues them on the cart row lock."""

from __future__ import annotations

import pytest

from lapak.core.testing import race
from lapak.market.checkout.models import Cart, CartLine
from lapak.market.checkout.services import cart_line_add, cart_merge, cart_open, cart_open_anonymous

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_tabs_adding_the_same_variant_end_as_one_line_with_the_sum(racing_db, catalogue, buyer):
    cart = cart_open(user=buyer)
    shirt = catalogue.variants["KAOS-M-MERAH"]
    outcomes = race(*[lambda n=n: cart_line_add(cart=cart, variant_id=shirt.public_id, quantity=n)
                      for n in (1, 2, 3, 4)])
    assert all(isinstance(o, CartLine) for o in outcomes), outcomes
    assert list(CartLine.objects.values_list("quantity", flat=True)) == [10]


def test_racing_adds_never_go_past_the_stock_shown(racing_db, catalogue, buyer):
    from lapak.core.errors import ValidationFailed

    cart = cart_open(user=buyer)
    low = catalogue.variants["KAOS-L-MERAH"]  # 3 on the shelf
    outcomes = race(*[lambda: cart_line_add(cart=cart, variant_id=low.public_id, quantity=2) for _ in range(3)])
    assert sum(isinstance(o, CartLine) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, ValidationFailed) for o in outcomes) == 2
    assert CartLine.objects.get().quantity == 2


def test_two_first_requests_after_sign_in_merge_once(racing_db, catalogue, buyer):
    anonymous = cart_open_anonymous()
    cart_line_add(cart=anonymous, variant_id=catalogue.variants["KAOS-M-MERAH"].public_id, quantity=2)
    outcomes = race(*[lambda: cart_merge(token=anonymous.token, user=buyer) for _ in range(3)])
    assert all(isinstance(o, Cart) for o in outcomes), outcomes
    mine = Cart.objects.get(user=buyer)
    assert list(CartLine.objects.filter(cart=mine).values_list("quantity", flat=True)) == [2]
    assert Cart.objects.count() == 1
