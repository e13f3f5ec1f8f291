"""The buyer's order pages: the list (newest first, paged), the detail with lines, totals, PPN and the
timeline, cancelling while unpaid, the demo payment (only where enabled), ownership, languages and CSRF."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.orders.models import Order, OrderStatus, SellerOrderStatus
from lapak.market.orders.tests.support import fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(place, cart):
    return place()


@pytest.fixture
def demo_on(settings):
    settings.DEBUG = False
    settings.DEMO_PAYMENTS = True


def test_anonymous_visitors_are_sent_to_sign_in(order):
    for url in ("/orders/", f"/orders/{order.public_id}/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/orders/")


def test_the_list_newest_first_with_badges_and_paging(place, cart, market, buyer, monkeypatch):
    from lapak.market.orders.views import buyer as pages

    first = place(key="first")
    fill(buyer, (market.tea, 1))
    second = place(key="second", shipping_choices={market.budi.public_id: ("jne", "REG")})
    html = client_in("id", buyer).get("/orders/").content.decode()
    assert '<html lang="id">' in html and html.index(second.public_id) < html.index(first.public_id)
    assert "order-status--awaiting_payment" in html
    assert "Menunggu pembayaran" in html or "Awaiting payment" in html
    english = client_in("en", buyer).get("/orders/").content.decode()
    assert "My orders" in english and "Awaiting payment" in english and "Rp" in english
    monkeypatch.setattr(pages, "PAGE_SIZE", 1)
    client = client_in("en", buyer)
    page_one = client.get("/orders/").content.decode()
    assert second.public_id in page_one and first.public_id not in page_one and 'rel="next"' in page_one
    page_two = client.get("/orders/?page=2").content.decode()
    assert first.public_id in page_two and second.public_id not in page_two
    assert client.get("/orders/?page=zzz").status_code == 200  # malformed paging falls back to the first page


def test_someone_elses_orders_are_not_listed_and_are_404(order, other_buyer):
    client = client_in("en", other_buyer)
    assert order.public_id not in client.get("/orders/").content.decode()
    assert client.get(f"/orders/{order.public_id}/").status_code == 404
    assert client.post(f"/orders/{order.public_id}/cancel/").status_code == 404
    assert client.get("/orders/ord_nonexistent/").status_code == 404
    assert Order.objects.get().status == OrderStatus.AWAITING_PAYMENT


def test_the_detail_shows_lines_totals_ppn_and_the_timeline(order, market, buyer):
    from lapak.market.catalog.templatetags.catalog_tags import rupiah

    html = client_in("en", buyer).get(f"/orders/{order.public_id}/").content.decode()
    assert f"Order {order.public_id}" in html and "Toko Budi" in html and "Toko Sari" in html
    assert "2 × Kaos Katun Lengan Pendek" in html and "Batik Tulis" in html
    assert f'id="order-grand-total">{rupiah(order.grand_total)}<' in html
    assert f'id="order-ppn">{rupiah(order.ppn_total)}<' in html and "JNE Reguler ·" in html
    timeline = html[html.index('id="order-timeline"'):]
    assert "Order placed" in timeline and 'id="cancel-order"' in html
    indonesian = client_in("id", buyer).get(f"/orders/{order.public_id}/").content.decode()
    assert '<html lang="id">' in indonesian and order.public_id in indonesian


def test_the_buyer_cancels_an_unpaid_order(order, buyer):
    from lapak.market.inventory.models import Reservation

    client = client_in("en", buyer)
    response = client.post(f"/orders/{order.public_id}/cancel/")
    assert response.status_code == 302 and response["Location"] == f"/orders/{order.public_id}/"
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert {so.status for so in order.seller_orders.all()} == {SellerOrderStatus.CANCELLED}
    assert not Reservation.objects.filter(key=order.public_id).exists()
    html = client.get(f"/orders/{order.public_id}/").content.decode()
    assert "The order is cancelled." in html and 'id="cancel-order"' not in html
    assert html[html.index('id="order-timeline"'):].count("Cancelled") >= 3  # the order and both shops


def test_demo_payment_is_off_unless_enabled(order, buyer, settings):
    settings.DEBUG = False
    settings.DEMO_PAYMENTS = False
    client = client_in("en", buyer)
    assert 'id="pay-demo"' not in client.get(f"/orders/{order.public_id}/").content.decode()
    assert client.post(f"/orders/{order.public_id}/pay-demo/").status_code == 404
    assert Order.objects.get().status == OrderStatus.AWAITING_PAYMENT


def test_demo_payment_pays_and_a_paid_order_cannot_be_cancelled(order, buyer, demo_on):
    client = client_in("en", buyer)
    html = client.get(f"/orders/{order.public_id}/").content.decode()
    assert 'id="pay-demo"' in html and "Pay (demo)" in html
    assert client.post(f"/orders/{order.public_id}/pay-demo/").status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.payment_reference.startswith("demo-")
    html = client.get(f"/orders/{order.public_id}/").content.decode()
    assert 'id="pay-demo"' not in html and 'id="cancel-order"' not in html
    assert html[html.index('id="order-timeline"'):].count("Paid") >= 3
    response = client.post(f"/orders/{order.public_id}/cancel/")
    assert response.status_code == 409 and 'id="order-error"' in response.content.decode()
    assert client.post(f"/orders/{order.public_id}/pay-demo/").status_code == 409  # paid already
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_the_actions_need_the_csrf_token(order, buyer, demo_on):
    client = Client(enforce_csrf_checks=True)
    client.force_login(buyer)
    html = client.get(f"/orders/{order.public_id}/").content.decode()
    assert client.post(f"/orders/{order.public_id}/cancel/").status_code == 403
    assert client.post(f"/orders/{order.public_id}/pay-demo/").status_code == 403
    assert Order.objects.get().status == OrderStatus.AWAITING_PAYMENT
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert client.post(f"/orders/{order.public_id}/cancel/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert Order.objects.get().status == OrderStatus.CANCELLED
