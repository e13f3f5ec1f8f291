"""The sales and first-party figures through the API and the selector: small cells blanked (people counted across
cells), first-party activity in ID reported as a finding, bad dimensions and other jurisdictions refused."""

from __future__ import annotations

import pytest
from django.utils import translation

from lapak.oversight.sales.services import sales_rollup_refresh
from lapak.oversight.sales.tests.support import buyers, listing, months_ago, order, seller
from lapak.oversight.selectors import figure_read

pytestmark = pytest.mark.django_db
URL = "/api/v1/oversight/figures/"


def read(user, key: str, **params: str):
    with translation.override("en"):
        return figure_read(user=user, key=key, params={"from": months_ago(4).strftime("%Y-%m"), **params},
                           channel="api").table


def sellers_selling(world, count: int, *, province: str, buyer_provinces: tuple[str, ...]) -> None:
    """`count` sellers in `province`, each selling once to a buyer of its own, the buyers spread over
    `buyer_provinces` (so the sellers of the province are spread over several rollup cells)."""
    people = buyers(count)
    for index in range(count):
        org = seller(province=province)
        order(people[index], [(org, [(listing(org, world["food"]), 1)])], paid_at=months_ago(1),
              to_province=buyer_provinces[index % len(buyer_provinces)])


def test_sales_cells_count_people_across_rollup_cells(world, regulator, operator):
    sellers_selling(world, 10, province="35", buyer_provinces=("31", "32"))  # 5 + 5 in two cells: 10, shown
    sellers_selling(world, 9, province="32", buyer_provinces=("31", "35"))  # 5 + 4: 9, blanked
    sellers_selling(world, 3, province="31", buyer_provinces=("32",))  # blanked too: no secondary suppression
    sales_rollup_refresh()
    for user, source in ((regulator, "rollup"), (operator, "rollup"), (operator, "scratch")):
        rows = {row["province"]: row for row in read(user, "sales", by="province", source=source).rows}
        assert rows["35"]["gmv"] == 100_000 and rows["35"]["orders"] == 10 and not rows["35"]["suppressed"]
        assert rows["32"]["gmv"] is None and rows["32"]["suppressed"]
        assert rows["31"]["gmv"] is None and rows["31"]["suppressed"]
    table = read(regulator, "sales", by="province,buyer_province")
    assert all(row["suppressed"] for row in table.rows)  # no cell of two provinces has ten people
    assert table.headline[0][1] == "Rp 220,000"


def test_the_micro_and_small_share_of_gmv(world, operator):
    sellers_selling(world, 10, province="35", buyer_provinces=("31",))  # micro sellers: 100,000
    people = buyers(10)
    for index in range(10):
        org = seller(province="31", umkm="medium" if index % 2 else "large", seller_type="business")
        order(people[index], [(org, [(listing(org, world["fashion"], price=40_000), 1)])], paid_at=months_ago(2))
    sales_rollup_refresh()
    for source in ("rollup", "scratch"):
        headline = {str(label): value for label, value in read(operator, "sales", source=source).headline}
        assert headline["Share of GMV earned by micro and small sellers"] == "20.0 % (Rp 100,000)"
        assert headline["GMV"] == "Rp 500,000" and headline["Seller orders"] == "20"


def test_first_party_activity_in_id_is_a_finding(world, operator):
    platform = seller(seller_type="first_party", umkm="large")
    goods = listing(platform, world["food"], price=30_000)
    listing(platform, world["food"], status="paused")
    people = buyers(12)
    for person in people:
        order(person, [(platform, [(goods, 1)])], paid_at=months_ago(1))
    order(people[0], [(platform, [(goods, 2)])], paid_at=months_ago(2))  # one buyer in each of these months:
    order(people[1], [(platform, [(goods, 2)])], paid_at=months_ago(3))  # both blanked
    gb_platform = seller(seller_type="first_party", jurisdiction="GB", umkm="large")
    order(people[1], [(gb_platform, [(listing(gb_platform, world["food"]), 1)])], paid_at=months_ago(1),
          jurisdiction="GB")
    sales_rollup_refresh()
    for source in ("rollup", "scratch"):
        table = read(operator, "first-party", source=source)
        months = {row["month"]: row for row in table.rows}
        assert months[months_ago(1).strftime("%Y-%m")]["gmv"] == 360_000
        assert months[months_ago(1).strftime("%Y-%m")]["orders"] == 12
        assert months[months_ago(2).strftime("%Y-%m")]["suppressed"]
        assert months[months_ago(3).strftime("%Y-%m")]["suppressed"]
        headline = {str(label): value for label, value in table.headline}
        assert headline["First-party organisations"] == "1" and headline["Their listings on sale now"] == "1"
        assert headline["First-party GMV"] == "Rp 480,000" and headline["First-party seller orders"] == "14"
        assert any("Finding: ID-MKT-1" in str(note) for note in table.notes)
    gb = read(operator, "first-party", jurisdiction="GB")
    assert not any("ID-MKT-1" in str(note) for note in gb.notes)


def test_no_first_party_activity_says_zero(world, operator):
    seller()
    sales_rollup_refresh()
    table = read(operator, "first-party")
    assert table.rows == []
    assert any("Zero, as ID-MKT-1 requires" in str(note) for note in table.notes)
    listing(seller(seller_type="first_party", status="rejected", umkm="large"), world["food"], status="refused")
    notes = " ".join(str(note) for note in read(operator, "first-party").notes)
    assert "are registered here, with no listing on sale" in notes and "Finding" not in notes


def test_bad_dimensions_and_other_jurisdictions_are_refused_through_the_api(world, api_client, bearer, regulator):
    response = api_client.get(URL + "sales?by=month,shop_name", **bearer(regulator))
    assert response.status_code == 422
    assert "shop_name" in str(response.json())
    assert api_client.get(URL + "sellers?by=category", **bearer(regulator)).status_code == 422
    assert api_client.get(URL + "sales?jurisdiction=GB", **bearer(regulator)).status_code == 403
    assert api_client.get(URL + "sales?source=scratch", **bearer(regulator)).status_code == 422
    body = api_client.get(URL + "sales?by=month,origin", **bearer(regulator)).json()
    assert [column["key"] for column in body["columns"]] == ["month", "origin", "origin_name", "gmv", "orders",
                                                               "units"]
    assert api_client.get(URL + "sales").status_code == 401
