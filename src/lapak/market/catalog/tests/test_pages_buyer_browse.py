"""The category page: breadcrumb, sub-categories, the product grid, filters, sorting, keyset pages, query budget."""

from __future__ import annotations

import re
from html import unescape

import pytest

from lapak.market.catalog.tests import buyer_fixtures
from lapak.market.catalog.tests.buyer_fixtures import add_listing, client_in

catalogue, buyer, cold_cache = buyer_fixtures.catalogue, buyer_fixtures.buyer, buyer_fixtures.cold_cache

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'class="product-card__link" href="/p/prd_[0-9A-Z]+/">([^<]+)</a>', html)


def test_category_page_lists_its_own_and_its_subcategories_listings_in_indonesian(catalogue):
    html = client_in("id").get("/c/fesyen/").content.decode()
    assert '<html lang="id">' in html
    assert "<h1>Fesyen</h1>" in html
    assert titles(html) == ["Kaos Katun Lengan Pendek"]  # not the tea (another category), not the draft
    assert re.search(r'<a class="chip" href="/c/kaos/">Kaos <span class="facet-count">\(1\)</span>', html)
    card = html[html.index('class="product-card"'):]
    assert "Rp75.000 – Rp85.000" in card
    assert "Toko Budi" in card and "Daerah Khusus Ibukota Jakarta" in card
    for badge in ("badge--local", "badge--umkm", "badge--halal"):
        assert badge in card


def test_category_page_in_english_and_its_breadcrumb(catalogue):
    html = client_in("en").get("/c/kaos/").content.decode()
    assert '<html lang="en">' in html and "<h1>T-shirts</h1>" in html
    trail = r'<a href="/">Home</a>.*<a href="/c/fesyen/">Fashion</a>.*<span aria-current="page">T-shirts</span>'
    assert re.search(trail, html, re.S)
    assert 'class="subcategories"' not in html  # a leaf has none


@pytest.mark.parametrize("path", ["/c/tidak-ada/", "/c/minuman-lama/"])
def test_unknown_or_inactive_category_is_404(catalogue, path):
    from lapak.market.catalog.models import Category

    Category.objects.create(slug="minuman-lama", name_id="Minuman Lama", name_en="Old drinks", is_active=False)
    assert client_in("en").get(path).status_code == 404


def test_filters_narrow_and_empty_state_offers_to_clear_them(catalogue):
    client = client_in("en")
    assert titles(client.get("/c/fesyen/?price_min=80.000&province=31&halal=1&in_stock=1").content.decode()) == [
        "Kaos Katun Lengan Pendek"]
    html = client.get("/c/fesyen/?price_max=70000").content.decode()
    assert titles(html) == []
    assert "No products here yet" in html and 'href="/c/fesyen/">Clear filters</a>' in html
    assert 'value="70000"' in html  # the form keeps what the buyer asked for


def test_sorting_by_price_and_keyset_pages(catalogue):
    cheap = add_listing(catalogue, title="Kaos Polos Hemat", price=30_000, category=catalogue.shirts)
    dear = add_listing(catalogue, title="Kaos Premium Sablon", price=150_000, category=catalogue.shirts)
    client = client_in("en")
    html = client.get("/c/fesyen/?sort=price_asc").content.decode()
    assert titles(html) == [cheap.title, "Kaos Katun Lengan Pendek", dear.title]
    assert '<option value="price_asc" selected>' in html
    assert titles(client.get("/c/fesyen/?sort=price_desc").content.decode())[0] == dear.title

    seen, path = [], "/c/fesyen/?sort=price_asc&limit=2"
    while path:
        page = client.get(path).content.decode()
        seen += titles(page)
        found = re.search(r'href="(\?[^"]*after=[^"]+)" rel="next"', page)
        path = "/c/fesyen/" + unescape(found.group(1)) if found else ""
        if path:
            assert "sort=price_asc" in path and "limit=2" in path  # the next page keeps the filters
    assert seen == [cheap.title, "Kaos Katun Lengan Pendek", dear.title]


@pytest.mark.parametrize(("params", "field", "message"), [
    ("price_min=abc", "f-price-min-error", "Enter a price in whole rupiah"),
    ("price_min=50000&price_max=10", "f-price-max-error", "must not be below the lowest"),
    ("province=99", "f-province-error", "Choose a province from the list."),
    ("halal=maybe", "f-halal-error", "Choose yes or no."),
    ("sort=cheapest", "f-sort-error", "Choose one of the offered sort orders."),
    ("after=garbage", "listing-errors", "This page link is no longer valid"),
    ("limit=100000", "listing-errors", "results per page"),
])
def test_bad_parameters_are_explained_inline_and_the_rest_still_works(catalogue, params, field, message):
    response = client_in("en").get(f"/c/fesyen/?{params}")
    html = response.content.decode()
    assert response.status_code == 200
    block = html[html.index(f'id="{field}"'):]
    assert message in block[:600]
    assert titles(html) == ["Kaos Katun Lengan Pendek"]  # shown as if the bad parameter were absent
    if field.startswith("f-"):
        assert f'aria-describedby="{field}"' in html and 'aria-invalid="true"' in html


def test_category_page_stays_within_five_queries_on_a_cache_miss_for_a_visitor(
        catalogue, cold_cache, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client_in("id").get("/c/fesyen/")
    assert titles(response.content.decode()) == ["Kaos Katun Lengan Pendek"]


def test_category_page_stays_within_five_queries_on_a_cache_miss_for_a_signed_in_buyer(
        catalogue, buyer, cold_cache, django_assert_max_num_queries):
    client = client_in("id", buyer)  # signing in is not part of the page
    with django_assert_max_num_queries(5):
        response = client.get("/c/fesyen/")
    assert titles(response.content.decode()) == ["Kaos Katun Lengan Pendek"]
