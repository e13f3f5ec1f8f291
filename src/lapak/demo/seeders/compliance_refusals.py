"""Refusals to look at in the demo: the demo shop submits two direct cross-border listings that the Indonesian pack
refuses, through the real catalogue services, so the seller centre (and the operator's decision list) shows the
engine's explanations in Bahasa Indonesia and English: one declared at USD 40 FOB, and one declared at USD 150 but
priced below the floor in rupiah at the KMK rate (both ID-XB-1). Found again by SKU, so a re-run adds nothing."""

from __future__ import annotations

from django.db import transaction

from lapak.demo.seeders.base import SeedContext
from lapak.demo.seeders.catalog import demo_shop
from lapak.demo.seeders.catalog_images import product_picture
from lapak.market.catalog.models import ListingStatus, Variant
from lapak.market.catalog.services import listing_transition, product_create, product_image_add, variant_create

REFUSED = [
    {"sku": "DEMO-XB-JAM", "category": "handphone", "title": "Jam Tangan Pintar Impor Langsung",
     "hs_code": "85176200", "fob_value_usd_cents": 4_000, "price": 650_000},
    {"sku": "DEMO-XB-EAR", "category": "earphone", "title": "Earphone Nirkabel Impor Langsung",
     "hs_code": "85183020", "fob_value_usd_cents": 15_000, "price": 900_000},
]


def seed(ctx: SeedContext) -> dict[str, object]:
    found = demo_shop()
    if found is None:
        return {"skipped": "the demo shop is not there"}
    shop, owner = found
    refused = 0
    for spec in REFUSED:
        if Variant.objects.filter(seller=shop, sku=spec["sku"]).exists():
            continue
        with transaction.atomic():
            product = product_create(seller=shop, actor=owner, data={
                "category": spec["category"], "title": spec["title"], "origin": "cross_border_direct",
                "description_id": "Dikirim langsung dari Shenzhen, Tiongkok.",
                "description_en": "Shipped directly from Shenzhen, China.", "origin_country": "CN",
                "hs_code": spec["hs_code"], "fob_value_usd_cents": spec["fob_value_usd_cents"]})
            variant_create(product=product, actor=owner, data={
                "sku": spec["sku"], "price": spec["price"], "options": {}, "weight_grams": 300,
                "length_mm": 150, "width_mm": 100, "height_mm": 60})
            product_image_add(product=product, actor=owner, data=product_picture(label=spec["title"],
                                                                                 group="elektronik"))
            product = listing_transition(product=product, actor=owner, to=ListingStatus.SUBMITTED)
        if product.status != ListingStatus.REFUSED:
            raise RuntimeError(f"demo refusal {spec['sku']} ended {product.status}")
        refused += 1
    return {"refused_listings_created": refused}
