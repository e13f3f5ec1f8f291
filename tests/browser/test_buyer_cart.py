"""A buyer on a phone picks a variant (htmx), adds it to the cart, sees the cart grouped by seller, changes the
quantity with an inline error, and accepts a new price.

Screenshots land in test-artifacts/cart-*.png for a person to look at. Run with `pytest -m browser`.
"""

from __future__ import annotations

import os

from phone import MARKS, PHONE, phone_page
from test_smoke import ARTIFACTS, chromium  # noqa: F401  (the shared Chromium launch and fixture)

from lapak.market.catalog.tests import buyer_fixtures
from lapak.market.sellers.tests import conftest as sellers_fixtures

catalogue = buyer_fixtures.catalogue
build, people, region_tree = sellers_fixtures.build, sellers_fixtures.people, sellers_fixtures.region_tree

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = MARKS


def test_add_the_picked_variant_then_fix_the_cart(chromium, live_server, catalogue):  # noqa: F811
    from playwright.sync_api import expect

    from lapak.market.catalog.services import variant_update
    from lapak.market.checkout.models import CartLine

    page, errors = phone_page(chromium, live_server.url)

    page.goto(f"{live_server.url}/p/{catalogue.shirt.public_id}/")
    page.get_by_role("group", name="Size").get_by_role("link", name="L", exact=True).click()  # htmx swap
    expect(page.locator("#product-price")).to_have_text("Rp80.000")
    page.get_by_label("Quantity").fill("2")
    page.screenshot(path=str(ARTIFACTS / "cart-product-page.png"), full_page=True)
    page.get_by_role("button", name="Add to cart").click()

    expect(page).to_have_url(f"{live_server.url}/cart/")
    line = CartLine.objects.get()
    assert (line.variant.sku, line.quantity) == ("KAOS-L-MERAH", 2)  # the variant picked after the swap
    expect(page.get_by_role("heading", level=2, name="Toko Budi")).to_be_visible()
    expect(page.locator("#cart-total")).to_have_text("Rp160.000")
    expect(page.locator("#cart-link-count")).to_have_text("1")

    page.get_by_label("Quantity").fill("9")
    page.get_by_role("button", name="Update").click()
    expect(page.locator(f"#qty-{line.variant.public_id}-errors")).to_have_text("Only 3 left.")
    page.screenshot(path=str(ARTIFACTS / "cart-error.png"), full_page=True)

    variant_update(variant=line.variant, actor=catalogue.owner, data={"price": 82_000})
    page.goto(f"{live_server.url}/cart/")
    expect(page.get_by_text("Price went up from Rp80.000 to Rp82.000")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "cart-price-change.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the flagged cart is {width}px wide on a {PHONE['width']}px screen"
    page.get_by_role("button", name="Accept new price").click()
    expect(page.get_by_text("The new prices are accepted.")).to_be_visible()
    expect(page.locator("#cart-total")).to_have_text("Rp164.000")
    page.screenshot(path=str(ARTIFACTS / "cart.png"), full_page=True)

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the cart is {width}px wide on a {PHONE['width']}px screen"
    assert not errors, errors
    page.context.close()
