"""Review: the sales headline must not give back a cell the table suppresses."""

from __future__ import annotations

import pytest
from django.utils import translation

from lapak.oversight.sales.services import sales_rollup_refresh
from lapak.oversight.sales.tests.support import buyers, listing, months_ago, order, seller
from lapak.oversight.selectors import figure_read

pytestmark = pytest.mark.django_db


def _class_sellers(world, count: int, umkm: str, price: int) -> None:
    people = buyers(count)
    for index in range(count):
        org = seller(province="31", umkm=umkm, seller_type="business" if umkm in {"medium", "large"} else "individual")
        order(people[index], [(org, [(listing(org, world["food"], price=price), 1)])], paid_at=months_ago(1))


@pytest.mark.parametrize("source", ["rollup", "scratch"])
def test_micro_and_small_share_does_not_reveal_a_suppressed_class(world, operator, source):
    _class_sellers(world, 10, "micro", 50_000)  # shown: Rp 500,000
    _class_sellers(world, 3, "small", 7_000)  # 3 sellers: suppressed (Rp 21,000)
    _class_sellers(world, 10, "medium", 10_000)  # the smallest shown row: blanked by secondary suppression
    _class_sellers(world, 10, "large", 40_000)
    sales_rollup_refresh()
    params = {"from": months_ago(4).strftime("%Y-%m"), "by": "umkm_class", "source": source}
    with translation.override("en"):
        table = figure_read(user=operator, key="sales", params=params, channel="api").table
        headline = {str(label): value for label, value in table.headline}
    rows = {row["umkm_class"]: row for row in table.rows}
    assert rows["small"]["suppressed"] and rows["micro"]["gmv"] == 500_000
    share = headline["Share of GMV earned by micro and small sellers"]
    # 521,000 - 500,000 (micro, shown) = 21,000: the suppressed small sellers' GMV.
    assert "521,000" not in share and "%" not in share


def test_the_share_stays_when_the_blanked_classes_are_two_on_one_side(world, operator):
    _class_sellers(world, 10, "micro", 10_000)  # shown: Rp 100,000
    _class_sellers(world, 5, "medium", 40_000)  # medium and large blanked together: the share reveals only
    _class_sellers(world, 5, "large", 40_000)  # their sum, which the total already does
    sales_rollup_refresh()
    with translation.override("en"):
        table = figure_read(user=operator, key="sales", params={"from": months_ago(4).strftime("%Y-%m")},
                            channel="api").table
        headline = {str(label): value for label, value in table.headline}
    assert headline["Share of GMV earned by micro and small sellers"] == "20.0 % (Rp 100,000)"



def test_a_handful_of_non_local_active_sellers_is_reported_without_counting_them():
    from django.utils import translation

    from lapak.oversight.sales.figure_sellers import local_share_headline

    with translation.override("en"):
        text = " | ".join(str(value) for _label, value in local_share_headline(active=40, local=37))
        assert "37" not in text and " 3 " not in text
        assert "at least 77.5 % and below 100 %" in text  # (40 - 9) / 40, rounded down
        whole = " | ".join(str(value) for _label, value in local_share_headline(active=40, local=40))
        assert "100.0 % (40 of 40)" in whole
        many = " | ".join(str(value) for _label, value in local_share_headline(active=40, local=25))
        assert "25 of 40" in many
        assert "suppressed" in str(local_share_headline(active=9, local=9)[0][1])
