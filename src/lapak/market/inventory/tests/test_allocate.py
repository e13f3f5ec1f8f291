"""Allocating reservations to order lines, deallocating, and the checks under the lock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.inventory.errors import InsufficientStock
from lapak.market.inventory.models import Allocation, Reservation, Stock, StockMovement
from lapak.market.inventory.selectors import variant_availability
from lapak.market.inventory.services import stock_allocate, stock_deallocate, stock_reserve

pytestmark = pytest.mark.django_db
TTL = timedelta(minutes=15)


def avail(variant):
    return variant_availability(variant_ids=[variant.pk])[variant.pk]


def test_allocate_turns_reservations_into_allocations(shop):
    org = shop()
    kaos, topi = org.variant(10), org.variant(4)
    stock_reserve(lines=[(kaos, 3), (topi, 4)], key="chk_1", ttl=TTL)
    allocations = stock_allocate(key="chk_1", order_line_refs={kaos: "ol_1", topi: "ol_2"})
    assert sorted((a.order_line_ref, a.quantity) for a in allocations) == [("ol_1", 3), ("ol_2", 4)]
    assert not Reservation.objects.exists()
    assert Stock.objects.get(variant=kaos).quantity_allocated == 3
    assert (avail(kaos), avail(topi)) == (7, 0)
    assert StockMovement.objects.filter(kind="allocate").count() == 2


def test_allocate_after_expiry_succeeds_while_the_units_are_still_free(shop):
    org = shop()
    kaos = org.variant(5)
    stock_reserve(lines=[(kaos, 5)], key="chk_1", ttl=TTL)
    Reservation.objects.update(reserved_until=timezone.now() - timedelta(minutes=1))
    stock_allocate(key="chk_1", order_line_refs={kaos: "ol_1"})
    assert Stock.objects.get(variant=kaos).quantity_allocated == 5


def test_allocate_after_expiry_fails_when_the_units_were_taken(shop):
    org = shop()
    kaos, topi = org.variant(5), org.variant(5)
    stock_reserve(lines=[(kaos, 5), (topi, 2)], key="chk_slow", ttl=TTL)
    Reservation.objects.update(reserved_until=timezone.now() - timedelta(minutes=1))
    stock_reserve(lines=[(kaos, 4)], key="chk_fast", ttl=TTL)
    with pytest.raises(InsufficientStock) as caught:
        stock_allocate(key="chk_slow", order_line_refs={kaos: "ol_1", topi: "ol_2"})
    assert [(line.variant_public_id, line.requested, line.available) for line in caught.value.lines] == [
        (kaos.public_id, 5, 1)
    ]
    assert not Allocation.objects.exists()
    assert Reservation.objects.filter(key="chk_slow").count() == 2  # nothing changed


def test_allocate_needs_a_reservation_and_a_line_for_every_item(shop):
    org = shop()
    kaos, topi = org.variant(5), org.variant(5)
    with pytest.raises(Conflict) as caught:
        stock_allocate(key="chk_none", order_line_refs={kaos: "ol_1"})
    assert caught.value.code == "nothing_reserved"
    stock_reserve(lines=[(kaos, 1), (topi, 1)], key="chk_1", ttl=TTL)
    with pytest.raises(ValidationFailed) as caught:
        stock_allocate(key="chk_1", order_line_refs={kaos: "ol_1"})
    assert "order_line_refs" in caught.value.fields
    with pytest.raises(ValidationFailed):
        stock_allocate(key="chk_1", order_line_refs={kaos: "ol_1", topi: ""})


def test_deallocate_frees_the_units_once(shop):
    org = shop()
    kaos = org.variant(5)
    stock_reserve(lines=[(kaos, 2)], key="chk_1", ttl=TTL)
    stock_allocate(key="chk_1", order_line_refs={kaos: "ol_1"})
    assert stock_deallocate(order_line_refs=["ol_1"], actor="order:cancel") == 2
    assert stock_deallocate(order_line_refs=["ol_1"]) == 0
    assert Stock.objects.get(variant=kaos).quantity_allocated == 0
    assert avail(kaos) == 5
    with pytest.raises(ValidationFailed):
        stock_deallocate(order_line_refs=[])


def test_a_hold_split_over_warehouses_allocates_from_each_and_skips_inactive_ones(shop, village):
    from lapak.market.inventory.services import stock_restock, warehouse_create

    org = shop()
    second = warehouse_create(organisation=org, name="Dua", region=village, street="Jl. Dua", postcode="10110")
    closed = warehouse_create(organisation=org, name="Tutup", region=village, street="Jl. Tiga", postcode="10110")
    kaos = org.variant(3)
    stock_restock(variant=kaos, warehouse=second, quantity=2, actor="t")
    stock_restock(variant=kaos, warehouse=closed, quantity=50, actor="t")
    closed.is_active = False
    closed.save()
    stock_reserve(lines=[(kaos, 5)], key="chk_1", ttl=TTL)
    allocations = stock_allocate(key="chk_1", order_line_refs={kaos: "ol_1"})
    assert sorted((a.stock.warehouse.name, a.quantity) for a in allocations) == [("Dua", 2), ("Gudang Utama", 3)]
    assert Stock.objects.get(warehouse=closed).quantity_allocated == 0
