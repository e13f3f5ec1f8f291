"""Reserving, releasing and expiring: the availability arithmetic and its errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.core.errors import ValidationFailed
from lapak.market.inventory.errors import InsufficientStock
from lapak.market.inventory.models import Reservation, StockMovement
from lapak.market.inventory.selectors import variant_availability
from lapak.market.inventory.services import (
    reservations_expire,
    stock_release,
    stock_reserve,
    stock_restock,
    warehouse_create,
)

pytestmark = pytest.mark.django_db
TTL = timedelta(minutes=15)


def avail(variant):
    return variant_availability(variant_ids=[variant.pk])[variant.pk]


def test_reserve_holds_units_and_records_history(shop):
    org = shop()
    kaos = org.variant(10)
    [reservation] = stock_reserve(lines=[(kaos, 3)], key="chk_1", ttl=TTL)
    assert reservation.quantity == 3 and reservation.public_id.startswith("rsv_")
    assert reservation.reserved_until > timezone.now() + timedelta(minutes=14)
    assert avail(kaos) == 7
    assert StockMovement.objects.filter(kind="reserve", delta=-3, reference="chk_1").count() == 1


def test_every_short_line_is_listed_in_one_error_and_nothing_is_reserved(shop):
    org = shop()
    plenty, few, none = org.variant(10), org.variant(2), org.variant(0)
    with pytest.raises(InsufficientStock) as caught:
        stock_reserve(lines=[(plenty, 5), (few, 3), (none, 1)], key="chk_1", ttl=TTL)
    short = {(line.variant_public_id, line.requested, line.available) for line in caught.value.lines}
    assert short == {(few.public_id, 3, 2), (none.public_id, 1, 0)}
    assert caught.value.status == 409 and set(caught.value.fields) == {f"lines.{few.public_id}",
                                                                       f"lines.{none.public_id}"}
    assert not Reservation.objects.exists()
    assert avail(plenty) == 10


def test_re_reserving_with_the_same_key_replaces_instead_of_adding(shop):
    org = shop()
    kaos = org.variant(10)
    stock_reserve(lines=[(kaos, 3)], key="chk_1", ttl=TTL)
    stock_reserve(lines=[(kaos, 5)], key="chk_1", ttl=TTL)
    assert avail(kaos) == 5
    # The key's own hold does not count against it: it may take all ten.
    stock_reserve(lines=[(kaos, 10)], key="chk_1", ttl=TTL)
    assert avail(kaos) == 0
    assert sum(Reservation.objects.values_list("quantity", flat=True)) == 10


def test_other_keys_holds_count(shop):
    org = shop()
    kaos = org.variant(10)
    stock_reserve(lines=[(kaos, 8)], key="chk_1", ttl=TTL)
    with pytest.raises(InsufficientStock):
        stock_reserve(lines=[(kaos, 3)], key="chk_2", ttl=TTL)
    stock_reserve(lines=[(kaos, 2)], key="chk_2", ttl=TTL)


def test_duplicate_lines_of_one_variant_are_summed(shop):
    org = shop()
    kaos = org.variant(4)
    with pytest.raises(InsufficientStock) as caught:
        stock_reserve(lines=[(kaos, 3), (kaos, 2)], key="chk_1", ttl=TTL)
    assert caught.value.lines[0].requested == 5


def test_expired_reservations_free_their_units_before_and_after_the_sweep(shop):
    org = shop()
    kaos = org.variant(10)
    stock_reserve(lines=[(kaos, 10)], key="chk_old", ttl=TTL)
    Reservation.objects.update(reserved_until=timezone.now() - timedelta(seconds=1))
    assert avail(kaos) == 10
    stock_reserve(lines=[(kaos, 10)], key="chk_new", ttl=TTL)  # no sweep needed
    assert reservations_expire() == 1
    assert list(Reservation.objects.values_list("key", flat=True)) == ["chk_new"]
    assert StockMovement.objects.filter(kind="expire", delta=10, reference="chk_old").count() == 1
    assert reservations_expire() == 0


def test_release_gives_units_back_and_is_idempotent(shop):
    org = shop()
    kaos, topi = org.variant(10), org.variant(5)
    stock_reserve(lines=[(kaos, 4), (topi, 5)], key="chk_1", ttl=TTL)
    assert stock_release(key="chk_1") == 9
    assert (avail(kaos), avail(topi)) == (10, 5)
    assert stock_release(key="chk_1") == 0


def test_warehouses_are_picked_most_available_first_and_split_when_needed(shop, village):
    org = shop()
    second = warehouse_create(organisation=org, name="Gudang Dua", region=village, street="Jl. Dua 2",
                              postcode="10110")
    kaos = org.variant(3)
    stock_restock(variant=kaos, warehouse=second, quantity=5, actor="test")
    [first] = stock_reserve(lines=[(kaos, 2)], key="chk_1", ttl=TTL)
    assert first.stock.warehouse == second
    split = stock_reserve(lines=[(kaos, 8)], key="chk_1", ttl=TTL)
    assert sorted(r.quantity for r in split) == [3, 5]


def test_inactive_warehouses_are_not_sold_from(shop):
    org = shop()
    kaos = org.variant(5)
    org.wh.is_active = False
    org.wh.save()
    with pytest.raises(InsufficientStock):
        stock_reserve(lines=[(kaos, 1)], key="chk_1", ttl=TTL)
    assert avail(kaos) == 0


@pytest.mark.parametrize(
    ("quantity", "message"),
    [(0, "at least 1"), (-3, "at least 1"), (10_001, "at most 10000"), (True, "whole number"), (1.5, "whole number"),
     ("2", "whole number")],
)
def test_bad_quantities_are_per_field_errors(shop, quantity, message):
    org = shop()
    kaos = org.variant(10)
    with pytest.raises(ValidationFailed) as caught:
        stock_reserve(lines=[(kaos, 1), (kaos, quantity)], key="chk_1", ttl=TTL)
    assert message in str(caught.value.fields["lines.1.quantity"][0])
    assert not Reservation.objects.exists()


def test_unknown_variants_key_and_ttl_are_per_field_errors(shop):
    from lapak.market.catalog.models import Variant

    org = shop()
    kaos = org.variant(10)
    gone = org.variant(10)
    Reservation.objects.all().delete()
    gone.stocks.all().delete()
    Variant.objects.filter(pk=gone.pk).delete()
    with pytest.raises(ValidationFailed) as caught:
        stock_reserve(lines=[(kaos, 1), (gone, 1), (Variant(), 1)], key=" ", ttl=timedelta(0))
    assert set(caught.value.fields) == {"lines.1.variant", "lines.2.variant", "key", "ttl"}
    with pytest.raises(ValidationFailed) as caught:
        stock_reserve(lines=[], key="k", ttl=timedelta(days=2))
    assert set(caught.value.fields) == {"lines", "ttl"}


def test_expiry_sweeps_in_batches_across_many_stock_rows(shop):
    org = shop()
    variants = [org.variant(2) for _ in range(5)]
    for i, variant in enumerate(variants):
        stock_reserve(lines=[(variant, 1)], key=f"chk_{i}", ttl=TTL)
    stock_reserve(lines=[(variants[0], 1)], key="chk_live", ttl=TTL)
    Reservation.objects.exclude(key="chk_live").update(reserved_until=timezone.now() - timedelta(seconds=1))
    assert reservations_expire(batch=2) == 5
    assert list(Reservation.objects.values_list("key", flat=True)) == ["chk_live"]
