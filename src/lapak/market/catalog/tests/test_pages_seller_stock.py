"""Warehouses and stock pages: adding a warehouse with the region picker, restocking and counting per cell,
the history; bad input is shown where it was typed (422) and changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lapak.market.catalog.tests import seller_support
from lapak.market.catalog.tests.seller_support import client_for, error_of, seller_url, text
from lapak.market.inventory.models import Stock, StockMovement, Warehouse
from lapak.market.inventory.services import stock_allocate, stock_reserve, stock_restock

other_seller, warehouse = seller_support.other_seller, seller_support.warehouse  # shared fixtures

pytestmark = pytest.mark.django_db

GOOD_WAREHOUSE = {"name": "Gudang Gambir", "street": "Jl. Medan Merdeka Barat 1", "pickup_province": "31",
                  "pickup_regency": "31.71", "pickup_district": "31.71.01", "pickup_region_code": "31.71.01.1001",
                  "pickup_postcode": "10110"}


def test_adding_a_warehouse_on_a_village(shop, owner, region_tree):
    client = client_for(owner)
    page = text(client.get(seller_url("warehouses", shop.public_id)))
    assert 'id="no-warehouses"' in page and 'hx-get="/seller/regions/pickup/"' in page
    assert client.post(seller_url("warehouses", shop.public_id), GOOD_WAREHOUSE).status_code == 302
    warehouse = Warehouse.objects.get()
    assert (warehouse.organisation, warehouse.region, warehouse.postcode) == (shop, region_tree, "10110")
    assert "Gudang Gambir" in text(client.get(seller_url("warehouses", shop.public_id)))


@pytest.mark.parametrize("change, field, message", [
    ({"name": ""}, "name", "at most 80"),
    ({"street": "  "}, "street", "street address"),
    ({"pickup_region_code": "", "pickup_district": ""}, "pickup_region_code", "village"),
    ({"pickup_region_code": "31.71"}, "pickup_region_code", "village"),
    ({"pickup_postcode": "1011"}, "pickup_postcode", "five digits"),
    ({"pickup_postcode": "١٠١١٠"}, "pickup_postcode", "five digits"),
])
def test_bad_warehouse_fields_are_shown_beside_them(shop, owner, region_tree, change, field, message):
    response = client_for(owner).post(seller_url("warehouses", shop.public_id), {**GOOD_WAREHOUSE, **change})
    assert response.status_code == 422
    assert message in error_of(text(response), field)
    assert not Warehouse.objects.exists()


def test_without_javascript_the_picker_lists_the_next_level(shop, owner, region_tree):
    response = client_for(owner).post(seller_url("warehouses", shop.public_id),
                                      {"name": "Gudang", "pickup_province": "31", "_refresh": "pickup"})
    assert response.status_code == 200
    assert 'value="31.71"' in text(response) and 'value="Gudang"' in text(response)
    assert not Warehouse.objects.exists()


def _post_stock(client, shop, variant, warehouse, **data):
    return client.post(seller_url("stock", shop.public_id), {"variant": variant.public_id,
                                                             "warehouse": warehouse.public_id, **data})


def test_restock_and_count_in_a_cell(shop, owner, draft, warehouse):
    variant = draft.variants.get()
    client = client_for(owner)
    page = text(client.get(seller_url("stock", shop.public_id)))
    assert f'id="qty-{variant.public_id}-{warehouse.public_id}"' in page
    assert _post_stock(client, shop, variant, warehouse, action="restock", quantity="1.200").status_code == 302
    assert _post_stock(client, shop, variant, warehouse, action="adjust", quantity="1150",
                       reason="2 rusak").status_code == 302
    stock = Stock.objects.get(variant=variant, warehouse=warehouse)
    assert stock.quantity == 1150
    assert list(StockMovement.objects.order_by("pk").values_list("kind", "delta", "reference")) == [
        ("restock", 1200, ""), ("adjust", -50, "2 rusak")]
    history = text(client.get(seller_url("history", shop.public_id) + f"?variant={variant.public_id}"))
    assert "2 rusak" in history and "+1200" in history and "-50" in history


@pytest.mark.parametrize("data, message", [
    ({"action": "restock", "quantity": "banyak"}, "whole number"),
    ({"action": "restock", "quantity": ""}, "whole number"),
    ({"action": "restock", "quantity": "0"}, "at least 1"),
    ({"action": "restock", "quantity": "-3"}, "at least 1"),
    ({"action": "restock", "quantity": "9" * 39}, "at most"),
    ({"action": "adjust", "quantity": "-1"}, "at least 0"),
    ({"action": "adjust", "quantity": "2"}, "allocated to orders"),
    ({"action": "steal", "quantity": "2"}, "valid choice"),
])
def test_bad_stock_changes_are_shown_in_their_cell(shop, owner, draft, warehouse, data, message):
    variant = draft.variants.get()
    stock_restock(variant=variant, warehouse=warehouse, quantity=10, actor="test")
    stock_reserve(lines=[(variant, 5)], key="cart-1", ttl=timedelta(minutes=5))
    stock_allocate(key="cart-1", order_line_refs={variant: "line-1"})
    before = list(StockMovement.objects.values_list("pk", flat=True))
    response = _post_stock(client_for(owner), shop, variant, warehouse, **data)
    assert response.status_code == 422
    html = text(response)
    assert message in html.split('id="form-errors"')[1].split("</div>")[0]
    if data["action"] in ("restock", "adjust"):
        cell = html.split(f'id="err-{variant.public_id}-{warehouse.public_id}"')[1].split("</ul>")[0]
        assert message in cell
        assert f'value="{data["quantity"]}"' in html
    assert Stock.objects.get(variant=variant, warehouse=warehouse).quantity == 10
    assert list(StockMovement.objects.values_list("pk", flat=True)) == before


def test_another_sellers_variant_or_warehouse_is_not_found(shop, owner, draft, warehouse, other_seller, clothing,
                                                           region_tree):
    from lapak.market.catalog.services import product_create, variant_create
    from lapak.market.catalog.tests.conftest import VARIANT, product_data
    from lapak.market.inventory.services import warehouse_create

    other, organisation = other_seller
    theirs = variant_create(product=product_create(seller=organisation, actor=other, data=product_data(clothing)),
                            actor=other, data=dict(VARIANT))
    their_warehouse = warehouse_create(organisation=organisation, name="B", region=region_tree, street="Jl. B",
                                       postcode="10110")
    client = client_for(owner)
    mine = draft.variants.get()
    assert _post_stock(client, shop, theirs, warehouse, action="restock", quantity="5").status_code == 404
    assert _post_stock(client, shop, mine, their_warehouse, action="restock", quantity="5").status_code == 404
    assert client.get(seller_url("history", shop.public_id) + f"?variant={theirs.public_id}").status_code == 404
    assert not Stock.objects.exists()


def test_the_stock_table_searches_and_pages(shop, owner, clothing, warehouse):
    from lapak.market.catalog.services import product_create, variant_create
    from lapak.market.catalog.tests.conftest import VARIANT, product_data

    product = product_create(seller=shop, actor=owner, data=product_data(clothing))
    for n in range(35):
        variant_create(product=product, actor=owner, data=dict(VARIANT, sku=f"KAOS-{n:02d}"))
    client = client_for(owner)
    first = text(client.get(seller_url("stock", shop.public_id)))
    assert "KAOS-00" in first and "KAOS-29" in first and "KAOS-30" not in first and 'rel="next"' in first
    after = product.variants.get(sku="KAOS-29").public_id
    second = text(client.get(seller_url("stock", shop.public_id) + f"?after={after}"))
    assert "KAOS-30" in second and "KAOS-34" in second and "KAOS-29" not in second
    found = text(client.get(seller_url("stock", shop.public_id) + "?q=kaos-07"))
    assert "KAOS-07" in found and "KAOS-08" not in found


def test_without_a_warehouse_the_stock_page_says_what_to_do(shop, owner, draft):
    page = text(client_for(owner).get(seller_url("stock", shop.public_id)))
    assert seller_url("warehouses", shop.public_id) in page and 'name="quantity"' not in page
