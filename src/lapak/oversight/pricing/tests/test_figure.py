"""The price-dumping figure: what is flagged, with which evidence, and what is never shown."""

from __future__ import annotations

import pytest

from lapak.oversight.pricing.stats import MIN_COMPARABLES
from lapak.oversight.pricing.tests.support import as_text, read, refresh, usd_rate
from lapak.oversight.privacy import seller_pseudonym

pytestmark = pytest.mark.django_db

MEDIAN = 200_000
# Six domestic listings around Rp200.000: with the imported one (seven in all) the median is Rp200.000.
AROUND = [150_000, 180_000, 200_000, 200_000, 220_000, 250_000]


@pytest.mark.parametrize("source", ["rollup", "scratch"])
def test_an_imported_listing_at_30_percent_of_the_median_is_flagged_with_its_evidence(
        catalogue, regulator, operator, source):
    rate = usd_rate("16250")
    shoes = catalogue.category("sepatu")
    catalogue.listings(shoes, AROUND)
    importer = catalogue.seller(name="Toko Impor Murah")
    cheap = catalogue.listing(importer, shoes, 60_000, origin="cross_border_direct", country="CN",
                              title="Sepatu lari impor", hs_code="64041100")
    refresh()
    table = read(regulator if source == "rollup" else operator, source=source)
    assert table.privacy == "listing"
    assert len(table.rows) == 1
    row = table.rows[0]
    assert row == {
        "seller": seller_pseudonym(importer.public_id), "shop_name": "", "listing": cheap.public_id,
        "title": "Sepatu lari impor", "category": "sepatu", "category_name": "Category sepatu",
        "origin": "cross_border_direct", "origin_name": "Shipped directly from abroad", "origin_country": "CN",
        "price": 60_000, "median": MEDIAN, "ratio": 0.3, "comparables": 6,
        # ID-XB-1: USD 100 at Rp16.250 per USD.
        "floor": int(100 * rate), "suppressed": False,
    }
    assert dict((str(label), value) for label, value in table.headline) == {
        "Listings flagged": "1", "Of which imported": "1", "Categories compared": "1"}
    assert "50 %" in str(table.method)


def test_a_category_with_too_few_comparable_listings_flags_nothing(catalogue, regulator):
    bags = catalogue.category("tas")
    catalogue.listings(bags, [200_000] * (MIN_COMPARABLES - 1))  # the cheap one would have only 4 others
    catalogue.listing(catalogue.seller(), bags, 10_000, origin="imported_local", country="CN")
    refresh()
    assert read(regulator).rows == []
    # One more comparable listing, and the same cheap listing is flagged.
    catalogue.listings(bags, [200_000])
    refresh()
    assert [row["price"] for row in read(regulator).rows] == [10_000]
    assert read(regulator).rows[0]["comparables"] == MIN_COMPARABLES


def test_a_listing_exactly_at_half_the_median_is_not_flagged_and_one_rupiah_less_is(catalogue, regulator):
    at, below = catalogue.category("tepat"), catalogue.category("kurang")
    catalogue.listings(at, [MEDIAN] * 6)
    catalogue.listings(below, [MEDIAN] * 6)
    catalogue.listing(catalogue.seller(), at, MEDIAN // 2, origin="imported_local", country="CN")
    flagged = catalogue.listing(catalogue.seller(), below, MEDIAN // 2 - 1, origin="imported_local", country="CN")
    refresh()
    rows = read(regulator).rows
    assert [row["listing"] for row in rows] == [flagged.public_id]
    assert rows[0]["ratio"] == 0.5 and rows[0]["floor"] is None  # imported by a local seller: no ID-XB-1 floor


def test_rows_are_sorted_by_ratio_and_domestic_listings_are_flagged_too(catalogue, regulator):
    shirts = catalogue.category("kaos")
    catalogue.listings(shirts, [100_000] * 6)
    domestic = catalogue.listing(catalogue.seller(), shirts, 40_000)
    imported = catalogue.listing(catalogue.seller(), shirts, 20_000, origin="imported_local", country="VN")
    refresh()
    table = read(regulator)
    assert [(row["listing"], row["ratio"]) for row in table.rows] == [(imported.public_id, 0.2),
                                                                      (domestic.public_id, 0.4)]
    assert dict((str(label), value) for label, value in table.headline)["Of which imported"] == "1"


def test_the_pseudonym_is_stable_and_no_name_or_identity_data_appears(build, people, catalogue, regulator):
    organisation = build.verified().organisation  # Budi Santoso's shop, with his NIK and address on file
    lamps = catalogue.category("lampu")
    catalogue.listings(lamps, [80_000] * 6)
    catalogue.listing(organisation, lamps, 9_000, origin="imported_local", country="CN")
    refresh()
    first, second = read(regulator), read(regulator)
    assert first.rows[0]["seller"] == second.rows[0]["seller"] == seller_pseudonym(organisation.public_id)
    assert first.rows[0]["shop_name"] == ""
    text = as_text(first)
    for secret in (organisation.shop_name, organisation.public_id, "Budi", "3171011205900001", "Kahfi",
                   people.owner.email, people.owner.public_id):
        assert secret not in text
    assert set(first.rows[0]) == {"seller", "shop_name", "listing", "title", "category", "category_name", "origin",
                                  "origin_name", "origin_country", "price", "median", "ratio", "comparables",
                                  "floor", "suppressed"}


def test_each_jurisdiction_compares_only_its_own_sellers_listings(catalogue, regulator, regulator_gb):
    mugs = catalogue.category("gelas")
    catalogue.listings(mugs, [50_000] * 6, jurisdiction="GB")
    british = catalogue.listing(catalogue.seller(jurisdiction="GB"), mugs, 5_000)
    catalogue.listings(mugs, [5_000] * 3)  # three cheap Indonesian mugs: too few to compare, and not British
    refresh()
    assert [row["listing"] for row in read(regulator_gb, jurisdiction="GB").rows] == [british.public_id]
    assert read(regulator).rows == []


def test_the_api_and_the_csv_carry_the_signals(catalogue, regulator, operator, api_client, bearer):
    shoes = catalogue.category("sepatu")
    catalogue.listings(shoes, AROUND)
    cheap = catalogue.listing(catalogue.seller(), shoes, 60_000, origin="imported_local", country="CN")
    refresh()
    response = api_client.get("/api/v1/oversight/figures/price-dumping?jurisdiction=ID", **bearer(regulator))
    assert response.status_code == 200, response.content
    body = response.json()
    assert [(row["listing"], row["ratio"]) for row in body["rows"]] == [(cheap.public_id, 0.3)]
    assert body["columns"][0] == {"key": "seller", "label": "Seller (pseudonym)", "kind": "text"}
    refused = api_client.get("/api/v1/oversight/figures/price-dumping?jurisdiction=ID&by=origin", **bearer(regulator))
    assert refused.status_code == 422  # the figure is a list of listings: nothing to group by
    from django.test import Client

    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(operator)
    csv = browser.get("/oversight/figures/price-dumping.csv?jurisdiction=ID")
    assert csv.status_code == 200 and cheap.public_id in csv.content.decode()
    page = browser.get("/oversight/figures/price-dumping/?jurisdiction=ID")
    assert page.status_code == 200 and cheap.public_id in page.content.decode()
