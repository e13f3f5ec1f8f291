"""The product page shows a GB trader's identity and contact details (GB-TRD-1) and, for direct cross-border
listings, the country the goods ship from (GB-XB-1, ID-XB-3); an Indonesian shop's details stay off the page."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.catalog.tests.conftest import VARIANT, product_data

pytestmark = pytest.mark.django_db


def text_of(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:dd|a)>', html, re.S)
    assert found, f"no #{element_id}"
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())


def gb_shop(build):
    from lapak.market.sellers.services import application_decide, application_review_start, application_submit

    owner = build.user(full_name="Jane Trader")
    application = build.business(owner=owner, jurisdiction="GB")
    application = application_submit(application=application, actor=owner)
    application = application_review_start(application=application, actor=build.people.operator)
    application_decide(application=application, actor=build.people.operator, decision="verified")
    return application.organisation, owner


def publish(shop, owner, category, **origin):
    from lapak.market.catalog.services import listing_transition, product_create, variant_create

    product = product_create(seller=shop, actor=owner, data=product_data(category, **origin))
    variant_create(product=product, actor=owner, data={**VARIANT, "price": 2_000_000})
    product = listing_transition(product=product, actor=owner, to="submitted")
    assert product.status == "active", product.refusal_reasons
    return product


CROSS_BORDER = {"origin": "cross_border_direct", "origin_country": "CN", "hs_code": "61091000",
                "fob_value_usd_cents": 15_000}


def test_a_gb_traders_listing_shows_who_sells_and_where_it_ships_from(build, clothing):
    shop, owner = gb_shop(build)
    product = publish(shop, owner, clothing, **CROSS_BORDER)
    html = client_in("en").get(f"/p/{product.public_id}/").content.decode()
    assert re.search(r'<h2 id="trader-title">Trader</h2>', html)
    assert text_of(html, "trader-name") == "PT Maju Jaya"
    assert text_of(html, "trader-address") == "Jl. Sudirman 1"
    assert text_of(html, "trader-email") == owner.email and f'href="mailto:{owner.email}"' in html
    assert text_of(html, "trader-phone") == "+6281234567890" and 'href="tel:+6281234567890"' in html
    for label in ("Name", "Address", "E-mail", "Phone"):
        assert f"<dt>{label}</dt>" in html
    assert text_of(html, "product-ships-from") == "China" and "<dt>Ships from</dt>" in html


def test_the_country_is_named_in_the_readers_language(build, clothing):
    shop, owner = gb_shop(build)
    product = publish(shop, owner, clothing, **CROSS_BORDER)
    html = client_in("id").get(f"/p/{product.public_id}/").content.decode()
    assert text_of(html, "product-ships-from") == "Tiongkok"
    assert text_of(html, "trader-name") == "PT Maju Jaya"


def test_a_corrected_trader_detail_shows_although_the_page_is_cached(build, clothing, settings):
    from lapak.market.sellers.models import SellerApplication

    settings.PRODUCT_PAGE_CACHE_SECONDS = 60
    shop, owner = gb_shop(build)
    product = publish(shop, owner, clothing, **CROSS_BORDER)
    client = client_in("en")
    assert text_of(client.get(f"/p/{product.public_id}/").content.decode(), "trader-phone") == "+6281234567890"
    SellerApplication.objects.filter(organisation=shop).update(phone="+442071234567")
    assert text_of(client.get(f"/p/{product.public_id}/").content.decode(), "trader-phone") == "+442071234567"


def test_an_indonesian_shops_cross_border_listing_ships_from_but_shows_no_trader_block(shop, owner, clothing):
    from lapak.compliance.models import ExchangeRate, HsListVersion

    ExchangeRate.objects.all().delete()
    HsListVersion.objects.all().delete()
    today = timezone.localdate()
    ExchangeRate.objects.create(currency="USD", idr_per_unit=Decimal("16250"), valid_from=today - timedelta(3),
                                valid_until=today + timedelta(3), source="KMK (uji)", created_by="test")
    product = publish(shop, owner, clothing, **CROSS_BORDER)
    html = client_in("en").get(f"/p/{product.public_id}/").content.decode()
    assert text_of(html, "product-ships-from") == "China"
    assert 'id="trader-details"' not in html and "0812-3456-7890" not in html


def test_a_domestic_listing_has_no_ships_from_line(shop, owner, clothing):
    product = publish(shop, owner, clothing)
    html = client_in("en").get(f"/p/{product.public_id}/").content.decode()
    assert 'id="product-ships-from"' not in html and 'id="trader-details"' not in html
