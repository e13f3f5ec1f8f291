"""The cart pages: adding from the product page, the cart in both languages, inline errors, CSRF, merge on
sign-in, and the header count that costs no query."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.checkout.models import Cart, CartLine

pytestmark = pytest.mark.django_db


def add(client, variant, quantity="1", next_url=""):
    return client.post("/cart/add/", {"variant": variant.public_id, "quantity": quantity, "next": next_url})


def test_anonymous_add_opens_a_session_cart_and_shows_it(catalogue):
    client = client_in("id")
    response = add(client, catalogue.variants["KAOS-M-MERAH"], "2")
    assert response.status_code == 302 and response["Location"] == "/cart/"
    cart = Cart.objects.get()
    assert cart.user is None and client.session["cart_token"] == cart.token
    html = client.get("/cart/").content.decode()
    assert '<html lang="id">' in html and "Toko Budi" in html and "Kaos Katun Lengan Pendek" in html
    assert "(M / Merah)" in html and 'id="cart-total">Rp150.000<' in html
    assert re.search(r'<a class="btn btn--primary btn--block" href="/cart/checkout/" id="checkout-link">', html)
    assert 'id="cart-link-count">1<' in html


def test_the_cart_in_english_with_flags_and_the_accept_action(catalogue, buyer):
    from lapak.market.catalog.services import listing_transition, variant_update

    client = client_in("en", buyer)
    add(client, catalogue.variants["KAOS-M-MERAH"], "2")
    add(client, catalogue.tea.variants.get())
    variant_update(variant=catalogue.variants["KAOS-M-MERAH"], actor=catalogue.owner, data={"price": 80_000})
    html = client.get("/cart/").content.decode()
    assert '<html lang="en">' in html and "Your cart" in html
    assert "Price went up from Rp75.000 to Rp80.000" in html and "Accept new price" in html
    assert 'id="cart-total">Rp280.000<' in html and "Fix the marked products first." in html
    variant = catalogue.variants["KAOS-M-MERAH"].public_id
    response = client.post("/cart/accept/", {"accept": f"{variant}:80000"})
    assert response.status_code == 302
    html = client.get("/cart/").content.decode()
    assert "Price went up" not in html and "The new prices are accepted." in html
    listing_transition(product=catalogue.tea, actor=catalogue.owner, to="paused")
    html = client.get("/cart/").content.decode()
    assert "No longer for sale. Remove it to check out." in html and 'id="cart-total">Rp160.000<' in html


def test_accepting_a_price_that_moved_again_says_so_and_changes_nothing(catalogue, buyer):
    from lapak.market.catalog.services import variant_update

    client = client_in("en", buyer)
    add(client, catalogue.variants["KAOS-M-MERAH"])
    variant_update(variant=catalogue.variants["KAOS-M-MERAH"], actor=catalogue.owner, data={"price": 99_000})
    variant = catalogue.variants["KAOS-M-MERAH"].public_id
    response = client.post("/cart/accept/", {"accept": f"{variant}:80000"})
    assert response.status_code == 409
    assert "A price changed again." in response.content.decode()
    assert CartLine.objects.get().unit_price == 75_000
    assert client.post("/cart/accept/", {"accept": "garbage"}).status_code == 422


@pytest.mark.parametrize("language, quantity, message", [
    ("en", "abc", "Enter a whole number."), ("en", "11", "Only 10 left."), ("en", "-1", "Enter 0 or more."),
    ("id", "99999", None),
])
def test_a_refused_quantity_is_shown_beside_its_line(catalogue, buyer, language, quantity, message):
    client = client_in(language, buyer)
    add(client, catalogue.variants["KAOS-M-MERAH"])
    variant = catalogue.variants["KAOS-M-MERAH"].public_id
    response = client.post(f"/cart/lines/{variant}/", {"quantity": quantity})
    html = response.content.decode()
    assert response.status_code == 422
    errors = re.search(rf'<ul class="field__errors" id="qty-{variant}-errors"><li>(.*?)</li>', html)
    assert errors, html
    if message:
        assert errors.group(1) == message
    assert f'value="{quantity}"' in html and 'aria-invalid="true"' in html
    assert CartLine.objects.get().quantity == 1


def test_update_and_remove(catalogue, buyer):
    client = client_in("en", buyer)
    add(client, catalogue.variants["KAOS-M-MERAH"])
    variant = catalogue.variants["KAOS-M-MERAH"].public_id
    assert client.post(f"/cart/lines/{variant}/", {"quantity": "3"}).status_code == 302
    assert CartLine.objects.get().quantity == 3
    assert client.post(f"/cart/lines/{variant}/remove/").status_code == 302
    assert not CartLine.objects.exists()
    html = client.get("/cart/").content.decode()
    assert "Your cart is empty." in html and 'id="cart-link-count"' not in html
    assert client.post(f"/cart/lines/{variant}/remove/").status_code == 404


def test_a_refused_add_goes_back_to_the_product_page_with_the_reason(catalogue):
    client = client_in("en")
    product_url = f"/p/{catalogue.shirt.public_id}/?variant={catalogue.variants['KAOS-L-BIRU'].public_id}"
    response = add(client, catalogue.variants["KAOS-L-BIRU"], "1", next_url=product_url)
    assert response.status_code == 302 and response["Location"] == product_url
    html = client.get(product_url).content.decode()
    assert "This product is out of stock." in html
    # An off-site "next" is ignored: the cart page shows the reason instead.
    response = add(client, catalogue.variants["KAOS-L-BIRU"], "1", next_url="https://evil.example/")
    assert response.status_code == 422 and "This product is out of stock." in response.content.decode()
    # A refused add opens no cart and leaves no token behind.
    assert not Cart.objects.exists() and "cart_token" not in client.session


def test_posts_need_a_csrf_token(catalogue):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/cart/add/", {"variant": catalogue.variants["KAOS-M-MERAH"].public_id, "quantity": "1"})
    assert response.status_code == 403
    assert not Cart.objects.exists()


def test_the_product_page_form_adds_the_chosen_variant(catalogue):
    client = Client(enforce_csrf_checks=True)
    html = client.get(f"/p/{catalogue.shirt.public_id}/?variant={catalogue.variants['KAOS-L-MERAH'].public_id}"
                      ).content.decode()
    form = {name: value for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', html)}
    assert form["variant"] == catalogue.variants["KAOS-L-MERAH"].public_id
    response = client.post("/cart/add/", {**form, "quantity": "2"})
    assert response.status_code == 302
    assert CartLine.objects.get().variant == catalogue.variants["KAOS-L-MERAH"]


def test_the_anonymous_cart_merges_into_the_buyers_on_the_first_request_after_sign_in(catalogue, buyer):
    from lapak.market.checkout.services import cart_line_add, cart_open

    mine = cart_open(user=buyer)
    cart_line_add(cart=mine, variant_id=catalogue.variants["KAOS-M-MERAH"].public_id, quantity=1)
    client = client_in("en")
    add(client, catalogue.variants["KAOS-M-MERAH"], "2")
    add(client, catalogue.tea.variants.get())
    client.force_login(buyer)  # django.contrib.auth.login keeps the session's data
    assert Cart.objects.count() == 2  # nothing merges at sign-in itself
    html = client.get("/cart/").content.decode()
    assert Cart.objects.get() == mine and "cart_token" not in client.session
    assert dict(CartLine.objects.values_list("variant__sku", "quantity")) == {"KAOS-M-MERAH": 3, "TEH-100": 1}
    assert 'id="cart-link-count">2<' in html


def test_the_header_count_costs_no_query(catalogue, buyer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_in("en", buyer)
    with CaptureQueriesContext(connection) as before:
        html = client.get("/").content.decode()
    assert 'id="cart-link"' in html and 'id="cart-link-count"' not in html
    add(client, catalogue.variants["KAOS-M-MERAH"])
    client.get("/cart/")  # where the add redirects: the cart page keeps the count in the session
    with CaptureQueriesContext(connection) as after:
        html = client.get("/").content.decode()
    assert 'id="cart-link-count">1<' in html
    assert len(after) == len(before)
    assert not [q for q in after.captured_queries if "checkout_" in q["sql"]]
