"""The sales rollups: equal to the source tables after a mixed series, incremental, idempotent, lagging behind
young rows, scoped to one jurisdiction."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from lapak.oversight.figures.base import FIGURES, FigureQuery
from lapak.oversight.models import RollupWatermark
from lapak.oversight.rollups import ROLLUPS
from lapak.oversight.sales import services
from lapak.oversight.sales.models import SalesLineCell, SalesOrderCell
from lapak.oversight.sales.services import SALES_ROLLUP, sales_rollup_rebuild, sales_rollup_refresh
from lapak.oversight.sales.tests.support import buyers, listing, months_ago, order, seller

pytestmark = pytest.mark.django_db

BY = [(), ("month",), ("province",), ("buyer_province",), ("category",), ("umkm_class",), ("origin",),
      ("month", "province", "buyer_province", "category", "umkm_class", "origin"), ("category", "origin"),
      ("month", "umkm_class"), ("origin", "month")]


def series(world) -> SimpleNamespace:
    """Four ID sellers in three provinces, one GB seller; lines in three categories (one a child category) and
    all three origins; orders over three months, one of them across two sellers and one with two categories in
    one seller order, one paid at 01:00 Jakarta time on the first of a month (still the previous month in UTC),
    one never paid, one in GB."""
    a = seller(province="31", umkm="micro")
    b = seller(province="32", umkm="small", seller_type="business")
    c = seller(province="35", umkm="medium", seller_type="business")
    d = seller(province="31", umkm="", seller_type="foreign")
    g = seller(province="31", umkm="large", seller_type="business", jurisdiction="GB")
    batik = listing(a, world["batik"], price=150_000)
    snack = listing(a, world["food"], price=20_000)
    shirt = listing(b, world["fashion"], origin="imported_local", price=80_000)
    rice = listing(c, world["food"], price=60_000)
    gadget = listing(d, world["fashion"], origin="cross_border_direct", price=1_700_000)
    tea = listing(g, world["food"], price=5_000)
    people = buyers(8)
    boundary = months_ago(1, day=1, hour=1)  # 01:00 WIB on the 1st: the month before in UTC
    orders = [
        order(people[0], [(a, [(batik, 1), (snack, 3)])], paid_at=months_ago(3)),  # two categories in one
        order(people[1], [(a, [(batik, 2)]), (b, [(shirt, 1)])], paid_at=months_ago(3, day=20), to_province="35"),
        order(people[2], [(c, [(rice, 5)])], paid_at=months_ago(2), to_province="31"),
        order(people[3], [(d, [(gadget, 1)])], paid_at=months_ago(2, day=15)),
        order(people[4], [(b, [(shirt, 2)]), (c, [(rice, 1)])], paid_at=boundary),
        order(people[0], [(a, [(snack, 1)])], paid_at=months_ago(1, day=12), to_province="31"),
        order(people[5], [(a, [(snack, 4)])], paid_at=months_ago(1, day=12)),  # same instant as the one before
        order(people[6], [(b, [(shirt, 1)])], paid_at=None),  # never paid
        order(people[7], [(g, [(tea, 3)])], paid_at=months_ago(2), jurisdiction="GB", to_province="31"),
    ]
    return SimpleNamespace(sellers=(a, b, c, d, g), orders=orders, boundary=boundary)


def query(source: str, by: tuple[str, ...], jurisdiction: str = "ID") -> FigureQuery:
    return FigureQuery(jurisdiction=jurisdiction, date_from=months_ago(4).date().replace(day=1),
                       date_to=timezone.localdate(), by=by, source=source)


def compute(key: str, source: str, by: tuple[str, ...], jurisdiction: str = "ID"):
    return FIGURES[key].compute(query(source, by, jurisdiction))


def assert_rollup_matches_scratch(jurisdiction: str = "ID") -> None:
    for by in BY:
        rollup, scratch = compute("sales", "rollup", by, jurisdiction), compute("sales", "scratch", by, jurisdiction)
        assert rollup.rows == scratch.rows, by
        assert rollup.headline == scratch.headline
    for by in [(), ("month",)]:
        assert compute("first-party", "rollup", by).rows == compute("first-party", "scratch", by).rows


def test_rollup_equals_the_source_tables_after_a_mixed_series(world):
    made = series(world)
    assert sales_rollup_refresh() == 10  # ten paid seller orders, GB's included
    assert_rollup_matches_scratch("ID")
    assert_rollup_matches_scratch("GB")
    by_month = {row["month"]: row for row in compute("sales", "rollup", ("month",)).rows}
    jakarta = made.boundary.astimezone(ZoneInfo("Asia/Jakarta"))
    assert made.boundary.astimezone(ZoneInfo("UTC")).month != jakarta.month  # the case is real
    boundary_month = by_month[jakarta.strftime("%Y-%m")]
    assert boundary_month["orders"] == 4  # the boundary order's two seller orders, and the two on the 12th
    assert boundary_month["gmv"] == 2 * 80_000 + 60_000 + 20_000 + 4 * 20_000
    total = compute("sales", "rollup", ()).rows[0]
    assert (total["orders"], total["units"]) == (9, 4 + 2 + 1 + 5 + 1 + 2 + 1 + 1 + 4)
    assert total["gmv"] == 210_000 + 300_000 + 80_000 + 300_000 + 1_700_000 + 160_000 + 60_000 + 20_000 + 80_000


def test_an_order_spanning_two_categories_counts_once_in_each_and_once_in_total(world):
    made = series(world)
    sales_rollup_refresh()
    first = made.orders[0].seller_orders.get()
    cells = SalesLineCell.objects.filter(month=months_ago(3).date().replace(day=1), umkm_class="micro")
    by_category: dict[str, list[int]] = {}
    for cell in cells:
        sums = by_category.setdefault(cell.category, [0, 0])
        sums[0], sums[1] = sums[0] + cell.seller_orders, sums[1] + cell.units
    assert by_category == {"t-fashion": [2, 3], "t-food": [1, 3]}  # the child category batik rolls up to fashion
    order_cell = SalesOrderCell.objects.get(month=months_ago(3).date().replace(day=1), umkm_class="micro",
                                            buyer_province="32")
    assert order_cell.seller_orders == 1 and order_cell.gmv == first.goods_subtotal
    table = compute("sales", "rollup", ("category",))
    assert any("counts once for each pair" in str(note) for note in table.notes)


def test_refresh_is_incremental_and_idempotent(world):
    made = series(world)
    assert sales_rollup_refresh() == 10
    assert sales_rollup_refresh() == 0
    a, b, *_rest = made.sellers
    snack = a.products.get(category=world["food"]).variants.get()
    shirt = b.products.get().variants.get()
    order(buyers(1)[0], [(a, [(snack, 1)]), (b, [(shirt, 1)])], paid_at=timezone.now() - timedelta(minutes=10))
    order(buyers(1)[0], [(a, [(snack, 2)])], paid_at=timezone.now() - timedelta(minutes=9))
    assert sales_rollup_refresh() == 3
    assert RollupWatermark.objects.get(name=SALES_ROLLUP).rows_folded == 13
    assert_rollup_matches_scratch()
    before = list(SalesLineCell.objects.order_by("pk").values("month", "category", "gmv", "seller_orders"))
    assert sales_rollup_rebuild() == 13
    after = list(SalesLineCell.objects.order_by("pk").values("month", "category", "gmv", "seller_orders"))
    assert sorted(before, key=str) == sorted(after, key=str)
    assert_rollup_matches_scratch()


def test_young_rows_wait_for_the_lag(world, monkeypatch):
    made = series(world)
    sales_rollup_refresh()
    a = made.sellers[0]
    snack = a.products.get(category=world["food"]).variants.get()
    order(buyers(1)[0], [(a, [(snack, 1)])], paid_at=timezone.now() - timedelta(seconds=30))
    assert sales_rollup_refresh() == 0  # younger than the two-minute lag: a transaction may still commit before it
    later = timezone.now() + timedelta(minutes=3)
    monkeypatch.setattr(services, "rollup_horizon", lambda: later - timedelta(minutes=2))
    assert sales_rollup_refresh() == 1
    assert_rollup_matches_scratch()


def test_a_gb_order_never_appears_in_id_figures(world):
    series(world)
    sales_rollup_refresh()
    for source in ("rollup", "scratch"):
        id_total = compute("sales", source, ()).rows[0]["gmv"]
        gb_total = compute("sales", source, (), "GB").rows[0]["gmv"]
        assert gb_total == 15_000
        assert id_total == 2_910_000
    assert not SalesOrderCell.objects.filter(jurisdiction="ID", seller_type="business", umkm_class="large").exists()


def test_the_rollups_are_registered_and_the_month_is_local():
    assert {"oversight_sales.orders", "oversight_sales.sellers"} <= set(ROLLUPS)
    from lapak.oversight.sales.cells import month_of

    assert month_of(datetime(2026, 10, 31, 18, 30, tzinfo=ZoneInfo("UTC")), "ID") == date(2026, 11, 1)
    assert month_of(datetime(2026, 10, 31, 18, 30, tzinfo=ZoneInfo("UTC")), "GB") == date(2026, 10, 1)
