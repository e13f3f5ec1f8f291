"""The demo catalogue: the demo shop's listings made through the services, and the bulk catalogue, whose rows
must be exactly what the services would accept and store; deterministic, idempotent and additive."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from lapak.compliance.models import Decision
from lapak.core.audit.models import AuditEvent
from lapak.core.ids import is_public_id
from lapak.demo.seeders import catalog_bulk
from lapak.demo.seeders.catalog import DEMO_SHOP_LEAVES, SECOND_SHOP_LEAVES, SECOND_SHOP_OWNER, demo_shop
from lapak.demo.seeders.catalog_bulk_sellers import sellers_needed
from lapak.demo.seeders.catalog_specs import LeafPicker
from lapak.market.catalog.certificates import certificate_number_error, certificate_number_normalise
from lapak.market.catalog.models import Product, SearchDocument
from lapak.market.catalog.selectors import products_public
from lapak.market.catalog.services.listing import listing_required_certificates_missing
from lapak.market.catalog.validation import product_clean, product_origin_check, variant_clean
from lapak.market.inventory.models import Stock, StockMovement
from lapak.market.sellers.models import SellerOrganisation

SEED = 11


def run_seed(products, seed=SEED, **options):
    out = StringIO()
    call_command("demo_seed", scale=0, seed=seed, products=products, quiet=True, stdout=out, **options)
    return json.loads(out.getvalue())


def bulk_products(seed=SEED):
    return Product.objects.filter(seller__memberships__user__email__startswith=f"katalog.{seed}.")


def snapshot(seed=SEED):
    return sorted(bulk_products(seed).values_list("public_id", "title", "category__slug", "seller__public_id",
                                                  "origin", "origin_country"))


def assert_the_services_accept(product: Product) -> None:
    """What the bulk loader wrote passes every check the services run on the way in and at publishing."""
    data = {"category": product.category.slug, "title": product.title, "description_id": product.description_id,
            "description_en": product.description_en, "origin": product.origin}
    if product.origin != "domestic":
        data.update(origin_country=product.origin_country, hs_code=product.hs_code,
                    fob_value_usd_cents=product.fob_value_usd_cents)
    clean = product_clean(data, jurisdiction="ID", partial=False)
    assert clean["title"] == product.title and clean["category"] == product.category
    product_origin_check(origin=product.origin, origin_country=product.origin_country, hs_code=product.hs_code,
                         fob=product.fob_value_usd_cents)
    if product.origin == "cross_border_direct":
        assert product.fob_value_usd_cents >= 10_000  # the USD 100 floor (ID-XB-1)
    assert (product.status, product.refusal_reasons) == ("active", [])
    assert product.published_at and product.created_at <= product.published_at <= timezone.now()
    assert is_public_id(product.public_id, "prd")
    variants = list(product.variants.all())
    assert 1 <= len(variants) <= 4
    for variant in variants:
        fields = {name: getattr(variant, name) for name in ("sku", "price", "options", "weight_grams", "length_mm",
                                                             "width_mm", "height_mm")}
        assert variant_clean(fields, partial=False) == fields
        assert variant.is_active and variant.seller_id == product.seller_id and is_public_id(variant.public_id, "var")
    for certificate in product.certificates.all():
        assert certificate_number_normalise(certificate.kind, certificate.number) == certificate.number
        assert certificate_number_error(certificate.kind, certificate.number) is None, certificate.number
        assert certificate.expires_on > timezone.localdate() and is_public_id(certificate.public_id, "crt")
    assert listing_required_certificates_missing(product) == []
    for stock in Stock.objects.filter(variant__product=product).select_related("warehouse"):
        assert stock.quantity > 0 and stock.quantity_allocated == 0
        assert stock.warehouse.organisation_id == product.seller_id
        assert list(stock.movements.values_list("kind", "delta", "quantity_after")) == [
            ("restock", stock.quantity, stock.quantity)]
    image = product.images.get()
    assert default_storage.exists(image.image.name) and default_storage.exists(image.thumbnail.name)


@pytest.mark.django_db(databases=["default", "social"])
def test_the_demo_shop_lists_twenty_products_through_the_services(regions):
    report = run_seed(products=0)
    assert report["catalog"]["demo_shop_listings_created"] == len(DEMO_SHOP_LEAVES) == 20
    shop, _owner = demo_shop()
    products = list(Product.objects.filter(seller=shop, origin="domestic").select_related("category", "seller"))
    assert len(products) == 20 and {p.category.slug for p in products} == set(DEMO_SHOP_LEAVES)
    for product in products:
        assert product.status == "active" and product.last_decision_id
        assert product.images.count() == 1 and product.variants.exists()
        assert listing_required_certificates_missing(product) == []
    kinds = {kind for p in products for kind in p.certificates.values_list("kind", flat=True)}
    assert kinds == {"bpom", "halal", "sni"}
    warehouse = shop.warehouses.get()
    assert warehouse.region.level == 4 and warehouse.region_id == shop.pickup_region_id
    assert StockMovement.objects.filter(stock__warehouse=warehouse, kind="restock").exists()
    assert AuditEvent.objects.filter(action="catalog.listing.active", subject_id__in=[p.public_id for p in products]
                                     ).count() == 20
    assert SearchDocument.objects.filter(seller=shop).count() == 20
    for product in products:
        assert_the_services_accept(product)  # the same checks the bulk rows are held to

    again = run_seed(products=0)
    assert again["catalog"]["demo_shop_listings_created"] == 0
    assert Product.objects.filter(seller=shop).count() == 20 + 2  # and the two refused cross-border listings


@pytest.mark.django_db(databases=["default", "social"])
def test_a_second_shop_sells_so_one_cart_can_span_two_sellers(regions):
    report = run_seed(products=0)
    assert report["catalog"]["second_shop_listings_created"] == len(SECOND_SHOP_LEAVES) == 8
    first, _owner = demo_shop()
    second, owner = demo_shop(SECOND_SHOP_OWNER)
    assert second != first and owner.has_usable_password()
    products = list(Product.objects.filter(seller=second, status="active"))
    assert len(products) == 8 and SearchDocument.objects.filter(seller=second).count() == 8
    assert all(Stock.objects.filter(variant__product=p, quantity__gt=0).exists() for p in products)
    assert run_seed(products=0)["catalog"]["second_shop_listings_created"] == 0


@pytest.mark.django_db(databases=["default", "social"])
def test_bulk_listings_are_what_the_services_would_store_and_are_indexed(regions):
    report = run_seed(products=450)
    bulk = report["catalog"]["bulk"]
    assert (bulk["products_added"], bulk["sellers_created"]) == (450, sellers_needed(450)) == (450, 3)
    products = list(bulk_products().select_related("category__parent", "seller"))
    assert len(products) == 450
    for product in products:
        assert_the_services_accept(product)
    # The bulk run is on the record: every listing was evaluated under the rules in force, and each batch's
    # answer is one allowing decision that its listings point at; one audit event marks the load.
    decisions = Decision.objects.filter(subject_type="demo_bulk_batch")
    assert {p.last_decision_id for p in products} == set(decisions.values_list("public_id", flat=True))
    assert set(decisions.values_list("outcome", flat=True)) == {"allow"}
    assert sum(d.evidence["listings"] for d in decisions) == len(products)
    assert AuditEvent.objects.filter(action="demo.catalog.bulk_load").count() == 1
    # Realistic spread: many categories, several variants, some imports, certificates where required.
    assert len({p.category_id for p in products}) > 40 and len({p.category.parent_id for p in products}) == 16
    assert {p.origin for p in products} >= {"domestic", "imported_local"}
    assert sum(p.origin == "domestic" for p in products) > 0.75 * len(products)
    assert any(p.description_en for p in products) and all(p.description_id for p in products)
    sellers = SellerOrganisation.objects.filter(pk__in={p.seller_id for p in products})
    assert set(sellers.values_list("status", flat=True)) == {"verified"}
    assert all(s.pickup_region.level == 4 for s in sellers)
    # Indexed: every public listing has its search document.
    assert SearchDocument.objects.count() == products_public().count() >= 450 + 20


@pytest.mark.django_db(databases=["default", "social"])
def test_bulk_products_are_deterministic_idempotent_and_additive(regions):
    run_seed(products=250)
    first = snapshot()
    leaves, _categories = catalog_bulk.leaf_map()
    refs = catalog_bulk.sellers.bulk_sellers_ensure(seed=SEED, count=sellers_needed(600), now=timezone.now(),
                                                    provinces=catalog_bulk.sellers.Provinces())[0]

    def drawn(start, stop):
        return [(d.ids["prd"][0], d.spec.title, d.spec.category) for d in catalog_bulk.products_drawn(
            seed=SEED, start=start, stop=stop, picker=LeafPicker(leaves), refs=refs, today=timezone.localdate())]

    # The stored rows are the drawn ones, and drawing again, or drawing a longer run, gives the same products.
    assert sorted((pid, title, cat) for pid, title, cat, *_rest in first) == sorted(drawn(0, 250))
    assert drawn(0, 600)[:250] == drawn(0, 250) and drawn(0, 600)[250:] == drawn(250, 600)
    events, decisions = AuditEvent.objects.count(), Decision.objects.count()

    again = run_seed(products=250)
    assert again["catalog"]["bulk"]["products_added"] == 0 and snapshot() == first
    fewer = run_seed(products=100)  # a smaller N removes nothing
    assert fewer["catalog"]["bulk"]["products_added"] == 0 and snapshot() == first
    assert (AuditEvent.objects.count(), Decision.objects.count()) == (events, decisions)

    more = run_seed(products=600)
    assert more["catalog"]["bulk"]["products_added"] == 350
    after = snapshot()
    assert set(first) <= set(after) and len(after) == 600
    assert sorted((pid, title, cat) for pid, title, cat, *_rest in after) == sorted(drawn(0, 600))
    # Another seed is another catalogue.
    other = [d.spec.title for d in catalog_bulk.products_drawn(
        seed=SEED + 1, start=0, stop=50, picker=LeafPicker(leaves), refs=refs, today=timezone.localdate())]
    assert other != [title for _pid, title, _cat in drawn(0, 50)]


@pytest.mark.django_db(databases=["default", "social"])
def test_an_interrupted_bulk_load_resumes_where_it_stopped(regions, monkeypatch):
    monkeypatch.setattr(catalog_bulk, "BATCH", 100)
    real_write, calls = catalog_bulk._write, []

    def failing_write(batch, **kwargs):
        calls.append(len(batch))
        if len(calls) == 3:
            raise RuntimeError("the database went away")
        real_write(batch, **kwargs)

    monkeypatch.setattr(catalog_bulk, "_write", failing_write)
    with pytest.raises(RuntimeError):
        run_seed(products=450)
    assert bulk_products().count() == 200  # two whole batches, nothing of the third
    monkeypatch.setattr(catalog_bulk, "_write", real_write)
    report = run_seed(products=450)
    assert (report["catalog"]["bulk"]["products_before"], report["catalog"]["bulk"]["products_added"]) == (200, 250)
    products = list(bulk_products())
    assert len(products) == 450 and len({p.public_id for p in products}) == 450
    for product in products[::15]:
        assert_the_services_accept(product)
