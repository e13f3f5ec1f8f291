"""Payment methods switched off by compliance (kill switches `payment_method:<method>` and
`payment_method:<method>_<bank>`): shown disabled with the operator's reason on the pay page, refused when an intent
is created (page and API), in force at once; a pilot needs every shop of the order on its list."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from lapak.compliance.switch_services import compliance_switch_set
from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.payments.models import PaymentIntent

pytestmark = pytest.mark.django_db


def switch(feature: str, state: str, reason: str = "", sellers=()) -> None:
    compliance_switch_set(actor="usr_op", jurisdiction="ID", feature=feature, state=state, reason=reason,
                          pilot_sellers=list(sellers))


def test_a_switched_off_method_is_shown_disabled_with_the_reason_and_refused(midtrans, placed, buyer):
    client = client_in("en", buyer)
    assert 'value="qris" disabled' not in client.get(f"/pay/{placed.public_id}/").content.decode()
    switch("payment_method:qris", "off", "QRIS settlement outage at the switching network")
    page = client.get(f"/pay/{placed.public_id}/").content.decode()
    assert 'value="qris" disabled' in page and "QRIS settlement outage at the switching network" in page
    assert 'value="va:bca" disabled' not in page
    response = client.post(f"/pay/{placed.public_id}/", {"method": "qris"})  # a hand-made post
    html = response.content.decode()
    assert response.status_code == 422 and 'id="method-errors"' in html and "QRIS settlement outage" in html
    assert not PaymentIntent.objects.exists()
    switch("payment_method:qris", "on")  # at once: no cache to wait for
    assert client.post(f"/pay/{placed.public_id}/", {"method": "qris"}).status_code == 302
    assert PaymentIntent.objects.get().method == "qris"


def test_one_bank_can_be_switched_off_and_a_whole_method_too(midtrans, placed, buyer):
    switch("payment_method:va_bca", "off", "BCA maintenance")
    client = client_in("en", buyer)
    page = client.get(f"/pay/{placed.public_id}/").content.decode()
    assert 'value="va:bca" disabled' in page and 'value="va:bni" disabled' not in page
    assert client.post(f"/pay/{placed.public_id}/", {"method": "va:bca"}).status_code == 422
    assert client.post(f"/pay/{placed.public_id}/", {"method": "va:bni"}).status_code == 302
    switch("payment_method:ewallet", "off", "E-wallets suspended")
    page = client.get(f"/pay/{placed.public_id}/").content.decode()
    assert 'value="ewallet:gopay" disabled' in page and 'value="ewallet:shopeepay" disabled' in page


def test_the_api_refuses_a_switched_off_method_with_the_reason(midtrans, placed, buyer, bearer):
    switch("payment_method:card", "off", "Card acquirer suspended")
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        f"/api/v1/payments/orders/{placed.public_id}/intents", json.dumps({"method": "card"}),
        content_type="application/json", **bearer(buyer))
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "payment_method_suspended" and "Card acquirer suspended" in error["fields"]["method"][0]
    assert not PaymentIntent.objects.exists()


def test_a_pilot_method_needs_every_shop_of_the_order_on_its_list(midtrans, placed, buyer, market):
    client = client_in("en", buyer)
    switch("payment_method:qris", "pilot", "New QRIS acquirer", sellers=[market.budi.public_id])
    page = client.get(f"/pay/{placed.public_id}/").content.decode()  # the order has Toko Budi and Toko Sari
    assert 'value="qris" disabled' in page and "pilot" in page
    assert client.post(f"/pay/{placed.public_id}/", {"method": "qris"}).status_code == 422
    switch("payment_method:qris", "pilot", "New QRIS acquirer", sellers=[market.budi.public_id, market.sari.public_id])
    assert client.post(f"/pay/{placed.public_id}/", {"method": "qris"}).status_code == 302


def test_a_switch_in_another_jurisdiction_changes_nothing(midtrans, placed, buyer):
    compliance_switch_set(actor="usr_op", jurisdiction="GB", feature="payment_method:qris", state="off", reason="UK")
    assert client_in("en", buyer).post(f"/pay/{placed.public_id}/", {"method": "qris"}).status_code == 302


def test_cod_switched_off_is_unavailable_in_the_cod_router_too(placed, buyer, bearer):
    switch("payment_method:cod", "off", "Couriers' cash handling under review")
    body = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/api/v1/payments/orders/{placed.public_id}/cod",
                                                 **bearer(buyer)).json()
    assert body["available"] is False and "Couriers' cash handling under review" in body["reason"]
