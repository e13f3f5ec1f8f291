"""The checkout page: sign-in required, the cart by seller with couriers and totals (PPN shown), placing once
even on a double click, every refusal beside its field with nothing written, both languages, CSRF."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.orders.models import Order
from lapak.market.orders.tests import support
from lapak.market.orders.tests.support import JAYAPURA, address_in

address, cart, couriers, market, places = (  # fixtures
    support.address, support.cart, support.couriers, support.market, support.places)
pytestmark = pytest.mark.django_db


def key_of(html: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)


def form(html: str, market, where, **overrides) -> dict:
    """What the browser sends after the page was rendered: its key, the address, JNE REG for both shops."""
    data = {"idempotency_key": key_of(html), "address": where.public_id, "action": "place",
            f"ship-{market.budi.public_id}": "jne:REG", f"ship-{market.sari.public_id}": "jne:REG"}
    data.update(overrides)
    return data


def test_anonymous_visitors_are_sent_to_sign_in(market):
    response = Client().get("/cart/checkout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/cart/checkout/"


def test_the_page_in_indonesian_and_english(cart, market, address, buyer):
    html = client_in("id", buyer).get("/cart/checkout/").content.decode()
    assert '<html lang="id">' in html and "Toko Budi" in html and "Toko Sari" in html
    assert f'name="ship-{market.budi.public_id}"' in html and 'value="jne:REG"' in html
    assert f'value="{address.public_id}" checked' in html and 'id="total-goods">Rp520.000<' in html
    assert 'id="total-ppn">Rp' in html and 'name="csrfmiddlewaretoken"' in html
    english = client_in("en", buyer).get("/cart/checkout/").content.decode()
    assert '<html lang="en">' in english and "Place order" in english and "Including PPN" in english
    assert key_of(html) != key_of(english)  # a fresh key per rendering


def picked(html: str) -> dict:
    """The courier options the page preselected (the cheapest per shop)."""
    return dict(re.findall(r'<input type="radio" name="(ship-[^"]+)" id="[^"]+" value="([^"]+)" checked>', html))


def test_from_the_cart_to_a_placed_order_to_paid_with_the_totals_shown(cart, market, address, buyer, settings):
    from lapak.market.checkout.models import CartLine

    client = client_in("en", buyer)
    assert 'href="/cart/checkout/" id="checkout-link"' in client.get("/cart/").content.decode()
    html = client.get("/cart/checkout/").content.decode()
    shown = {name: re.search(rf'id="total-{name}">([^<]+)<', html).group(1) for name in ("grand", "ppn", "shipping")}
    assert len(picked(html)) == 2
    response = client.post("/cart/checkout/", form(html, market, address, **picked(html)))
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/orders/{order.public_id}/"
    assert order.seller_orders.count() == 2 and not CartLine.objects.exists()
    assert client.session["cart_line_count"] == 0  # the header stops counting the ordered lines
    from lapak.market.catalog.templatetags.catalog_tags import rupiah

    assert shown == {"grand": rupiah(order.grand_total), "ppn": rupiah(order.ppn_total),
                     "shipping": rupiah(order.shipping_total)}  # the page quoted what placement charged
    settings.DEMO_PAYMENTS = True
    assert client.post(f"/orders/{order.public_id}/pay-demo/").status_code == 302
    html = client.get(f"/orders/{order.public_id}/").content.decode()
    order.refresh_from_db()
    assert order.status == "paid" and "Order placed" in html and 'order-status--paid">Paid<' in html


def test_a_double_click_places_one_order(cart, market, address, buyer):
    client = client_in("id", buyer)
    data = form(client.get("/cart/checkout/").content.decode(), market, address)
    first, second = client.post("/cart/checkout/", data), client.post("/cart/checkout/", data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Order.objects.count() == 1


def test_update_totals_applies_a_voucher_and_shows_the_discount(cart, market, address, buyer, make_user):
    from lapak.market.promotions.services import voucher_create
    from lapak.market.promotions.tests.conftest import terms

    voucher_create(actor=make_user(email="ops@example.test", roles=["operator"]), data=terms(code="HEMAT10"))
    client = client_in("en", buyer)
    html = client.get("/cart/checkout/").content.decode()
    response = client.post("/cart/checkout/", form(html, market, address, action="update", voucher="hemat10"))
    page = response.content.decode()
    assert response.status_code == 200 and 'id="total-platform-discount">−Rp10.000<' in page
    assert key_of(page) == key_of(html) and not Order.objects.exists()


def _refused(client, data, status):
    response = client.post("/cart/checkout/", data)
    assert response.status_code == status, response.content.decode()[:3000]
    assert not Order.objects.exists()
    return response.content.decode()


def test_every_refusal_is_shown_beside_its_field_with_nothing_written(cart, market, address, buyer, other_buyer):
    client = client_in("en", buyer)
    html = client.get("/cart/checkout/").content.decode()
    foreign = address_in(other_buyer)
    page = _refused(client, form(html, market, foreign), 422)
    assert 'id="address-errors"><li>There is no such address.' in page
    page = _refused(client, form(html, market, address, voucher="TIDAKADA"), 422)
    assert re.search(r'id="voucher-errors"><li>[^<]+', page) and 'value="TIDAKADA"' in page
    page = _refused(client, form(html, market, address, **{f"ship-{market.sari.public_id}": "jne:NOPE"}), 422)
    assert f'id="ship-{market.sari.public_id}-errors"><li>This courier service does not deliver' in page
    page = _refused(client, form(html, market, address, **{f"ship-{market.budi.public_id}": "garbage"}), 422)
    assert f'id="ship-{market.budi.public_id}-errors"><li>Choose a courier and a service' in page
    page = _refused(client, form(html, market, address, idempotency_key=""), 422)
    assert 'id="checkout-errors"' in page and "Idempotency-Key" in page


def test_a_courier_that_does_not_reach_the_address_is_refused_inline(cart, market, buyer, places, address):
    papua = address_in(buyer, JAYAPURA)
    client = client_in("en", buyer)
    html = client.get("/cart/checkout/").content.decode()
    data = form(html, market, papua, **{f"ship-{market.budi.public_id}": "sicepat:REG",
                                        f"ship-{market.sari.public_id}": "sicepat:REG"})
    page = _refused(client, data, 422)
    assert page.count("This courier service does not deliver") >= 2


def test_a_cart_that_is_not_ready_sends_the_buyer_back_to_the_cart(cart, market, address, buyer):
    from lapak.market.catalog.services import variant_update

    client = client_in("en", buyer)
    html = client.get("/cart/checkout/").content.decode()
    variant_update(variant=market.shirt, actor=market.budi_owner, data={"price": 80_000})
    for response in (client.get("/cart/checkout/"), client.post("/cart/checkout/", form(html, market, address))):
        page = response.content.decode()
        assert response.status_code == 409 and 'id="back-to-cart"' in page and 'href="/cart/"' in page
    assert not Order.objects.exists()


def test_an_empty_address_book_links_to_adding_one(cart, market, buyer):
    page = client_in("en", buyer).get("/cart/checkout/").content.decode()
    assert 'id="add-address"' in page and 'href="/accounts/addresses/new/"' in page
    assert re.search(r'id="place-order" disabled', page)


def test_an_empty_cart_places_nothing(buyer, market, address):
    response = client_in("en", buyer).get("/cart/checkout/")
    assert response.status_code == 422 and "Your cart is empty." in response.content.decode()


def test_placing_needs_the_csrf_token(cart, market, address, buyer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(buyer)
    html = client.get("/cart/checkout/").content.decode()
    assert client.post("/cart/checkout/", form(html, market, address)).status_code == 403
    assert not Order.objects.exists()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post("/cart/checkout/", form(html, market, address, csrfmiddlewaretoken=token))
    assert response.status_code == 302 and Order.objects.count() == 1
