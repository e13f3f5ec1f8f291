"""Review: every figure, grouped by every combination of its dimensions, answers without an error for a regulator
and an operator, and the rollups give the same rows as the source tables (empty database and a small market)."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone, translation

from lapak.compliance.tests import support as compliance_support
from lapak.oversight.figures.base import FIGURES
from lapak.oversight.selectors import figure_read

reference = compliance_support.reference
pytestmark = pytest.mark.django_db


def _combinations(dimensions: list[str]) -> list[tuple[str, ...]]:
    found = [combo for size in range(len(dimensions) + 1) for combo in itertools.combinations(dimensions, size)]
    return found + [combo[::-1] for combo in found if len(combo) > 1]  # and in another order


def _sweep(regulator, operator, date_from: str, to: str | None = None) -> list[str]:
    problems = []
    to = to or timezone.localdate().isoformat()
    for key, figure in sorted(FIGURES.items()):
        for by in _combinations(list(figure.dimensions)):
            params = {"from": date_from, "to": to, "by": ",".join(by)}
            with translation.override("en"):
                figure_read(user=regulator, key=key, params=params, channel="api")
                rollup = figure_read(user=operator, key=key, params={**params, "source": "rollup"}, channel="api")
                scratch = figure_read(user=operator, key=key, params={**params, "source": "scratch"}, channel="api")
            if key == "sellers" and to != timezone.localdate().isoformat():
                continue  # from scratch the sellers figure can only describe today (its notes say so)
            # The sellers figure: today's snapshot against today's tables (headlines too: the active counts).
            same_headline = key != "sellers" or rollup.table.headline == scratch.table.headline
            if rollup.table.rows != scratch.table.rows or not same_headline:
                problems.append(f"{key} by={by}: {rollup.table.rows} != {scratch.table.rows}")
    return problems




def test_every_figure_every_grouping_on_an_empty_database(regulator, operator):
    from lapak.oversight.rollups import rollups_refresh_all

    rollups_refresh_all()
    assert _sweep(regulator, operator, "2020-01") == []


def test_every_figure_every_grouping_on_a_small_market(regulator, operator):
    import datetime as dt

    from freezegun import freeze_time

    from lapak.oversight.reports.tests.support import market_make
    from lapak.oversight.rollups import rollups_refresh_all

    market = market_make()
    with freeze_time(timezone.now() + dt.timedelta(minutes=5)):
        rollups_refresh_all()
    assert _sweep(regulator, operator, market.quarter.month[:4] + "-01") == []


def test_every_figure_every_grouping_on_a_mixed_market(reference, regulator, operator):
    """Sales at month edges in Jakarta time, orders in two categories and origins, several classes, COD-free; the
    compliance history of the rules tests; money and service facts of the service tests."""
    _mixed_market(operator)
    problems = _sweep(regulator, operator, "2026-08-01")
    problems += _sweep(regulator, operator, "2017-01", "2017-12")  # a range with no data
    problems += _sweep(regulator, operator, "2026-09-15", "2026-09-15")  # one day inside a month
    print("\n".join(problems))
    assert problems == []


def test_every_row_of_a_people_figure_says_how_many_people_stand_behind_it(reference, operator):
    from datetime import date

    from lapak.oversight.figures.base import FigureQuery

    _mixed_market(operator)
    listings = {"price-dumping", "switches"}  # rows are listings and switch changes, not cells of people
    missing = []
    for key, figure in sorted(FIGURES.items()):
        if key in listings:
            continue
        for by in _combinations(list(figure.dimensions)):
            for source in ("rollup", "scratch"):
                query = FigureQuery(jurisdiction="ID", date_from=date(2026, 8, 1), date_to=timezone.localdate(),
                                    by=by, source=source)
                for row in figure.compute(query).rows:
                    people = [row[name] for name in ("_sellers", "_buyers") if name in row]
                    if not people and not (key == "decisions" and row.get("decisions")):
                        missing.append((key, by, source, row))
    assert missing == []


def _mixed_market(operator) -> None:
    import datetime as dt

    from freezegun import freeze_time

    from lapak.market.orders.models import OrderLine
    from lapak.oversight.rollups import rollups_refresh_all
    from lapak.oversight.rules.tests.support import mixed_history
    from lapak.oversight.sales.tests import support as sales
    from lapak.oversight.service.tests.support import World, at

    sales.regions_make()
    world = sales.categories_make()
    edges = [at("2026-08-31", 23, 30), at("2026-09-01", 0, 30), at("2026-09-30", 23, 59), at("2026-10-01", 6, 0)]
    people = sales.buyers(30)
    for index in range(30):
        org = sales.seller(province=("31", "32", "35")[index % 3], umkm=("micro", "small", "medium", "")[index % 4],
                           seller_type=("individual", "business")[index % 2])
        fashion = sales.listing(org, world["batik"], origin=("domestic", "imported_local")[index % 2])
        food = sales.listing(org, world["food"], origin="domestic", price=7_000)
        parts = [(org, [(fashion, 1 + index % 2), (food, 1)])] if index % 3 else [(org, [(food, 2)])]
        sales.order(people[index], parts, paid_at=edges[index % 4], to_province=("32", "31")[index % 2])
    gb = sales.seller(province="31", jurisdiction="GB")
    sales.order(people[0], [(gb, [(sales.listing(gb, world["food"]), 1)])], paid_at=edges[0], jurisdiction="GB")
    mixed_history(operator)
    service = World()
    shops, buyers = [sales.seller() for _ in range(12)], service.buyers(12)
    for index, (shop, buyer) in enumerate(zip(shops, buyers, strict=True)):
        when = edges[index % 4]
        so = service.order(buyer, shop, when=when)
        variant = sales.listing(shop, world["food"], price=100_000)
        OrderLine.objects.create(seller_order=so, variant=variant, title="x", sku=variant.sku, unit_price=100_000,
                                 quantity=1, weight_grams=100, origin="domestic", origin_country="ID",
                                 line_total=100_000)
        service.payment(so, when=when, method=("qris", "cod", "va_bca")[index % 3])
        service.release(so, when=when, pph22=(0, 500)[index % 2])
        service.payout(shop, when=when)
        ret = service.return_request(so, opened=when, closed=when + dt.timedelta(days=index % 5))
        service.refund(so, opened=when, paid=when + dt.timedelta(days=index % 9))
        service.complaint(ret, disputed=when, decided=when + dt.timedelta(days=2) if index % 2 else None)
    with freeze_time(timezone.now() + dt.timedelta(minutes=5)):
        rollups_refresh_all()
