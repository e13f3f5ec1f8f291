"""The buyer's pay page: choose a method, see the QR / VA number / link, the amount and time left, check the
status; the order page links to it."""

from __future__ import annotations

import pytest

from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.orders.models import Order
from lapak.market.payments.models import IntentStatus, PaymentIntent
from lapak.market.payments.tests.conftest import notify


def test_the_order_page_links_to_the_pay_page_while_awaiting_payment(midtrans, placed, buyer, settings):
    settings.DEBUG, settings.DEMO_PAYMENTS = False, False
    html = client_in("en", buyer).get(f"/orders/{placed.public_id}/").content.decode()
    assert f'href="/pay/{placed.public_id}/"' in html and 'id="pay-now"' in html
    assert 'id="pay-demo"' not in html


def test_choose_qris_then_see_the_code_and_check_the_status(midtrans, placed, buyer):
    client = client_in("en", buyer)
    page = client.get(f"/pay/{placed.public_id}/").content.decode()
    assert "csrfmiddlewaretoken" in page and 'value="va:bca"' in page and 'value="cod" disabled' in page
    response = client.post(f"/pay/{placed.public_id}/", {"method": "qris"})
    assert response.status_code == 302
    html = client.get(f"/pay/{placed.public_id}/").content.decode()
    assert 'id="pay-qr"' in html and "data:image/svg+xml" in html and 'id="pay-expiry"' in html
    intent = PaymentIntent.objects.get()
    assert f"/pay/{intent.provider_order_id}" in html  # the sandbox's page (MIDTRANS_BASE_URL is not Midtrans)
    html = client.post(f"/pay/{placed.public_id}/check/", follow=True).content.decode()
    assert "No payment has arrived yet." in html
    notify(midtrans.settle(intent.provider_order_id))
    assert 'id="pay-done"' in client.get(f"/pay/{placed.public_id}/").content.decode()


@pytest.mark.parametrize(("choice", "shown"), [("va:bni", 'id="pay-va"'), ("va:mandiri", 'id="pay-bill"'),
                                                ("ewallet:gopay", 'id="pay-redirect"'),
                                                ("card", "Enter your card details")])
def test_other_methods_show_their_instructions(midtrans, placed, buyer, choice, shown):
    client = client_in("en", buyer)
    html = client.post(f"/pay/{placed.public_id}/", {"method": choice}, follow=True).content.decode()
    assert shown in html


def test_errors_are_shown_inline(midtrans, placed, buyer):
    client = client_in("id", buyer)
    response = client.post(f"/pay/{placed.public_id}/", {"method": "bitcoin"})
    assert response.status_code == 422 and 'id="method-errors"' in response.content.decode()
    midtrans.fail_with = 503
    down = client_in("en", buyer).post(f"/pay/{placed.public_id}/", {"method": "qris"})
    assert down.status_code == 502 and 'id="pay-error"' in down.content.decode()
    assert PaymentIntent.objects.get().status == IntentStatus.FAILED
    again = client_in("en", buyer).get(f"/pay/{placed.public_id}/").content.decode()
    assert 'id="pay-previous"' in again


def test_another_buyers_order_is_not_found_and_a_closed_order_cannot_be_paid(midtrans, placed, buyer, other_buyer):
    assert client_in("en", other_buyer).get(f"/pay/{placed.public_id}/").status_code == 404
    assert client_in("en", other_buyer).post(f"/pay/{placed.public_id}/", {"method": "qris"}).status_code == 404
    client = client_in("en", buyer)
    client.post(f"/orders/{placed.public_id}/cancel/")
    assert Order.objects.get(pk=placed.pk).status == "cancelled"
    assert 'id="pay-closed"' in client.get(f"/pay/{placed.public_id}/").content.decode()
    assert client.post(f"/pay/{placed.public_id}/", {"method": "qris"}).status_code == 409
    assert not PaymentIntent.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(placed):
    from django.test import Client

    response = Client().get(f"/pay/{placed.public_id}/")
    assert response.status_code == 302 and "login" in response["Location"]
