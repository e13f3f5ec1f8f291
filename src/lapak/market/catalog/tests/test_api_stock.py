"""Warehouses, stock per warehouse and the stock history through the catalogue API."""

from __future__ import annotations

from lapak.market.catalog.tests.test_api_support import C, call, cworld_fixture, error_of  # noqa: F401
from lapak.market.inventory.models import Stock


def test_warehouses_restock_adjust_and_history(cworld):
    w = cworld
    owner, staff = w.headers["owner_a"], w.headers["staff_a"]
    shop = C + f"/seller/{w.shop.public_id}"
    created = call("POST", shop + "/warehouses", w.headers["manager_a"], json_body={
        "name": "Gudang Dua", "region_code": w.village.code, "street": "Jl. Kebon Sirih 2", "postcode": "10110"})
    assert created.status_code == 201, created.content
    assert created.json()["region_code"] == w.village.code and created.json()["region_name"] == "Gambir"
    listed = call("GET", shop + "/warehouses", staff).json()
    assert [h["name"] for h in listed["items"]] == ["Gudang Utama", "Gudang Dua"] and listed["count"] == 2

    product = w.product("active")
    variant = product.variants.get().public_id
    second = created.json()["id"]
    restocked = call("POST", shop + "/stock/restock", owner,
                     json_body={"warehouse": w.warehouse.public_id, "variant": variant, "quantity": 12})
    assert restocked.status_code == 200, restocked.content
    assert (restocked.json()["quantity"], restocked.json()["quantity_allocated"]) == (12, 0)
    assert restocked.json()["variant"] == {"id": variant, "sku": product.variants.get().sku,
                                           "product_id": product.public_id}
    call("POST", shop + "/stock/restock", owner, json_body={"warehouse": second, "variant": variant, "quantity": 3})
    adjusted = call("POST", shop + "/stock/adjust", owner, json_body={
        "warehouse": w.warehouse.public_id, "variant": variant, "quantity": 10, "reason": "hitung stok"})
    assert adjusted.status_code == 200 and adjusted.json()["quantity"] == 10

    stock = call("GET", shop + "/stock", staff).json()
    assert sorted((row["warehouse"]["name"], row["quantity"]) for row in stock["items"]) == [
        ("Gudang Dua", 3), ("Gudang Utama", 10)]
    only = call("GET", shop + f"/stock?warehouse={second}", staff).json()
    assert [row["quantity"] for row in only["items"]] == [3]

    history = call("GET", shop + "/stock/history", staff).json()["items"]
    assert [(m["kind"], m["delta"], m["quantity_after"]) for m in history] == [
        ("adjust", -2, 10), ("restock", 3, 3), ("restock", 12, 12)]
    assert history[0]["reference"] == "hitung stok" and history[0]["actor"] == w.owner.public_id
    assert history[0]["warehouse"]["id"] == w.warehouse.public_id and history[0]["variant"]["id"] == variant
    assert len(call("GET", shop + "/stock/history?limit=1", staff).json()["items"]) == 1

    # Availability shows to the seller and to buyers alike.
    detail = call("GET", shop + f"/products/{product.public_id}", staff).json()
    assert detail["variants"][0]["available"] == 13
    assert call("GET", C + f"/products/{product.public_id}", {}).json()["variants"][0]["available"] == 13


def test_history_of_one_variant_never_another_shops(cworld):
    from lapak.market.inventory.services import stock_restock, warehouse_create

    w = cworld
    shop = C + f"/seller/{w.shop.public_id}"
    mine, other_mine = w.product().variants.get(), w.product().variants.get()
    stock_restock(variant=mine, warehouse=w.warehouse, quantity=4, actor="test")
    stock_restock(variant=other_mine, warehouse=w.warehouse, quantity=6, actor="test")
    theirs = w.other_product.variants.get()
    warehouse_b = warehouse_create(organisation=w.other, name="Gudang B", region=w.village, street="Jl. B 1",
                                   postcode="10110")
    stock_restock(variant=theirs, warehouse=warehouse_b, quantity=99, actor="test")

    history = call("GET", shop + f"/stock/history?variant={mine.public_id}", w.headers["owner_a"]).json()["items"]
    assert [(m["variant"]["id"], m["delta"]) for m in history] == [(mine.public_id, 4)]
    everything = call("GET", shop + "/stock/history", w.headers["owner_a"]).json()["items"]
    assert {m["variant"]["id"] for m in everything} == {mine.public_id, other_mine.public_id}
    foreign = call("GET", shop + f"/stock/history?variant={theirs.public_id}", w.headers["owner_a"])
    assert foreign.status_code == 422 and list(error_of(foreign)["fields"]) == ["variant"]
    rows = call("GET", shop + f"/stock?variant={theirs.public_id}", w.headers["owner_a"]).json()
    assert rows["items"] == [] and Stock.objects.count() == 3


def test_history_limit_is_bounded(cworld):
    w = cworld
    response = call("GET", C + f"/seller/{w.shop.public_id}/stock/history?limit=501", w.headers["owner_a"])
    assert response.status_code == 422 and list(error_of(response)["fields"]) == ["limit"]
