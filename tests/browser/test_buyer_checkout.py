"""A signed-in buyer on a phone adds a product to the cart, checks out (address, courier, totals with PPN),
places the order, sees its timeline, and pays with the demo payment.

Screenshots land in test-artifacts/checkout-*.png for a person to look at. Run with `pytest -m browser`.
"""

from __future__ import annotations

import os

from django.conf import settings as django_settings
from django.test import Client
from phone import MARKS, PHONE, phone_page
from test_smoke import ARTIFACTS, chromium  # noqa: F401  (the shared Chromium launch and fixture)

from lapak.market.checkout.tests import conftest as cart_fixtures
from lapak.market.orders.tests import support

build, people, region_tree, catalogue, buyer, shops = (
    cart_fixtures.build, cart_fixtures.people, cart_fixtures.region_tree, cart_fixtures.catalogue,
    cart_fixtures.buyer, cart_fixtures.shops)
places, couriers, address, market = support.places, support.couriers, support.address, support.market

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = MARKS


def test_cart_to_checkout_to_a_placed_order_with_its_timeline(chromium, live_server, market, address, buyer,  # noqa: F811
                                                            settings):
    from playwright.sync_api import expect

    from lapak.market.orders.models import Order

    settings.DEMO_PAYMENTS = True
    signed_in = Client()
    signed_in.force_login(buyer)
    session = django_settings.SESSION_COOKIE_NAME
    page, errors = phone_page(chromium, live_server.url, cookies={session: signed_in.cookies[session].value})

    page.goto(f"{live_server.url}/p/{market.batik.product.public_id}/")
    page.get_by_role("button", name="Add to cart").click()
    expect(page).to_have_url(f"{live_server.url}/cart/")
    page.get_by_role("link", name="Checkout").click()

    expect(page).to_have_url(f"{live_server.url}/cart/checkout/")
    expect(page.get_by_role("heading", level=2, name="Toko Sari")).to_be_visible()
    expect(page.locator("#total-goods")).to_have_text("Rp250.000")
    expect(page.locator("#total-ppn")).to_contain_text("Rp")
    page.screenshot(path=str(ARTIFACTS / "checkout.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"checkout is {width}px wide on a {PHONE['width']}px screen"
    page.get_by_role("button", name="Place order").click()

    expect(page.locator("#order-timeline")).to_contain_text("Order placed")
    order = Order.objects.get()
    assert page.url == f"{live_server.url}/orders/{order.public_id}/"
    page.screenshot(path=str(ARTIFACTS / "checkout-order.png"), full_page=True)
    page.get_by_role("button", name="Pay (demo)").click()
    expect(page.locator("#order-timeline")).to_contain_text("Paid")
    order.refresh_from_db()
    assert order.status == "paid"
    page.screenshot(path=str(ARTIFACTS / "checkout-order-paid.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the order page is {width}px wide on a {PHONE['width']}px screen"
    assert not errors, errors
    page.context.close()
