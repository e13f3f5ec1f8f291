"""Listing products through the real services for the search tests."""

from __future__ import annotations

import itertools

from lapak.market.catalog.services import certificate_set, listing_transition, product_create, variant_create

_sku = itertools.count(1)


def listed(shop, owner, category, title, *, price=50_000, prices=(), description="Barang bagus untuk harian.",
           halal=False, bpom="", origin="domestic", **extra):
    """An active listing with one variant per price (or one at `price`)."""
    data = {"category": category, "title": title, "description_id": description, "origin": origin, **extra}
    product = product_create(seller=shop, actor=owner, data=data)
    for amount in prices or (price,):
        variant_create(product=product, actor=owner, data={
            "sku": f"SKU-{next(_sku)}", "price": amount, "weight_grams": 300, "length_mm": 100, "width_mm": 100,
            "height_mm": 10})
    if bpom:
        certificate_set(product=product, actor=owner, kind="bpom", number=bpom)
    if halal:
        certificate_set(product=product, actor=owner, kind="halal", number="ID00110000123450321")
    return listing_transition(product=product, actor=owner, to="submitted")
