"""Two refreshes racing in threads on the real database fold each seller order exactly once."""

from __future__ import annotations

import pytest

from lapak.core.testing import race
from lapak.oversight.figures.base import FIGURES, FigureQuery
from lapak.oversight.models import RollupWatermark
from lapak.oversight.sales.models import SalesLineCell, SalesOrderCell
from lapak.oversight.sales.services import SALES_ROLLUP, sales_rollup_refresh
from lapak.oversight.sales.tests import support
from lapak.oversight.sales.tests.support import buyers, listing, months_ago, order, seller


@pytest.mark.django_db(transaction=True)
def test_racing_refreshes_count_each_seller_order_once(racing_db):
    support.regions_make()
    world = support.categories_make()
    people = buyers(6)
    sellers = [seller(province=province) for province in ("31", "32", "35")]
    goods = [listing(org, world["food"]) for org in sellers]
    for index in range(30):
        first, second = index % 3, (index + 1) % 3
        parts = [(sellers[first], [(goods[first], 1)]), (sellers[second], [(goods[second], 2)])]
        order(people[index % 6], parts, paid_at=months_ago(1 + index % 3, day=1 + index % 20))
    # Small batches: the two refreshes interleave batch by batch, each under the watermark's lock.
    results = race(lambda: sales_rollup_refresh(batch=7), lambda: sales_rollup_refresh(batch=7))
    assert all(isinstance(result, int) for result in results), results
    assert sum(results) == 60
    assert RollupWatermark.objects.get(name=SALES_ROLLUP).rows_folded == 60
    assert sum(SalesOrderCell.objects.values_list("seller_orders", flat=True)) == 60
    assert sum(SalesLineCell.objects.values_list("units", flat=True)) == 90
    for by in [("month",), ("province", "category")]:
        queries = [FigureQuery(jurisdiction="ID", date_from=months_ago(4).date().replace(day=1),
                               date_to=months_ago(0).date(), by=by, source=source) for source in ("rollup", "scratch")]
        assert FIGURES["sales"].compute(queries[0]).rows == FIGURES["sales"].compute(queries[1]).rows
