"""Search and browse: filters, facet counts, sorting and keyset pages."""

from __future__ import annotations

import pytest

from lapak.core.errors import ValidationFailed
from lapak.market.catalog.search import SearchQuery, search_products
from lapak.market.catalog.tests.search_fixtures import listed

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(shop, owner, clothing, snacks):
    from lapak.market.catalog.models import Category

    tops = Category.objects.create(slug="atasan", name_id="Atasan", name_en="Tops", parent=clothing)
    return {
        "shirt": listed(shop, owner, tops, "Kemeja Flanel Kotak", prices=(120_000, 140_000)),
        "tee": listed(shop, owner, tops, "Kaos Oblong Hitam", price=40_000),
        "skirt": listed(shop, owner, clothing, "Rok Denim Biru", price=90_000),
        "chips": listed(shop, owner, snacks, "Keripik Singkong Pedas", price=15_000, halal=True,
                        bpom="MD 224510001234"),
    }


def titles(page):
    return [hit.title for hit in page.hits]


def test_a_category_includes_its_subcategories(catalogue):
    assert set(titles(search_products(SearchQuery(category="pakaian")))) == {
        "Kemeja Flanel Kotak", "Kaos Oblong Hitam", "Rok Denim Biru"}
    assert set(titles(search_products(SearchQuery(category="atasan")))) == {"Kemeja Flanel Kotak", "Kaos Oblong Hitam"}


def test_an_unknown_category_finds_nothing(catalogue):
    assert search_products(SearchQuery(category="no-such-thing")).hits == []


@pytest.mark.parametrize("text", ["", "k"])
def test_price_range_overlaps_any_variant(catalogue, text):
    found = search_products(SearchQuery(text=text, price_min=130_000, price_max=200_000))
    assert titles(found) == ["Kemeja Flanel Kotak"]  # its variants cost 120,000 and 140,000
    assert set(titles(search_products(SearchQuery(price_max=40_000)))) == {"Kaos Oblong Hitam",
                                                                           "Keripik Singkong Pedas"}


def test_halal_filter(catalogue):
    assert titles(search_products(SearchQuery(halal=True))) == ["Keripik Singkong Pedas"]
    assert titles(search_products(SearchQuery(text="keripik", halal=True))) == ["Keripik Singkong Pedas"]
    assert search_products(SearchQuery(text="kemeja", halal=True)).hits == []


def test_province_filter_follows_the_shop(catalogue, shop):
    from lapak.market.catalog.search import search_documents_refresh_seller
    from lapak.regions.models import Region

    west_java = Region.objects.get(code="32")
    # get_or_create: the full region list may already be loaded in this worker (regions_session_load).
    regency, _ = Region.objects.get_or_create(code="32.73", defaults={
        "digits": "3273", "level": 2, "kind": "kota", "name": "Kota Bandung", "parent": west_java})
    district, _ = Region.objects.get_or_create(code="32.73.01", defaults={
        "digits": "327301", "level": 3, "kind": "kecamatan", "name": "Sukasari", "parent": regency})
    village, _ = Region.objects.get_or_create(code="32.73.01.1001", defaults={
        "digits": "3273011001", "level": 4, "kind": "kelurahan", "name": "Sarijadi", "parent": district,
        "postcode": "40151"})
    type(shop).objects.filter(pk=shop.pk).update(pickup_region=village)
    search_documents_refresh_seller(seller_id=shop.pk)
    assert len(search_products(SearchQuery(province="32")).hits) == 4
    assert search_products(SearchQuery(province="31")).hits == []


def test_in_stock_filter_reads_the_shelf(catalogue, shop, region_tree):
    from lapak.market.catalog.search import search_documents_refresh
    from lapak.market.inventory.services import stock_restock, warehouse_create

    assert search_products(SearchQuery(in_stock=True)).hits == []
    warehouse = warehouse_create(organisation=shop, name="Gudang", region=region_tree, street="Jl. Merdeka 1",
                                 postcode="10110")
    stock_restock(variant=catalogue["tee"].variants.get(), warehouse=warehouse, quantity=5, actor="test")
    search_documents_refresh(product_ids=[catalogue["tee"].pk])  # the outbox handler does this after commit
    assert titles(search_products(SearchQuery(in_stock=True))) == ["Kaos Oblong Hitam"]


def test_facets_count_the_matching_listings(catalogue):
    page = search_products(SearchQuery())
    assert page.total == 4 and not page.total_capped
    by_slug = {f.value: f.count for f in page.facets["category"]}
    assert by_slug == {"pakaian": 3, "makanan-ringan": 1}
    assert [(f.value, f.count) for f in page.facets["halal"]] == [("true", 1)]
    assert [(f.value, f.count) for f in page.facets["local"]] == [("true", 4)]
    assert page.facets["in_stock"] == []
    inside = search_products(SearchQuery(category="pakaian"))
    assert {f.value: f.count for f in inside.facets["category"]} == {"atasan": 2}
    text = search_products(SearchQuery(text="kaos"))
    assert {f.value: f.count for f in text.facets["category"]} == {"pakaian": 1}


@pytest.mark.parametrize("text", ["", "pakaian"])
def test_sorting_by_price(catalogue, text):
    cheap_first = titles(search_products(SearchQuery(text=text, category="pakaian", sort="price_asc")))
    assert cheap_first == ["Kaos Oblong Hitam", "Rok Denim Biru", "Kemeja Flanel Kotak"]
    dear_first = titles(search_products(SearchQuery(text=text, category="pakaian", sort="price_desc")))
    assert dear_first == list(reversed(cheap_first))


def test_browse_defaults_to_newest(catalogue):
    assert titles(search_products(SearchQuery())) == [
        "Keripik Singkong Pedas", "Rok Denim Biru", "Kaos Oblong Hitam", "Kemeja Flanel Kotak"]


@pytest.mark.parametrize("text", ["", "k"])
@pytest.mark.parametrize("sort", ["relevance", "price_asc", "price_desc", "newest", "best_selling"])
def test_keyset_pages_cover_everything_once(catalogue, text, sort):
    seen, after = [], None
    for _page in range(10):
        page = search_products(SearchQuery(text=text, sort=sort, limit=1, after=after))
        seen += titles(page)
        after = page.next_cursor
        if after is None:
            break
    expected = search_products(SearchQuery(text=text, sort=sort, limit=60))
    assert seen == titles(expected)
    assert len(seen) == len(set(seen)) == expected.total


def test_a_cursor_from_another_sort_or_tampered_is_refused(catalogue):
    page = search_products(SearchQuery(sort="price_asc", limit=1))
    with pytest.raises(ValidationFailed) as error:
        search_products(SearchQuery(sort="newest", after=page.next_cursor))
    assert "after" in error.value.fields
    for junk in ["x", "!!!", "W10", "WyJwcmljZV9hc2MiLCJhIiwxXQ", "a" * 500]:
        with pytest.raises(ValidationFailed):
            search_products(SearchQuery(sort="price_asc", after=junk))
