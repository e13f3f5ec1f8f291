"""Review: a rebuild racing refreshes on the real database leaves every seller order counted once."""

from __future__ import annotations

import pytest

from lapak.core.testing import race
from lapak.oversight.figures.base import FIGURES, FigureQuery
from lapak.oversight.sales.models import SalesOrderCell
from lapak.oversight.sales.services import sales_rollup_rebuild, sales_rollup_refresh
from lapak.oversight.sales.tests import support
from lapak.oversight.sales.tests.support import buyers, listing, months_ago, order, seller


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_racing_two_refreshes(racing_db, monkeypatch):
    from lapak.oversight.sales import services

    support.regions_make()
    world = support.categories_make()
    people = buyers(6)
    sellers = [seller(province=province) for province in ("31", "32", "35")]
    goods = [listing(org, world["food"]) for org in sellers]
    for index in range(40):
        first, second = index % 3, (index + 1) % 3
        parts = [(sellers[first], [(goods[first], 1)]), (sellers[second], [(goods[second], 2)])]
        order(people[index % 6], parts, paid_at=months_ago(1 + index % 3, day=1 + index % 20))
    sales_rollup_refresh(batch=9)  # a rollup to rebuild
    monkeypatch.setattr(services, "BATCH", 5)
    results = race(lambda: sales_rollup_refresh(batch=5), sales_rollup_rebuild, lambda: sales_rollup_refresh(batch=5))
    assert all(isinstance(result, int) for result in results), results
    assert sum(SalesOrderCell.objects.values_list("seller_orders", flat=True)) == 80
    for by in [("month",), ("province", "category")]:
        queries = [FigureQuery(jurisdiction="ID", date_from=months_ago(4).date().replace(day=1),
                               date_to=months_ago(0).date(), by=by, source=source) for source in ("rollup", "scratch")]
        assert FIGURES["sales"].compute(queries[0]).rows == FIGURES["sales"].compute(queries[1]).rows
