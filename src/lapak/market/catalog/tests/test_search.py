"""Search: matching, stopwords, ranking, typos, the candidate cap — on whichever database the run uses."""

from __future__ import annotations

import pytest

from lapak.market.catalog.search import SearchQuery, search_products
from lapak.market.catalog.tests.search_fixtures import listed

pytestmark = pytest.mark.django_db


def titles(page):
    return [hit.title for hit in page.hits]


@pytest.fixture
def shelf(shop, owner, clothing):
    return {
        "kemeja": listed(shop, owner, clothing, "Kemeja Batik Pria Lengan Panjang", price=150_000),
        "kaos": listed(shop, owner, clothing, "Kaos Katun Polos", price=45_000),
        "rok": listed(shop, owner, clothing, "Rok Plisket Wanita", price=80_000,
                      description="Cocok dipadukan dengan kemeja apa saja."),
    }


def test_a_word_finds_listings_with_it_and_only_those(shelf):
    assert titles(search_products(SearchQuery(text="batik"))) == ["Kemeja Batik Pria Lengan Panjang"]
    assert search_products(SearchQuery(text="sepatu")).hits == []


def test_every_word_must_match(shelf):
    assert titles(search_products(SearchQuery(text="kemeja pria"))) == ["Kemeja Batik Pria Lengan Panjang"]
    assert search_products(SearchQuery(text="kemeja sepatu")).hits == []


def test_the_last_word_matches_as_a_prefix_as_the_buyer_types(shelf):
    assert titles(search_products(SearchQuery(text="plisk"))) == ["Rok Plisket Wanita"]


def test_case_and_accents_do_not_matter(shelf):
    assert titles(search_products(SearchQuery(text="KÁOS katun"))) == ["Kaos Katun Polos"]


def test_stopwords_are_dropped_from_the_query(shelf):
    # Neither "murah" nor "untuk" is in the listing; they are noise, not a requirement.
    assert titles(search_products(SearchQuery(text="kaos murah untuk"))) == ["Kaos Katun Polos"]


def test_a_title_match_ranks_above_a_description_match(shelf):
    found = titles(search_products(SearchQuery(text="kemeja")))
    assert found == ["Kemeja Batik Pria Lengan Panjang", "Rok Plisket Wanita"]


def test_the_category_name_is_searchable_in_both_languages(shelf):
    assert len(search_products(SearchQuery(text="clothing")).hits) == 3
    assert len(search_products(SearchQuery(text="pakaian")).hits) == 3


def test_a_typo_finds_the_listing_and_suggests_the_spelling(shelf):
    page = search_products(SearchQuery(text="kemja"))
    assert titles(page) == ["Kemeja Batik Pria Lengan Panjang"]
    assert page.suggestion == "kemeja"


def test_exact_matches_do_not_offer_a_suggestion(shelf):
    assert search_products(SearchQuery(text="kemeja")).suggestion == ""


def test_a_common_word_is_capped_and_says_so(shelf, monkeypatch):
    from lapak.market.catalog.search import engine

    monkeypatch.setattr(engine, "CANDIDATE_CAP", 2)
    page = search_products(SearchQuery(text="pakaian"))
    assert (page.total, page.total_capped) == (2, True)
    uncapped = search_products(SearchQuery(text="batik"))
    assert (uncapped.total, uncapped.total_capped) == (1, False)


def test_title_matches_fill_the_cap_before_description_matches(shelf, monkeypatch):
    from lapak.market.catalog.search import engine

    monkeypatch.setattr(engine, "CANDIDATE_CAP", 1)
    assert titles(search_products(SearchQuery(text="kemeja"))) == ["Kemeja Batik Pria Lengan Panjang"]


def test_indonesian_stemming_on_postgresql(shop, owner, clothing):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the indonesian stemmer is PostgreSQL's; SQLite matches prefixes instead")
    listed(shop, owner, clothing, "Pakaian Anak Bermain")
    # "bermain" and "permainan" both stem to "main".
    assert titles(search_products(SearchQuery(text="permainan"))) == ["Pakaian Anak Bermain"]


def test_a_word_as_typed_ranks_above_a_stem_that_happens_to_match(shop, owner, clothing):
    # The Indonesian stemmer turns "kemeja" (a shirt) into "meja" (a table); a buyer who asks for "meja"
    # must see the table first.
    listed(shop, owner, clothing, "Kemeja Flanel")
    listed(shop, owner, clothing, "Meja Lipat Kayu")
    assert titles(search_products(SearchQuery(text="meja")))[0] == "Meja Lipat Kayu"
    assert titles(search_products(SearchQuery(text="kemej"))) == ["Kemeja Flanel"]


def test_a_short_exact_title_ranks_above_a_long_one(shop, owner, clothing):
    listed(shop, owner, clothing, "Sarung Tenun Samarinda Motif Kotak Besar Premium")
    listed(shop, owner, clothing, "Sarung Tenun")
    assert titles(search_products(SearchQuery(text="sarung tenun"))) == [
        "Sarung Tenun", "Sarung Tenun Samarinda Motif Kotak Besar Premium"]
