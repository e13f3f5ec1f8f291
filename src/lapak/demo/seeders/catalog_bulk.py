"""`demo_seed --products N`: N active, indexed listings of generated sellers, written in bulk (a million in minutes).

Per-row services would take hours at this size, so rows go straight into the tables (COPY on PostgreSQL,
executemany on SQLite) holding exactly what the services store for a listing that a verified seller created,
stocked and published: products (status active, published_at, valid public ids), variants (SKU unique per
seller), stock rows and their restock history, certificates in the checked formats, one picture each. The
specs are the ones the demo shop pushes through the services (catalog_specs.py), and the tests run the
services' checks over the rows written here. What differs, said plainly: one compliance decision and one audit
event record each bulk run (rather than one per listing), and the pictures of one category share a file.

Deterministic and additive: product i of a seed is the same at any N (drawn from a random source per block of
1,000), products are written in index order in committed batches, so a re-run with the same seed and N adds
nothing, a larger N adds only the missing tail, and an interrupted run resumes where it stopped. Timestamps
are relative to the time of the run; everything else is fixed by the seed.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from lapak.core.audit.services import audit_append
from lapak.core.ids import encode_public_id
from lapak.demo.seeders import catalog_bulk_sellers as sellers
from lapak.demo.seeders.catalog_bulk_rules import bulk_batch_decide
from lapak.demo.seeders.catalog_images import shared_picture
from lapak.demo.seeders.catalog_specs import Leaf, LeafPicker, ProductSpec, leaves_for, product_spec
from lapak.demo.seeders.catalog_tables import ids_reserve, rows_write, tables_analyze
from lapak.market.catalog.models import Category, Certificate, Product, ProductImage, Variant
from lapak.market.inventory.models import Stock, StockMovement

BLOCK = 1_000  # products drawn from one random source
BATCH = 10_000  # products per transaction
ACTOR = "system:demo_seed"
PRODUCT_FIELDS = ("id", "public_id", "seller", "category", "title", "description_id", "description_en", "origin",
                  "origin_country", "hs_code", "fob_value_usd_cents", "status", "refusal_reasons",
                  "last_decision_id", "published_at", "created_at", "updated_at")
VARIANT_FIELDS = ("id", "public_id", "product", "seller", "sku", "price", "options", "weight_grams", "length_mm",
                  "width_mm", "height_mm", "is_active", "created_at", "updated_at")
STOCK_FIELDS = ("id", "variant", "warehouse", "quantity", "quantity_allocated")
MOVEMENT_FIELDS = ("stock", "kind", "delta", "quantity_after", "actor", "reference", "at")
CERTIFICATE_FIELDS = ("public_id", "product", "kind", "number", "issuer", "expires_on", "created_at")
IMAGE_FIELDS = ("public_id", "product", "image", "thumbnail", "width", "height", "position", "created_at")


@dataclass(frozen=True)
class Drawn:
    index: int
    seller: int
    spec: ProductSpec
    ids: dict[str, list[str]]  # public ids per kind: "prd", "var", "crt", "img"


def _public_id(rng: random.Random, prefix: str, index: int) -> str:
    # The time part follows the product's index, not its (random) age: ids then arrive in ascending order and
    # each unique index grows at its right edge, which makes a million-row load about a third faster on
    # PostgreSQL than random inserts all over the index. Ids stay opaque, unique (80 random bits) and valid.
    return encode_public_id(prefix, millis=sellers.ID_ANCHOR_MS + index, random_bits=rng.getrandbits(80))


def _seller_of(rng: random.Random, index: int) -> int:
    home = index // sellers.PRODUCTS_PER_SELLER
    if home and rng.random() < 0.3:
        return int(home * rng.random() ** 2)  # older shops are bigger: they list more of the catalogue
    return home


def leaf_map() -> tuple[list[Leaf], dict[str, int]]:
    rows = Category.objects.filter(is_active=True, parent__isnull=False).values_list(
        "slug", "parent__slug", "required_certificates", "pk")
    leaves = leaves_for({slug: (parent, required) for slug, parent, required, _pk in rows})
    return leaves, {slug: pk for slug, _parent, _required, pk in rows}


def products_drawn(*, seed: int, start: int, stop: int, picker: LeafPicker, refs: list[sellers.SellerRef],
                   today: date) -> Iterator[Drawn]:
    """Products start..stop-1 of `seed`, each the same whatever the range asked for."""
    for block in range(start // BLOCK, (stop - 1) // BLOCK + 1 if stop > start else 0):
        rng = random.Random(f"lapak-demo-catalog:{seed}:block:{block}")  # noqa: S311 (demo data)
        for index in range(block * BLOCK, (block + 1) * BLOCK):
            seller = _seller_of(rng, index)
            leaf = picker.pick(rng)
            ref = refs[seller] if seller < len(refs) else None
            spec = product_spec(rng, leaf, sku_prefix=f"{leaf.slug.replace('-', '')[:6].upper()}-{index:07d}",
                                province_code=ref.province_code if ref else "31",
                                province_name=ref.province_name if ref else "", today=today)
            ids = {"prd": [_public_id(rng, "prd", index)],
                   "var": [_public_id(rng, "var", index) for _ in spec.variants],
                   "crt": [_public_id(rng, "crt", index) for _ in spec.certificates],
                   "img": [_public_id(rng, "img", index)]}
            if start <= index < stop:
                yield Drawn(index, seller, spec, ids)


def _write(batch: list[Drawn], *, refs: list[sellers.SellerRef], categories: dict[str, int], pictures: dict,
           decision_id: str, now: datetime) -> None:
    product_ids = ids_reserve(Product, len(batch))
    variant_ids = iter(ids_reserve(Variant, sum(len(d.spec.variants) for d in batch)))
    stock_ids = iter(ids_reserve(Stock, sum(1 for d in batch for v in d.spec.variants if v.stock)))
    products, variants, stocks, movements, certificates, images = [], [], [], [], [], []
    for drawn, pk in zip(batch, product_ids, strict=True):
        spec, ref = drawn.spec, refs[drawn.seller]
        published = now - timedelta(days=spec.age_days)
        created = published - timedelta(minutes=5 + drawn.index % 4_000)
        products.append((pk, drawn.ids["prd"][0], ref.org_id, categories[spec.category], spec.title,
                         spec.description_id, spec.description_en, spec.origin, spec.origin_country, spec.hs_code,
                         spec.fob_value_usd_cents, "active", "[]", decision_id, published, created, published))
        for variant, public_id in zip(spec.variants, drawn.ids["var"], strict=True):
            variant_pk = next(variant_ids)
            variants.append((variant_pk, public_id, pk, ref.org_id, variant.sku, variant.price,
                             json.dumps(variant.options), variant.weight_grams, variant.length_mm,
                             variant.width_mm, variant.height_mm, True, created, created))
            if variant.stock:
                stock_pk = next(stock_ids)
                stocks.append((stock_pk, variant_pk, ref.warehouse_id, variant.stock, 0))
                movements.append((stock_pk, "restock", variant.stock, variant.stock, ref.owner_label, "", created))
        for certificate, public_id in zip(spec.certificates, drawn.ids["crt"], strict=True):
            certificates.append((public_id, pk, certificate.kind, certificate.number, certificate.issuer,
                                 certificate.expires_on, created))
        image, thumbnail, width, height = pictures[spec.category]
        images.append((drawn.ids["img"][0], pk, image, thumbnail, width, height, 0, created))
    rows_write(Product, PRODUCT_FIELDS, products)
    rows_write(Variant, VARIANT_FIELDS, variants)
    rows_write(Stock, STOCK_FIELDS, stocks)
    rows_write(StockMovement, MOVEMENT_FIELDS, movements)
    rows_write(Certificate, CERTIFICATE_FIELDS, certificates)
    rows_write(ProductImage, IMAGE_FIELDS, images)


def _commit_without_waiting() -> None:
    # PostgreSQL: the batch's commit need not wait for its WAL to reach the disk. A crash can lose the last
    # batches, never a part of one or one out of order, and the next run writes them again.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


def bulk_products_count(seed: int) -> int:
    """How many bulk products of `seed` are stored (always products 0..count-1)."""
    return Product.objects.filter(seller__memberships__role="owner",
                                  seller__memberships__user__email__startswith=f"katalog.{seed}.").count()


def catalog_bulk_load(*, seed: int, products: int, progress: Callable[[int], None] | None = None) -> dict:
    """Make sure products 0..`products`-1 of `seed` exist, adding the missing tail. Needs regions and categories."""
    started, now, today = time.perf_counter(), timezone.now(), timezone.localdate()
    leaves, categories = leaf_map()
    picker = LeafPicker(leaves)
    provinces = sellers.Provinces()
    refs, sellers_created = sellers.bulk_sellers_ensure(seed=seed, count=sellers.sellers_needed(products), now=now,
                                                        provinces=provinces)
    have = bulk_products_count(seed)
    report = {"products_asked": products, "products_before": have, "sellers": len(refs),
              "sellers_created": sellers_created, "products_added": 0}
    if have >= products:
        return report
    pictures = {leaf.slug: shared_picture(slug=leaf.slug, label=leaf.words["nouns"][0], group=leaf.group)
                for leaf in leaves}
    with transaction.atomic():
        audit_append(actor=ACTOR, action="demo.catalog.bulk_load", subject_type="demo_seed",
                     subject_id=f"seed-{seed}", jurisdiction="ID",
                     after={"first_index": have, "last_index": products - 1, "sellers": len(refs)})
    batch: list[Drawn] = []
    drawn = products_drawn(seed=seed, start=have, stop=products, picker=picker, refs=refs, today=today)
    for item in drawn:
        batch.append(item)
        if len(batch) == BATCH or item.index == products - 1:
            with transaction.atomic():
                _commit_without_waiting()
                decision = bulk_batch_decide(batch, refs=refs, actor=ACTOR,
                                             label=f"seed-{seed}:{batch[0].index}-{batch[-1].index}")
                _write(batch, refs=refs, categories=categories, pictures=pictures,
                       decision_id=decision.decision_id, now=now)
            report["products_added"] += len(batch)
            if progress:
                progress(len(batch))
            batch = []
    tables_analyze([Product, Variant, Stock, StockMovement, Certificate, ProductImage])
    seconds = time.perf_counter() - started
    report.update(seconds=round(seconds, 1), products_per_s=round(report["products_added"] / seconds))
    return report
