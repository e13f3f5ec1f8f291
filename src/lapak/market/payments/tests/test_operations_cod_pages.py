"""The operators' cash-on-delivery page (/operations/payments/cod/): parcels whose cash a courier holds and those
still to be collected, oldest first, overdue past COD_REMITTANCE_OVERDUE_DAYS; remittance lines that posted
nothing with their remittance; operators only, paginated, no 500 on a bad query string."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.payments import views_operations_cod
from lapak.market.payments.models_cod import CodParcel
from lapak.market.payments.services import payment_intent_create
from lapak.market.payments.services.cod_remittance import cod_remittance_record
from lapak.market.payments.tests.cod_support import deliver, parcel, parts, place_cod, remittance_of
from lapak.market.shipping.cod import RemittanceLine

pytestmark = pytest.mark.django_db
PAGE = "/operations/payments/cod/"


@pytest.fixture
def operator(make_user):
    return make_user(email="ops@example.test", roles=["operator"])


@pytest.fixture
def cod_order(place, market, buyer):
    """A COD order of two parcels (Toko Budi, Toko Sari), both awaiting collection, not yet booked."""
    order = place_cod(place, market, buyer)
    payment_intent_create(order=order, buyer=buyer, method="cod")
    return parts(order)


@pytest.fixture
def collected(cod_order, market, django_capture_on_commit_callbacks):
    """Both parcels delivered by the sandbox courier: their cash is collected, not remitted."""
    return [deliver(so, market, django_capture_on_commit_callbacks) for so in cod_order]


def _age(so, days: int, field: str = "collected_at") -> None:
    CodParcel.objects.filter(seller_order_id=so.pk).update(**{field: timezone.now() - timedelta(days=days)})


def test_only_operators_see_the_page(market, buyer, operator):
    anonymous = Client().get(PAGE)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for outsider in (buyer, market.budi_owner):
        assert client_in("en", outsider).get(PAGE).status_code == 403
    response = client_in("en", operator).get(PAGE)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert client_in("id", operator).get(PAGE, {"state": "mismatches"}).status_code == 200
    assert client_in("en", operator).post(PAGE).status_code == 405  # read-only
    html = client_in("en", operator).get("/operations/payments/refunds/").content.decode()
    assert f'href="{PAGE}"' in html  # the desk's tab


def test_collected_parcels_show_courier_airway_bill_amount_and_age_oldest_first(collected, operator):
    budi, sari = collected
    _age(budi, 2)
    _age(sari, 3)
    html = client_in("en", operator).get(PAGE).content.decode()
    for so in collected:
        p = parcel(so)
        assert f'id="cod-{p.public_id}"' in html and p.tracking_number in html
    assert html.index(parcel(sari).public_id) < html.index(parcel(budi).public_id)  # the oldest first
    assert "Lapak Sandbox Kurir" in html and "Toko Budi" in html and "Toko Sari" in html
    assert f"Rp{parcel(budi).amount:,}".replace(",", ".") in html and "3\xa0days ago" in html
    assert "row--deadline-overdue" not in html
    awaiting = client_in("en", operator).get(PAGE, {"state": "awaiting"}).content.decode()
    assert parcel(budi).public_id not in awaiting and 'id="no-cod-parcels"' in awaiting


def test_a_parcel_past_the_overdue_days_is_marked(collected, operator, settings):
    budi, sari = collected
    _age(budi, 8)
    html = client_in("en", operator).get(PAGE).content.decode()
    assert f'<tr id="cod-{parcel(budi).public_id}" class="row--deadline-overdue">' in html
    assert f'<tr id="cod-{parcel(sari).public_id}">' in html and html.count('badge--danger">overdue') == 1
    settings.COD_REMITTANCE_OVERDUE_DAYS = 10
    html = client_in("en", operator).get(PAGE).content.decode()
    assert "row--deadline-overdue" not in html and "more than 10 days" in html


def test_parcels_awaiting_collection_show_their_courier_before_booking(cod_order, operator):
    budi, sari = cod_order
    _age(sari, 9, "created_at")
    html = client_in("en", operator).get(PAGE, {"state": "awaiting"}).content.decode()
    assert html.index(parcel(sari).public_id) < html.index(parcel(budi).public_id)
    assert html.count("not booked yet") == 2 and "Lapak Sandbox Kurir" in html
    assert f'<tr id="cod-{parcel(sari).public_id}" class="row--deadline-overdue">' in html
    assert 'id="tab-awaiting"' in html and 'id="no-cod-parcels"' in client_in("en", operator).get(PAGE).content.decode()


def test_mismatches_show_the_remittance_and_the_line(collected, operator):
    budi, sari = collected
    good = remittance_of(budi)[0]
    cod_remittance_record(provider="sandbox", reference="RMT-77", remitted_on=date(2026, 11, 27), lines=[
        RemittanceLine(good.tracking_number, good.amount - 1_000), RemittanceLine("SBX000000000001", 25_000),
        *remittance_of(sari)])
    html = client_in("en", operator).get(PAGE, {"state": "mismatches"}).content.decode()
    assert html.count('id="cod-line-') == 2 and "RMT-77" in html and "2026-11-27" in html
    assert good.tracking_number in html and "SBX000000000001" in html and parcel(sari).tracking_number not in html
    assert "The amount differs from the cash the parcel collected" in html
    assert "No delivered cash-on-delivery parcel has this tracking number" in html
    assert f"Rp{good.amount - 1_000:,}".replace(",", ".") in html and parcel(budi).public_id in html
    collected_tab = client_in("en", operator).get(PAGE).content.decode()
    assert parcel(budi).public_id in collected_tab and parcel(sari).public_id not in collected_tab  # remitted
    assert '<span class="count-tabs__count">2</span>' in collected_tab  # two mismatches counted on the tab


def test_the_lists_are_paginated(collected, operator, monkeypatch):
    monkeypatch.setattr(views_operations_cod, "PAGE_SIZE", 1)
    budi, sari = collected
    _age(sari, 1)
    first = client_in("en", operator).get(PAGE).content.decode()
    second = client_in("en", operator).get(PAGE, {"state": "collected", "page": "2"}).content.decode()
    assert parcel(sari).public_id in first and parcel(budi).public_id not in first and "Page 1 of 2" in first
    assert parcel(budi).public_id in second and 'href="?state=collected&amp;page=1"' in second


@pytest.mark.parametrize("query", ["?state=nope", "?page=x", "?page=0", "?page=100000", "?state=mismatches&page=-5",
                                   "?state=" + "a" * 5000, "?state=awaiting&state=collected", "?page=%00",
                                   "?state[]=x"])
def test_malformed_query_strings_never_fail(collected, operator, query):
    assert client_in("en", operator).get(PAGE + query).status_code in (200, 400)
