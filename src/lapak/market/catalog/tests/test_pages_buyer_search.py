"""The search results page: grid, facet counts, "did you mean", "about N", empty state, inline errors, languages."""

from __future__ import annotations

import re

import pytest

from lapak.market.catalog.tests import buyer_fixtures
from lapak.market.catalog.tests.buyer_fixtures import add_listing, client_in

catalogue = buyer_fixtures.catalogue

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'class="product-card__link" href="/p/prd_[0-9A-Z]+/">([^<]+)</a>', html)


def test_search_finds_by_title_and_fills_the_header_box(catalogue):
    html = client_in("id").get("/search/?q=kaos").content.decode()
    assert '<html lang="id">' in html
    assert titles(html) == ["Kaos Katun Lengan Pendek"]
    assert re.search(r'id="site-search-q" name="q" maxlength="200" value="kaos"', html)
    assert titles(client_in("id").get("/search/?q=teh+hijau").content.decode()) == ["Teh Hijau Jepang"]


def test_facets_count_the_results_and_link_with_the_search_kept(catalogue):
    add_listing(catalogue, title="Teh Melati Kaos Kaki", price=20_000, category=catalogue.drinks, units=0)
    html = client_in("en").get("/search/?q=kaos").content.decode()
    assert sorted(titles(html)) == ["Kaos Katun Lengan Pendek", "Teh Melati Kaos Kaki"]
    assert re.search(r'<a href="\?q=kaos&amp;category=fesyen">Fashion</a> <span class="facet-count">\(1\)', html)
    assert re.search(r'<a href="\?q=kaos&amp;category=minuman">Drinks</a> <span class="facet-count">\(1\)', html)
    assert '<option value="31">Daerah Khusus Ibukota Jakarta (2)</option>' in html
    assert re.search(r'In stock <span class="facet-count">\(1\)</span>', html)
    assert re.search(r'Halal certified <span class="facet-count">\(1\)</span>', html)
    # The filter form keeps the words searched for; choosing a facet narrows.
    assert '<input type="hidden" name="q" value="kaos">' in html
    narrowed = client_in("en").get("/search/?q=kaos&category=minuman").content.decode()
    assert titles(narrowed) == ["Teh Melati Kaos Kaki"]
    assert '<input type="hidden" name="category" value="minuman">' in narrowed
    assert titles(client_in("en").get("/search/?q=kaos&in_stock=1").content.decode()) == ["Kaos Katun Lengan Pendek"]


def test_facet_labels_follow_the_language(catalogue):
    html = client_in("id").get("/search/?q=kaos").content.decode()
    assert re.search(r'category=fesyen">Fesyen</a>', html)


def test_a_misspelling_offers_a_correction(catalogue):
    html = client_in("en").get("/search/?q=kaoz").content.decode()
    assert re.search(r'Did you mean <a href="\?q=kaos">kaos</a>\?', html)


def test_nothing_found_is_an_empty_state(catalogue):
    html = client_in("en").get("/search/?q=xylofon").content.decode()
    assert titles(html) == [] and "No products found" in html and "Check the spelling" in html
    filtered = client_in("en").get("/search/?q=kaos&price_max=1000").content.decode()
    assert "Try removing some filters" in filtered and 'href="?q=kaos">Remove all filters</a>' in filtered


def test_a_capped_count_reads_about_n(catalogue, monkeypatch):
    from lapak.market.catalog.search import engine

    add_listing(catalogue, title="Kaos Polos Hemat", price=30_000, category=catalogue.shirts)
    monkeypatch.setattr(engine, "CANDIDATE_CAP", 2)  # the real cap is 2,000 listings; two make the point
    html = client_in("en").get("/search/?q=kaos").content.decode()
    assert re.search(r'id="result-count">About 2 results<', html)
    exact = client_in("en").get("/search/?q=teh").content.decode()
    assert re.search(r'id="result-count">1 result<', exact)


@pytest.mark.parametrize(("params", "field", "message"), [
    ("price_min=abc", "f-price-min-error", "Enter a price in whole rupiah"),
    ("price_max=-5", "f-price-max-error", "Enter a price in whole rupiah"),
    ("province=Jakarta", "f-province-error", "Choose a province from the list."),
    ("in_stock=2", "f-in_stock-error", "Choose yes or no."),
    ("sort=random", "f-sort-error", "Choose one of the offered sort orders."),
    ("after=garbage", "listing-errors", "This page link is no longer valid"),
    ("category=tidak-ada", "listing-errors", "Choose a category from the list."),
    ("q=" + "k" * 300, "listing-errors", "Search for at most 200 characters."),
])
def test_bad_parameters_are_explained_inline_never_a_500(catalogue, params, field, message):
    response = client_in("en").get(f"/search/?{params}")
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html[html.index(f'id="{field}"'):][:600]


def test_a_bad_cursor_with_a_good_search_still_shows_the_first_page(catalogue):
    html = client_in("en").get("/search/?q=kaos&price_min=abc&after=garbage&local=maybe").content.decode()
    assert titles(html) == ["Kaos Katun Lengan Pendek"]
    for field in ("f-price-min-error", "f-local-error", "listing-errors"):
        assert f'id="{field}"' in html
    assert 'value="abc"' in html  # shown back so it can be corrected


def test_next_page_link_walks_every_result_once(catalogue):
    for n in range(4):
        add_listing(catalogue, title=f"Kaos Seri {n}", price=40_000 + n, category=catalogue.shirts)
    client, seen, path = client_in("en"), [], "/search/?q=kaos&sort=price_asc&limit=2"
    from html import unescape

    while path:
        html = client.get(path).content.decode()
        seen += titles(html)
        found = re.search(r'href="(\?[^"]*after=[^"]+)" rel="next"', html)
        path = "/search/" + unescape(found.group(1)) if found else ""
    assert seen == ["Kaos Seri 0", "Kaos Seri 1", "Kaos Seri 2", "Kaos Seri 3", "Kaos Katun Lengan Pendek"]


def test_the_page_speaks_indonesian_by_default_and_english_on_request(catalogue):
    indonesian = client_in("id").get("/search/?q=kaoz").content.decode()
    assert re.search(r'Mungkin maksud Anda <a href="\?q=kaos">kaos</a>\?', indonesian)
    assert "Produk tidak ditemukan" in client_in("id").get("/search/?q=xylofon").content.decode()
    english = client_in("en").get("/search/?q=xylofon").content.decode()
    assert "No products found" in english and "Produk tidak ditemukan" not in english
