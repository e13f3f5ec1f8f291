"""A buyer on a phone opens a product and picks variants: price and stock change in place (htmx), the address
follows the choice, and the page still fits the screen.

Screenshots land in test-artifacts/buyer-*.png for a person to look at. Run with `pytest -m browser`.
"""

from __future__ import annotations

import os

from phone import MARKS, PHONE, phone_page
from test_smoke import ARTIFACTS, chromium  # noqa: F401  (the shared Chromium launch and fixture)

from lapak.market.catalog.tests import buyer_fixtures
from lapak.market.sellers.tests import conftest as sellers_fixtures

# The catalogue and the verified shop behind it, built through the real services (see buyer_fixtures).
catalogue = buyer_fixtures.catalogue
build, people, region_tree = sellers_fixtures.build, sellers_fixtures.people, sellers_fixtures.region_tree

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = MARKS


def test_picking_a_variant_updates_price_and_stock(chromium, live_server, catalogue):  # noqa: F811
    from playwright.sync_api import expect

    page, errors = phone_page(chromium, live_server.url)

    page.goto(f"{live_server.url}/p/{catalogue.shirt.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kaos Katun Lengan Pendek")
    price, stock = page.locator("#product-price"), page.locator("#product-stock")
    expect(price).to_have_text("Rp75.000")
    expect(stock).to_have_text("In stock")
    page.screenshot(path=str(ARTIFACTS / "buyer-product.png"), full_page=True)

    sizes = page.get_by_role("group", name="Size")
    sizes.get_by_role("link", name="L", exact=True).click()  # keeps Merah: L/Merah, 3 left
    expect(price).to_have_text("Rp80.000")
    expect(stock).to_have_text("Only 3 left")
    expect(page).to_have_url(f"{live_server.url}/p/{catalogue.shirt.public_id}/"
                             f"?variant={catalogue.variants['KAOS-L-MERAH'].public_id}")
    chosen = sizes.get_by_role("link", name="L", exact=True)
    expect(chosen).to_have_attribute("aria-current", "true")
    expect(chosen).to_be_focused()  # the swapped-in link takes the focus back (htmx keeps it by id)

    page.get_by_role("group", name="Colour").get_by_role("link", name="Biru").click()  # L/Biru, none left
    expect(price).to_have_text("Rp85.000")
    expect(stock).to_have_text("Out of stock")
    page.screenshot(path=str(ARTIFACTS / "buyer-product-out-of-stock.png"), full_page=True)

    # Back restores the previous choice (htmx fetches the whole page for history, not the fragment).
    page.go_back()
    expect(price).to_have_text("Rp80.000")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kaos Katun Lengan Pendek")
    page.go_forward()
    expect(stock).to_have_text("Out of stock")

    # The swap is in place: still one page, one title, and nothing scrolls sideways on a phone.
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert errors == []
    page.context.close()
