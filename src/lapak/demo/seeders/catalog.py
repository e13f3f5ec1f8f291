"""The demo catalogue: the category tree, the demo shop's listings made through the services, and the bulk catalogue.

- Categories: `categories_load` (the shipped tree), every run.
- The second demo shop (penjual2@demo.lapak.id) gets eight listings the same way, so a demo buyer can fill one
  cart from two sellers and see the order split.
- The verified demo shop (penjual@demo.lapak.id) gets a warehouse on its pickup village and twenty listings
  across categories, each created, given variants, certificates, a drawn picture and stock, and published
  through the catalogue and inventory services, so rows, decisions, audit events and the search index are
  exactly what the seller centre would leave. Listing n is found again by its SKUs ("DEMO-nn-…"), so a re-run,
  with this seed or another, adds nothing.
- `--products N` (default 1,000 × scale) listings of generated sellers, written in bulk (catalog_bulk.py),
  then the search index is rebuilt in one statement.

Needs the regions (`manage.py regions_load`); without them only the categories are loaded.
"""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from lapak.accounts.models import User
from lapak.demo.seeders.accounts import DEMO_DOMAIN
from lapak.demo.seeders.base import SeedContext
from lapak.demo.seeders.catalog_bulk import catalog_bulk_load, leaf_map
from lapak.demo.seeders.catalog_images import product_picture
from lapak.demo.seeders.catalog_specs import Leaf, ProductSpec, product_spec
from lapak.market.catalog.models import ListingStatus, Product, Variant
from lapak.market.catalog.services import (
    certificate_set,
    listing_transition,
    product_create,
    product_image_add,
    variant_create,
)
from lapak.market.catalog.services.categories import categories_load
from lapak.market.inventory.models import Warehouse
from lapak.market.inventory.services import stock_restock, warehouse_create
from lapak.market.sellers.models import MemberRole, Membership, OrganisationStatus, SellerOrganisation
from lapak.market.sellers.permissions import actor_label
from lapak.regions.models import Region, RegionLevel

DEMO_SHOP_OWNER = f"penjual@{DEMO_DOMAIN}"
# What the demo shop sells: local food and drink, batik and crafts, some beauty, toys and household goods;
# the list covers every kind of required certificate (BPOM + halal, BPOM, SNI).
DEMO_SHOP_LEAVES = ("kain-batik-tenun", "batik-pria", "kopi", "sambal-saus", "camilan", "kue-kering", "madu", "teh",
                    "perawatan-wajah", "hijab", "gamis", "kaos-pria", "tas-wanita", "anyaman", "ukiran-kayu",
                    "mainan-edukasi", "jamu-herbal", "sprei-bed-cover", "penanak-nasi", "helm")
SECOND_SHOP_OWNER = f"penjual2@{DEMO_DOMAIN}"
SECOND_SHOP_LEAVES = ("kaos-pria", "kopi", "teh", "camilan", "tas-wanita", "sprei-bed-cover", "anyaman", "madu")


def seed(ctx: SeedContext) -> dict[str, object]:
    loaded = categories_load()
    report: dict[str, object] = {"categories_created": loaded.created, "categories_updated": loaded.updated}
    if not Region.objects.filter(level=RegionLevel.VILLAGE).exists():
        report["skipped"] = "regions are not loaded (run manage.py regions_load first)"
        return report
    report["demo_shop_listings_created"] = demo_shop_seed(seed=ctx.seed)
    report["second_shop_listings_created"] = demo_shop_seed(seed=ctx.seed, email=SECOND_SHOP_OWNER,
                                                            leaves=SECOND_SHOP_LEAVES, prefix="DEMB")
    if ctx.products:
        bar = ctx.progress(total=ctx.products, desc="products")
        bulk = catalog_bulk_load(seed=ctx.seed, products=ctx.products, progress=bar.update)
        bar.close()
        report["bulk"] = bulk
        if bulk["products_added"] or ctx.reindex:
            from lapak.market.catalog.search import search_documents_rebuild

            started = timezone.now()
            bulk["search_documents"] = search_documents_rebuild()
            bulk["search_rebuild_seconds"] = round((timezone.now() - started).total_seconds(), 1)
    return report


def demo_shop(email: str = DEMO_SHOP_OWNER) -> tuple[SellerOrganisation, User] | None:
    membership = (Membership.objects.select_related("organisation", "user")
                  .filter(user__email=email, role=MemberRole.OWNER).first())
    if membership is None or membership.organisation.status != OrganisationStatus.VERIFIED:
        return None
    return membership.organisation, membership.user


def demo_shop_specs(*, seed: int, province_code: str, province_name: str, leaves: tuple[str, ...] = DEMO_SHOP_LEAVES,
                    prefix: str = "DEMO") -> list[ProductSpec]:
    """A demo shop's listings, one per leaf category: the same for the same seed."""
    known, _pks = leaf_map()
    by_slug: dict[str, Leaf] = {leaf.slug: leaf for leaf in known}
    rng = random.Random(f"lapak-demo-shop:{prefix}:{seed}" if prefix != "DEMO" else f"lapak-demo-shop:{seed}")  # noqa: S311
    today = timezone.localdate()
    return [product_spec(rng, by_slug[slug], sku_prefix=f"{prefix}-{n:02d}", province_code=province_code,
                         province_name=province_name, today=today)
            for n, slug in enumerate(leaves, start=1) if slug in by_slug]


def demo_shop_seed(*, seed: int, email: str = DEMO_SHOP_OWNER, leaves: tuple[str, ...] = DEMO_SHOP_LEAVES,
                   prefix: str = "DEMO") -> int:
    """Create a demo shop's missing listings through the services; returns how many were created."""
    found = demo_shop(email)
    if found is None:
        return 0
    shop, owner = found
    region = shop.pickup_region
    if region is None:
        return 0
    warehouse = Warehouse.objects.filter(organisation=shop, is_active=True).order_by("pk").first()
    if warehouse is None:
        warehouse = warehouse_create(organisation=shop, name="Gudang Utama", region=region,
                                     street=shop.pickup_street or "Jl. Pasar Baru No. 1",
                                     postcode=shop.pickup_postcode or region.postcode)
    province = Region.objects.get(code=region.code[:2])
    # A slot is taken once a variant carries its SKU prefix (each listing is made in one transaction).
    taken = {sku.rsplit("-", 1)[0] for sku in Variant.objects.filter(seller=shop, sku__startswith=f"{prefix}-")
             .values_list("sku", flat=True)}
    created = 0
    for spec in demo_shop_specs(seed=seed, province_code=province.code, province_name=province.name, leaves=leaves,
                                prefix=prefix):
        if spec.variants[0].sku.rsplit("-", 1)[0] in taken:
            continue
        with transaction.atomic():
            _listing_create(spec, shop=shop, owner=owner, warehouse=warehouse)
        created += 1
    return created


def _listing_create(spec: ProductSpec, *, shop: SellerOrganisation, owner: User, warehouse: Warehouse) -> Product:
    product = product_create(seller=shop, actor=owner, data=spec.product_data())
    for variant_spec in spec.variants:
        variant = variant_create(product=product, actor=owner, data={
            "sku": variant_spec.sku, "price": variant_spec.price, "options": variant_spec.options,
            "weight_grams": variant_spec.weight_grams, "length_mm": variant_spec.length_mm,
            "width_mm": variant_spec.width_mm, "height_mm": variant_spec.height_mm})
        if variant_spec.stock:
            stock_restock(variant=variant, warehouse=warehouse, quantity=variant_spec.stock,
                          actor=actor_label(owner))
    for certificate in spec.certificates:
        certificate_set(product=product, actor=owner, kind=certificate.kind, number=certificate.number,
                        issuer=certificate.issuer, expires_on=certificate.expires_on)
    group = product.category.parent.slug if product.category.parent_id else product.category.slug
    product_image_add(product=product, actor=owner, data=product_picture(label=spec.title, group=group))
    product = listing_transition(product=product, actor=owner, to=ListingStatus.SUBMITTED)
    if product.status != ListingStatus.ACTIVE:
        raise RuntimeError(f"demo listing {spec.title!r} ended {product.status}: {product.refusal_reasons}")
    return product
