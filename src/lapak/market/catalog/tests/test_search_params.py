"""Reading a search from URL parameters: every bad parameter named, in the buyer's language."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.utils import translation

from lapak.core.errors import ValidationFailed
from lapak.market.catalog.search import SearchQuery, search_products, search_query_from_params
from lapak.market.catalog.tests.search_fixtures import listed

pytestmark = pytest.mark.django_db


def test_a_full_query_is_read(clothing, region_tree):
    query = search_query_from_params({
        "q": "  kemeja batik ", "category": "pakaian", "price_min": "50.000", "price_max": "200000",
        "province": "31", "local": "1", "umkm": "on", "halal": "true", "in_stock": "yes", "sort": "price_asc",
        "limit": "10", "utm_source": "ignored"})
    assert query == SearchQuery(text="kemeja batik", category="pakaian", price_min=50_000, price_max=200_000,
                                province="31", local=True, umkm=True, halal=True, in_stock=True, sort="price_asc",
                                limit=10)


def test_empty_parameters_mean_not_given():
    assert search_query_from_params({"q": "", "category": "", "price_min": "", "halal": "", "sort": ""}) == \
        SearchQuery()


def test_every_bad_parameter_is_named_at_once(region_tree):
    with pytest.raises(ValidationFailed) as error:
        search_query_from_params({
            "q": "x" * 201, "category": "nope", "price_min": "abc", "price_max": "-5", "province": "99",
            "halal": "maybe", "sort": "cheapest", "limit": "1000", "after": "garbage"})
    assert set(error.value.fields) == {"q", "category", "price_min", "price_max", "province", "halal", "sort",
                                       "limit", "after"}


def test_a_reversed_price_range_is_refused():
    with pytest.raises(ValidationFailed) as error:
        search_query_from_params({"price_min": "200000", "price_max": "100000"})
    assert list(error.value.fields) == ["price_max"]


@pytest.mark.parametrize("price", ["1" * 14, "1e9", "0x10", "١٢٣", "1,5"])
def test_absurd_prices_are_refused(price):
    with pytest.raises(ValidationFailed):
        search_query_from_params({"price_min": price})


def test_messages_follow_the_language():
    for language, expected in (("id", "Pilih salah satu urutan yang tersedia."),
                               ("en", "Choose one of the offered sort orders.")):
        with translation.override(language):
            with pytest.raises(ValidationFailed) as error:
                search_query_from_params({"sort": "x"})
            assert str(error.value.fields["sort"][0]) == expected


def test_nul_bytes_and_odd_text_do_not_break_the_search(active):
    for text in ["\x00", "'; DROP TABLE catalog_product; --", '"kaos"*', "title : kaos", "kaos & | ! :*", "🙂",
                 "NEAR(kaos katun)", "a" * 200]:
        page = search_products(search_query_from_params({"q": text}))
        assert page.total >= 0


@override_settings(SEARCH_CACHE_SECONDS=60)
def test_answers_are_cached_for_a_while(shop, owner, clothing, django_assert_num_queries):
    from django.core.cache import cache

    cache.clear()
    listed(shop, owner, clothing, "Kemeja Batik")
    first = search_products(SearchQuery(text="batik"))
    search_products(SearchQuery(category="pakaian"))
    with django_assert_num_queries(0):  # the same page again comes whole from the cache
        assert search_products(SearchQuery(text="batik")) == first
        assert search_products(SearchQuery(category="pakaian")).total == 1
    with django_assert_num_queries(1):  # another sort of the same search: candidates cached, only the rows read
        assert search_products(SearchQuery(text="batik", sort="price_asc")).total == 1
    with django_assert_num_queries(1):  # another sort of the same browse: the keyset page with its cards
        assert search_products(SearchQuery(category="pakaian", sort="price_asc")).total == 1
    cache.clear()
