"""Seller-side writes (warehouses, restock, adjust), the history selector, the database constraints and the task."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from lapak.core.errors import ValidationFailed
from lapak.core.tasks.periodic import periodic_jobs
from lapak.market.inventory.models import MAX_STOCK_QUANTITY, Reservation, Stock
from lapak.market.inventory.selectors import stock_for_seller, stock_history, variant_availability
from lapak.market.inventory.services import (
    stock_adjust,
    stock_allocate,
    stock_reserve,
    stock_restock,
    warehouse_create,
)
from lapak.market.inventory.tasks import expire_reservations_task

pytestmark = pytest.mark.django_db


def test_restock_adds_and_adjust_sets(shop):
    org = shop()
    kaos = org.variant()
    assert stock_restock(variant=kaos, warehouse=org.wh, quantity=7, actor="usr_a").quantity == 7
    assert stock_restock(variant=kaos, warehouse=org.wh, quantity=3, actor="usr_a").quantity == 10
    assert stock_adjust(variant=kaos, warehouse=org.wh, quantity=4, actor="usr_a", reason="opname").quantity == 4
    history = stock_history(organisation=org)
    assert [(m.kind, m.delta, m.quantity_after) for m in history] == [
        ("adjust", -6, 4), ("restock", 3, 10), ("restock", 7, 7)
    ]


def test_adjust_never_goes_below_allocated(shop):
    org = shop()
    kaos = org.variant(5)
    stock_reserve(lines=[(kaos, 3)], key="chk_1", ttl=timedelta(minutes=5))
    stock_allocate(key="chk_1", order_line_refs={kaos: "ol_1"})
    with pytest.raises(ValidationFailed) as caught:
        stock_adjust(variant=kaos, warehouse=org.wh, quantity=2, actor="usr_a")
    assert "3 units" in str(caught.value.fields["quantity"][0])
    assert stock_adjust(variant=kaos, warehouse=org.wh, quantity=3, actor="usr_a").quantity == 3


@pytest.mark.parametrize("quantity", [0, -1, MAX_STOCK_QUANTITY + 1, None, "5"])
def test_bad_restock_quantities_are_refused(shop, quantity):
    org = shop()
    kaos = org.variant()
    with pytest.raises(ValidationFailed) as caught:
        stock_restock(variant=kaos, warehouse=org.wh, quantity=quantity, actor="usr_a")
    assert set(caught.value.fields) == {"quantity"}
    assert not Stock.objects.filter(quantity__gt=0).exists()


def test_restock_refuses_another_sellers_warehouse_and_overflow(shop):
    mine, theirs = shop("Toko A"), shop("Toko B")
    kaos = mine.variant(MAX_STOCK_QUANTITY - 1)
    with pytest.raises(ValidationFailed) as caught:
        stock_restock(variant=kaos, warehouse=theirs.wh, quantity=1, actor="usr_a")
    assert set(caught.value.fields) == {"warehouse"}
    with pytest.raises(ValidationFailed):
        stock_restock(variant=kaos, warehouse=mine.wh, quantity=2, actor="usr_a")


def test_warehouse_needs_a_village_and_a_postcode(shop, village):
    org = shop()
    with pytest.raises(ValidationFailed) as caught:
        warehouse_create(organisation=org, name="", region=village.parent, street="", postcode="1011")
    assert set(caught.value.fields) == {"name", "region", "street", "postcode"}


def test_history_and_stock_list_show_only_the_sellers_own_rows(shop):
    mine, theirs = shop("Toko A"), shop("Toko B")
    kaos = mine.variant(5)
    theirs.variant(9)
    assert {m.quantity_after for m in stock_history(organisation=mine)} == {5}
    assert [s.variant_id for s in stock_for_seller(organisation=mine)] == [kaos.pk]
    assert stock_history(organisation=mine, variant=kaos)[0].stock.warehouse == mine.wh


def test_availability_sums_warehouses_and_reports_zero_without_stock(shop, village):
    org = shop()
    second = warehouse_create(organisation=org, name="Dua", region=village, street="Jl. Dua", postcode="10110")
    kaos, empty = org.variant(4), org.variant()
    stock_restock(variant=kaos, warehouse=second, quantity=6, actor="t")
    assert variant_availability(variant_ids=[kaos.pk, empty.pk]) == {kaos.pk: 10, empty.pk: 0}


def test_database_refuses_allocated_above_quantity(shop):
    org = shop()
    kaos = org.variant(2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stock.objects.filter(variant=kaos).update(quantity_allocated=3)


def test_expiry_task_is_periodic_and_sweeps(shop):
    from django.utils import timezone

    assert "inventory.expire_reservations" in {job.name for job in periodic_jobs()}
    org = shop()
    kaos = org.variant(2)
    stock_reserve(lines=[(kaos, 2)], key="chk_1", ttl=timedelta(minutes=1))
    Reservation.objects.update(reserved_until=timezone.now() - timedelta(seconds=1))
    result = expire_reservations_task.enqueue()
    assert result.return_value == {"expired": 1}
    assert not Reservation.objects.exists()
