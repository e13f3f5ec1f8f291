"""The buyer's product page: content in both languages, the variant picker, stock wording, 404s, query budget."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.market.catalog.tests import buyer_fixtures
from lapak.market.catalog.tests.buyer_fixtures import client_in

catalogue, buyer, cold_cache = buyer_fixtures.catalogue, buyer_fixtures.buyer, buyer_fixtures.cold_cache

pytestmark = pytest.mark.django_db


def url(product, variant=None) -> str:
    return f"/p/{product.public_id}/" + (f"?variant={variant.public_id}" if variant else "")


def text_of(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S)
    assert found, f"no #{element_id}"
    return " ".join(found.group(1).split())


def test_page_shows_the_listing_in_indonesian(catalogue):
    response = client_in("id").get(url(catalogue.shirt))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in html
    assert "<h1 id=\"product-title\" class=\"product__title\">Kaos Katun Lengan Pendek</h1>" in html
    assert "Kaos katun nyaman untuk sehari-hari." in html
    assert "A comfortable cotton T-shirt" not in html
    # Breadcrumb in the page's language: Home › Fesyen › Kaos.
    assert re.search(r'href="/c/fesyen/">Fesyen</a>.*href="/c/kaos/">Kaos</a>', html, re.S)
    # The first variant in stock is chosen: M / Merah, Rp75.000, plenty left.
    assert text_of(html, "product-price") == "Rp75.000"
    assert "Rp75.000 – Rp85.000" in html
    # Seller card: name, province from the pickup village, verified.
    assert "Toko Budi" in html and "Daerah Khusus Ibukota Jakarta" in html and "badge--status-verified" in html
    # Badges: local (domestic, individual seller), UMKM (micro), halal (unexpired certificate).
    for badge in ("badge--local", "badge--umkm", "badge--halal"):
        assert badge in html
    # Certificate: number and expiry date; two pictures with thumbnails; the add-to-cart form for the chosen variant.
    assert "ID31110000123450721" in html and "BPJPH" in html
    assert (timezone.localdate() + timedelta(days=400)).isoformat() in html
    assert html.count('class="gallery__slide"') == 2 and html.count('class="gallery__thumb"') == 2
    assert re.search(r'<form method="post" action="/cart/add/"[^>]*id="add-to-cart"', html)
    chosen = catalogue.variants["KAOS-M-MERAH"].public_id
    assert f'<input type="hidden" name="variant" value="{chosen}" form="add-to-cart">' in html


def test_page_shows_the_english_description_and_category_names_in_english(catalogue):
    html = client_in("en").get(url(catalogue.shirt)).content.decode()
    assert '<html lang="en">' in html
    assert "A comfortable cotton T-shirt for every day." in html
    assert "Kaos katun nyaman" not in html
    assert re.search(r'href="/c/fesyen/">Fashion</a>.*href="/c/kaos/">T-shirts</a>', html, re.S)
    assert "Made in Indonesia" in text_of(html, "product-origin")


def test_accept_language_picks_english_without_a_cookie(catalogue):
    from django.test import Client

    html = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").get(url(catalogue.shirt)).content.decode()
    assert '<html lang="en">' in html and "A comfortable cotton T-shirt" in html


def test_without_an_english_description_the_indonesian_one_is_shown_marked_as_indonesian(catalogue):
    html = client_in("en").get(url(catalogue.tea)).content.decode()
    assert re.search(r'<div class="product__description" lang="id"><p>Teh hijau impor dari Shizuoka.</p>', html)
    assert text_of(html, "product-origin") == "Imported from Japan by a local seller"
    assert "badge--local" not in html  # imported goods never carry the local badge
    # A single variant without options: no picker, just its price.
    assert text_of(html, "product-price") == "Rp120.000"
    assert 'class="variant-axis"' not in html


def test_choosing_a_variant_changes_price_and_stock_without_javascript(catalogue):
    client = client_in("en")
    low = client.get(url(catalogue.shirt, catalogue.variants["KAOS-L-MERAH"])).content.decode()
    assert text_of(low, "product-price") == "Rp80.000"
    assert text_of(low, "product-stock") == "Only 3 left"
    out = client.get(url(catalogue.shirt, catalogue.variants["KAOS-L-BIRU"])).content.decode()
    assert text_of(out, "product-price") == "Rp85.000"
    assert text_of(out, "product-stock") == "Out of stock"
    plenty = client.get(url(catalogue.shirt, catalogue.variants["KAOS-M-MERAH"])).content.decode()
    assert text_of(plenty, "product-stock") == "In stock"


def test_picker_links_keep_the_other_axis_and_mark_the_current_choice(catalogue):
    html = client_in("en").get(url(catalogue.shirt, catalogue.variants["KAOS-L-MERAH"])).content.decode()
    links = dict(re.findall(r'href="\?variant=(var_[0-9A-Z]+)"[^>]*>([^<]+)<', html))
    v = {sku: variant.public_id for sku, variant in catalogue.variants.items()}
    # Size row: M leads to M/Merah (colour kept). Colour row: Biru leads to L/Biru (size kept).
    assert links[v["KAOS-M-MERAH"]] == "M"
    assert links[v["KAOS-L-BIRU"]] == "Biru"
    assert re.search(r'aria-current="true">L<', html) and re.search(r'aria-current="true">Merah<', html)
    assert "Size" in html and "Colour" in html
    # The out-of-stock choice says so to screen readers, not by strike-through alone.
    assert re.search(r'variant-choice--out"[^>]*>Biru<span class="visually-hidden"> \(out of stock\)', html, re.S)


def test_htmx_gets_only_the_picker_and_the_status_out_of_band(catalogue):
    response = client_in("en").get(url(catalogue.shirt, catalogue.variants["KAOS-L-MERAH"]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "<h1" not in html and "Add to cart" not in html
    assert html.lstrip().startswith('<div id="buy-status" hx-swap-oob="innerHTML">')
    assert text_of(html, "product-price") == "Rp80.000" and text_of(html, "product-stock") == "Only 3 left"
    assert 'hx-target="#buy-picker"' in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(catalogue):
    response = client_in("en").get(url(catalogue.shirt, catalogue.variants["KAOS-L-MERAH"]), HTTP_HX_REQUEST="true",
                                   HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    html = response.content.decode()
    assert "<html" in html and 'id="buy-status" aria-live="polite"' in html
    assert text_of(html, "product-price") == "Rp80.000"


def test_an_unknown_variant_id_falls_back_to_the_first_in_stock(catalogue):
    html = client_in("en").get(url(catalogue.shirt) + "?variant=garbage<script>").content.decode()
    assert text_of(html, "product-price") == "Rp75.000"
    assert "garbage<script>" not in html


def test_reserved_units_count_against_the_stock_shown(catalogue):
    from lapak.market.inventory.services import stock_reserve

    stock_reserve(lines=[(catalogue.variants["KAOS-M-MERAH"], 7)], key="checkout-1", ttl=timedelta(minutes=15))
    html = client_in("en").get(url(catalogue.shirt, catalogue.variants["KAOS-M-MERAH"])).content.decode()
    assert text_of(html, "product-stock") == "Only 3 left"


@pytest.mark.parametrize("which", ["draft", "paused", "unverified_seller", "malformed", "missing"])
def test_listings_buyers_may_not_see_are_404(catalogue, which):
    from lapak.market.catalog.services import listing_transition
    from lapak.market.sellers.models import SellerOrganisation

    path = url(catalogue.draft)
    if which == "paused":
        listing_transition(product=catalogue.shirt, actor=catalogue.owner, to="paused")
        path = url(catalogue.shirt)
    elif which == "unverified_seller":
        SellerOrganisation.objects.filter(pk=catalogue.shop.pk).update(status="closed")
        path = url(catalogue.shirt)
    elif which == "malformed":
        path = "/p/prd_not-an-id/"
    elif which == "missing":
        path = "/p/prd_01JD3Q6Y8W9M2K4N7P5R0S1T2V/"
    response = client_in("en").get(path)
    assert response.status_code == 404
    assert "Kaos" not in response.content.decode()


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "buyer"])
def test_product_page_stays_within_five_queries_on_a_cache_miss(catalogue, buyer, cold_cache, signed_in,
                                                                 django_assert_max_num_queries):
    client = client_in("id", buyer if signed_in else None)
    with django_assert_max_num_queries(5):
        response = client.get(url(catalogue.shirt))
    assert response.status_code == 200
    assert "Kaos Katun Lengan Pendek" in response.content.decode()


def test_product_public_page_reads_children_back_as_they_were_saved(catalogue):
    from datetime import date

    from lapak.market.catalog.models import Certificate, ProductImage, Variant
    from lapak.market.catalog.selectors import product_public_page

    page = product_public_page(public_id=catalogue.shirt.public_id)
    saved = Variant.objects.filter(product=catalogue.shirt).order_by("id")
    fields = ("id", "public_id", "sku", "price", "options", "weight_grams", "length_mm", "is_active")
    assert [[getattr(v, f) for f in fields] for v in page.variants] == [[getattr(v, f) for f in fields] for v in saved]
    images = ProductImage.objects.filter(product=catalogue.shirt).order_by("position", "id")
    assert [(i.public_id, i.image.name, i.thumbnail.name, i.width, i.position) for i in page.images] == [
        (i.public_id, i.image.name, i.thumbnail.name, i.width, i.position) for i in images]
    (certificate,) = page.certificates
    assert certificate == Certificate.objects.get(product=catalogue.shirt)
    assert isinstance(certificate.expires_on, date) and certificate.get_kind_display() == "Halal certificate"
    assert page.product.province_code == "31"


def test_product_public_page_with_no_pictures_or_certificates(catalogue):
    from lapak.market.catalog.selectors import product_public_page

    page = product_public_page(public_id=catalogue.tea.public_id)
    assert page.images == [] and page.certificates == [] and [v.sku for v in page.variants] == ["TEH-100"]
    assert page.variants[0].options == {}


def test_a_cached_page_shows_a_price_change_and_a_pause_at_once(catalogue, settings,
                                                                django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from lapak.market.catalog.services import listing_transition, variant_update

    settings.PRODUCT_PAGE_CACHE_SECONDS = 300
    cache.clear()
    tea = catalogue.tea
    assert "Rp120.000" in client_in("id").get(url(tea)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        variant_update(variant=tea.variants.get(), actor=catalogue.owner, data={"price": 99_000})
    html = client_in("id").get(url(tea)).content.decode()
    assert "Rp99.000" in html and "Rp120.000" not in html
    with django_capture_on_commit_callbacks(execute=True):
        listing_transition(product=tea, actor=catalogue.owner, to="paused")
    assert client_in("id").get(url(tea)).status_code == 404
    cache.clear()


def test_the_page_cache_really_serves_repeat_visits(catalogue, settings, django_assert_max_num_queries):
    from django.core.cache import cache

    settings.PRODUCT_PAGE_CACHE_SECONDS = 300
    cache.clear()
    client = client_in("id")
    client.get(url(catalogue.tea))
    with django_assert_max_num_queries(1):  # only the stock, which is never cached
        assert client.get(url(catalogue.tea)).status_code == 200
    cache.clear()
