"""The sellers figure: counts by state, type, province and class from the daily snapshot; the "100 % local
sellers" claim as a live number; small cells blanked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from lapak.market.sellers.models import SellerOrganisation
from lapak.oversight.figures.base import FIGURES, FigureQuery
from lapak.oversight.sales.models import SellerSnapshot
from lapak.oversight.sales.services import sales_rollup_refresh
from lapak.oversight.sales.services_sellers import seller_snapshot_refresh
from lapak.oversight.sales.tests.support import buyers, listing, order, seller
from lapak.oversight.selectors import figure_read

pytestmark = pytest.mark.django_db


def compute(source: str, by: tuple[str, ...], **dates):
    today = timezone.localdate()
    return FIGURES["sellers"].compute(FigureQuery(jurisdiction="ID", date_from=dates.get("date_from", today),
                                                  date_to=dates.get("date_to", today), by=by, source=source))


def refresh() -> None:
    sales_rollup_refresh()
    seller_snapshot_refresh()


def local_share_market(world) -> None:
    """16 active sellers, 13 of them verified local: 12 local sellers with a listing on sale, one local seller
    with no listing but a sale 30 days ago; active but not local: a foreign merchant, the platform's own shop,
    an unverified seller with a listing. Not active: a closed local seller with a listing, a local seller whose
    last sale was 100 days ago, a local seller with only a paused listing."""
    for index in range(12):
        listing(seller(province="31" if index % 2 else "32", seller_type="business" if index % 3 else "individual"),
                world["food"])
    listing(seller(seller_type="foreign", umkm=""), world["food"], origin="cross_border_direct")
    listing(seller(seller_type="first_party", umkm="large"), world["food"])
    listing(seller(status="unverified"), world["food"])
    listing(seller(status="closed"), world["food"])
    listing(seller(), world["food"], status="paused")
    recent, old = seller(), seller()
    variant = listing(seller(status="closed"), world["fashion"])  # a closed shop's goods, to have something sold
    shopper = buyers(1)[0]
    order(shopper, [(recent, [(variant, 1)])], paid_at=timezone.now() - timedelta(days=30))
    order(shopper, [(old, [(variant, 1)])], paid_at=timezone.now() - timedelta(days=100))
    seller(jurisdiction="GB", seller_type="business")  # another jurisdiction's: never counted in ID


def test_the_local_share_headline_counts_active_verified_local_sellers(world):
    local_share_market(world)
    refresh()
    for source in ("rollup", "scratch"):
        with translation.override("en"):
            table = compute(source, ("seller_type",))
        assert {str(label): value for label, value in table.headline} == {
            "Active sellers": "16", "Active verified local sellers": "all but fewer than 10",
            # 3 active sellers are not verified local: said, bounded ((16 - 9) / 16), never counted
            "Share of active sellers that are verified local sellers":
                "at least 43.7 % and below 100 %: fewer than 10 of the 16 active sellers are not verified local "
                "sellers"}, source
    rollup, scratch = compute("rollup", ("status", "seller_type", "province", "umkm_class")), compute(
        "scratch", ("status", "seller_type", "province", "umkm_class"))
    assert rollup.rows == scratch.rows
    total = sum(row["sellers"] for row in compute("rollup", ()).rows)
    assert total == SellerOrganisation.objects.filter(jurisdiction="ID").count() == 20


def test_the_snapshot_keeps_history_and_a_past_date_reads_its_own_day(world):
    for _ in range(3):
        seller()
    refresh()
    today = timezone.localdate()
    SellerSnapshot.objects.update(day=today - timedelta(days=5))  # as if taken five days ago
    seller()
    refresh()
    assert sum(row["sellers"] for row in compute("rollup", (), date_to=today).rows) == 4
    past = compute("rollup", (), date_from=today - timedelta(days=9), date_to=today - timedelta(days=2))
    assert sum(row["sellers"] for row in past.rows) == 3
    assert str(today - timedelta(days=5)) in " ".join(str(note) for note in past.notes)
    before = compute("rollup", (), date_from=today - timedelta(days=9), date_to=today - timedelta(days=8))
    assert before.rows == [] and "No snapshot" in str(before.notes[0])
    assert seller_snapshot_refresh() == 4  # retaken the same day: replaced, not added to
    assert sum(row["sellers"] for row in compute("rollup", ()).rows) == 4


def test_a_cell_of_nine_sellers_is_blanked_and_one_of_ten_is_shown(world, regulator):
    SellerOrganisation.objects.bulk_create([seller(province="32", save=False) for _ in range(9)]
                                           + [seller(province="35", save=False) for _ in range(10)]
                                           + [seller(province="31", save=False) for _ in range(2)])
    refresh()
    with translation.override("en"):
        answer = figure_read(user=regulator, key="sellers", params={"by": "province"}, channel="api")
    rows = {row["province"]: row for row in answer.table.rows}
    assert rows["32"]["sellers"] is None and rows["32"]["suppressed"]
    assert rows["31"]["sellers"] is None and rows["31"]["suppressed"]
    assert rows["35"]["sellers"] == 10 and not rows["35"]["suppressed"]
    assert rows["35"]["province_name"] == "Jawa Timur"
    assert all(not key.startswith("_") for row in answer.table.rows for key in row)
    assert [(str(label), value) for label, value in answer.table.headline] == [
        ("Share of active sellers that are verified local sellers", "suppressed (fewer than 10 active sellers)")]
