"""The index follows the catalogue: what buyers may see is in it, nothing else, whoever changed what."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from lapak.market.catalog.models import SearchDocument
from lapak.market.catalog.search import SearchQuery, search_documents_rebuild, search_products
from lapak.market.catalog.services import listing_transition, product_update, variant_update

pytestmark = pytest.mark.django_db


def indexed(product):
    return SearchDocument.objects.filter(pk=product.pk).first()


def test_only_active_listings_are_indexed(draft, owner):
    assert indexed(draft) is None
    product = listing_transition(product=draft, actor=owner, to="submitted")
    assert indexed(product).title == "Kaos Katun Lengan Pendek"
    listing_transition(product=product, actor=owner, to="paused")
    assert indexed(product) is None
    listing_transition(product=product, actor=owner, to="active")
    assert indexed(product) is not None


def test_edits_of_a_live_listing_show_at_once(active, owner):
    product_update(product=active, actor=owner, data={"title": "Kaos Katun Premium"})
    variant_update(variant=active.variants.get(), actor=owner, data={"price": 99_000})
    row = indexed(active)
    assert (row.title, row.price_min, row.price_max) == ("Kaos Katun Premium", 99_000, 99_000)
    assert [h.title for h in search_products(SearchQuery(text="premium")).hits] == ["Kaos Katun Premium"]
    assert search_products(SearchQuery(text="lengan")).hits == []


def test_switching_off_the_last_variant_takes_the_listing_out(active, owner):
    variant_update(variant=active.variants.get(), actor=owner, data={"is_active": False})
    assert indexed(active) is None


def test_a_restock_sets_in_stock_through_the_outbox(active, shop, region_tree, django_capture_on_commit_callbacks):
    from lapak.market.inventory.services import stock_adjust, stock_restock, warehouse_create

    warehouse = warehouse_create(organisation=shop, name="Gudang", region=region_tree, street="Jl. Merdeka 1",
                                 postcode="10110")
    assert indexed(active).in_stock is False
    with django_capture_on_commit_callbacks(execute=True):
        stock_restock(variant=active.variants.get(), warehouse=warehouse, quantity=3, actor="test")
    assert indexed(active).in_stock is True
    with django_capture_on_commit_callbacks(execute=True):
        stock_adjust(variant=active.variants.get(), warehouse=warehouse, quantity=0, actor="test")
    assert indexed(active).in_stock is False


def test_a_closed_shop_leaves_the_index_through_the_outbox(active, shop, django_capture_on_commit_callbacks):
    from lapak.market.sellers.services.organisations import organisation_changed

    with django_capture_on_commit_callbacks(execute=True):
        type(shop).objects.filter(pk=shop.pk).update(status="closed")
        organisation_changed(shop.pk)  # what every service that changes a shop's status calls
    assert indexed(active) is None


def test_a_renamed_shop_is_renamed_in_the_results(active, shop, owner, django_capture_on_commit_callbacks):
    from lapak.market.sellers.services.organisations import organisation_profile_update

    with django_capture_on_commit_callbacks(execute=True):
        organisation_profile_update(organisation=shop, actor=owner, data={"shop_name": "Toko Baru Jaya"})
    assert indexed(active).seller_name == "Toko Baru Jaya"


def test_an_expired_halal_certificate_loses_the_badge(shop, owner, snacks):
    from datetime import timedelta

    from django.utils import timezone

    from lapak.market.catalog.models import Certificate
    from lapak.market.catalog.tasks import search_expired_certificates_task
    from lapak.market.catalog.tests.search_fixtures import listed

    product = listed(shop, owner, snacks, "Keripik Pisang", halal=True, bpom="MD 224510001234")
    assert indexed(product).halal is True
    Certificate.objects.filter(product=product, kind="halal").update(
        expires_on=timezone.localdate() - timedelta(days=1))
    assert search_expired_certificates_task.call() == {"refreshed": 1}
    assert indexed(product).halal is False


def test_rebuild_matches_the_incremental_index(active, draft, shop, owner, clothing):
    from lapak.market.catalog.tests.search_fixtures import listed

    listed(shop, owner, clothing, "Celana Jeans")
    fields = ["pk", "title", "text", "price_min", "price_max", "is_local", "is_umkm", "halal", "in_stock",
              "province", "published_at", "thumbnail"]
    before = list(SearchDocument.objects.order_by("pk").values_list(*fields))
    SearchDocument.objects.all().delete()
    SearchDocument.objects.create(product=draft, public_id="stale", title="stale", category=clothing, seller=shop,
                                  seller_name="x", seller_slug="x", price_min=1, price_max=1,
                                  published_at=active.published_at)
    assert search_documents_rebuild() == 2
    assert list(SearchDocument.objects.order_by("pk").values_list(*fields)) == before
    out = io.StringIO()
    call_command("search_rebuild", stdout=out)
    assert "2 listings" in out.getvalue()
