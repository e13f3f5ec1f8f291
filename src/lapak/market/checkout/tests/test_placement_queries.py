"""The query budget of placing an order: at most 27 for three lines from two shops, and the same bound for nine
lines (the count must not grow with the lines). Two of them are the compliance engine's: the rule versions in
force, and the jurisdiction's feature switches."""

from __future__ import annotations

import pytest

from lapak.market.catalog.tests.buyer_fixtures import add_listing
from lapak.market.orders.tests import support
from lapak.market.orders.tests.support import fill
from lapak.market.promotions.tests.conftest import terms

# The count includes placement's own transaction statements (BEGIN/COMMIT in production, a SAVEPOINT pair here).
address, couriers, market, place, places = (  # fixtures
    support.address, support.couriers, support.market, support.place, support.places)
pytestmark = pytest.mark.django_db
BUDGET = 27


def _nine_lines(buyer, market, catalogue):
    budi = [add_listing(catalogue, title=f"Produk {n}", price=10_000 + n, category=catalogue.shirts).variants.get()
            for n in range(4)]
    sari = [market.sari_shop.listing(f"Kain {n}", 20_000 + n, units=5) for n in range(2)]
    fill(buyer, (market.shirt, 1), (market.tea, 1), (market.batik, 1), *((v, 1) for v in budi + sari))


def test_three_lines_two_shops(place, buyer, market, django_assert_max_num_queries):
    fill(buyer, (market.shirt, 2), (market.tea, 1), (market.batik, 1))
    with django_assert_max_num_queries(BUDGET):
        order = place()
    assert order.seller_orders.count() == 2


def test_nine_lines_two_shops_same_bound(place, buyer, market, catalogue, django_assert_max_num_queries):
    from lapak.market.orders.models import OrderLine

    _nine_lines(buyer, market, catalogue)
    with django_assert_max_num_queries(BUDGET):
        order = place()
    assert OrderLine.objects.filter(seller_order__order=order).count() == 9


def test_vouchers_cost_a_fixed_number_of_queries_each(place, buyer, market, catalogue, make_user,
                                                      django_assert_max_num_queries):
    """A voucher is quoted and then redeemed under its lock: a few queries per voucher, never per line."""
    from lapak.market.promotions.services import voucher_create

    operator = make_user(email="ops@example.test", roles=["operator"])
    voucher_create(actor=operator, data=terms(code="HEMAT10"))
    voucher_create(actor=market.sari_owner, seller=market.sari, data=terms(code="SARI5", min_spend=0))
    _nine_lines(buyer, market, catalogue)
    with django_assert_max_num_queries(BUDGET + 2 * 9):
        order = place(voucher_codes=["HEMAT10", "SARI5"])
    assert order.discount_total == 20_000
