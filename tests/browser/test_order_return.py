"""Issue 5's "done when", through the pages in Chromium: a buyer on a phone buys from two shops and pays; each
shop accepts and ships (Toko Budi books the sandbox courier, Toko Sari types JNE's receipt number); the courier
delivers; the buyer confirms Toko Sari's part and returns one shirt to Toko Budi with a photo; Toko Budi accepts
with the goods back; the buyer sends it back with the sandbox courier; its arrival requests the refund.

Screenshots land in test-artifacts/return-*.png for a person to look at. Run with `pytest -m browser`.
"""

from __future__ import annotations

import io
import os
import re
from datetime import timedelta

from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
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


def signed_in(chromium, base_url: str, user) -> tuple[object, list]:  # noqa: F811
    """A phone page whose context carries `user`'s session cookie."""
    client = Client()
    client.force_login(user)
    session = django_settings.SESSION_COOKIE_NAME
    return phone_page(chromium, base_url, cookies={session: client.cookies[session].value})


def fits(page, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width}px wide on a {PHONE['width']}px screen"


def courier_delivers(ref: str, *steps: str) -> None:
    """The courier reports `steps` for the shipment of `ref` (a seller order's or a return's public id).

    The test database is transactional (the live server's thread must see what this thread writes), so there is
    no wrapping test transaction: tracking_event_record's own atomic block commits, and its on_commit callback
    delivers the outbox event right then (the immediate task backend runs it inline) — the same path the courier's
    webhook takes. django_capture_on_commit_callbacks, which test_shipping_flow.py needs inside a test
    transaction, is not needed here; the assertions after each call prove the event arrived."""
    from lapak.market.shipping.adapters.base import TrackingUpdate
    from lapak.market.shipping.models import Shipment
    from lapak.market.shipping.services import tracking_event_record

    shipment = Shipment.objects.get(seller_order_ref=ref)
    at = timezone.now()
    for n, status in enumerate(steps):
        tracking_event_record(shipment=shipment, actor="test", update=TrackingUpdate(
            provider_event_id=f"{shipment.public_id}:{status}", status=status, occurred_at=at + timedelta(minutes=n),
            tracking_number=shipment.tracking_number))


def png_file(tmp_path) -> str:
    from PIL import Image

    path = tmp_path / "torn-shirt.png"
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 40, 40)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def seller_ships(chromium, base_url: str, owner, org, *, tracking_number: str = "") -> None:  # noqa: F811
    """The shop's owner accepts its part of the order on the desk and ships it: booked from Lapak, or, when the
    courier cannot be booked, with the number typed from the receipt."""
    from playwright.sync_api import expect

    page, errors = signed_in(chromium, base_url, owner)
    page.goto(f"{base_url}/seller/orders/{org.public_id}/")
    page.locator("#order-table").get_by_role("link", name=re.compile("^so_")).click()
    page.get_by_role("button", name="Accept", exact=True).click()
    expect(page.locator("#so-status")).to_have_text("Accepted by the seller")
    page.get_by_role("button", name="Ship the order").click()
    if tracking_number:
        expect(page.locator("#ship-form")).to_contain_text("cannot be booked from Lapak")
        page.get_by_label("Tracking number (optional)").fill(tracking_number)
        page.get_by_role("button", name="Ship the order").click()
    expect(page.locator("#so-status")).to_have_text("Shipped")
    expect(page.locator("#tracking")).to_contain_text(tracking_number or "SBX")
    fits(page, f"{org.shop_name}'s order page")
    assert not errors, errors
    page.context.close()


def test_two_shops_delivered_one_confirmed_one_returned_with_a_refund(chromium, live_server, market, address,  # noqa: F811
                                                                      buyer, settings, tmp_path):
    from playwright.sync_api import expect

    from lapak.market.checkout.models import CartLine
    from lapak.market.orders.models import Order, OrderEvent, RefundRequest, ReturnRequest, SellerOrder

    settings.DEMO_PAYMENTS = True
    base = live_server.url
    page, errors = signed_in(chromium, base, buyer)

    # 1. Two shirts from Toko Budi and a batik from Toko Sari; the sandbox courier for Toko Budi; pay (demo).
    page.goto(f"{base}/p/{market.shirt.product.public_id}/?variant={market.shirt.public_id}")
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart").click()
    expect(page).to_have_url(f"{base}/cart/")
    page.goto(f"{base}/p/{market.batik.product.public_id}/")
    page.get_by_role("button", name="Add to cart").click()
    expect(page).to_have_url(f"{base}/cart/")
    assert sorted(CartLine.objects.values_list("variant__sku", "quantity")) == sorted(
        [("KAOS-M-MERAH", 2), (market.batik.sku, 1)])
    page.get_by_role("link", name="Checkout").click()
    # Explicit choices: the cheapest (the default) is the sandbox courier for both shops.
    for shop, courier in ((market.budi, "Sandbox"), (market.sari, "JNE Reguler")):
        page.locator(f"#checkout-seller-{shop.public_id}").get_by_role("radio", name=re.compile(courier)).check()
    fits(page, "checkout")
    page.get_by_role("button", name="Place order").click()
    expect(page.locator("#order-timeline")).to_contain_text("Order placed")
    order = Order.objects.get()
    budi_so, sari_so = (SellerOrder.objects.get(order=order, seller=shop) for shop in (market.budi, market.sari))
    assert (budi_so.courier_code, sari_so.courier_code) == ("sandbox", "jne")
    page.get_by_role("button", name="Pay (demo)").click()
    expect(page.locator("#order-timeline")).to_contain_text("Paid")

    # 2. Each shop accepts and ships from its desk.
    seller_ships(chromium, base, market.budi_owner, market.budi)
    seller_ships(chromium, base, market.sari_owner, market.sari, tracking_number="JNE0012345678")

    # 3. The courier picks both parcels up and delivers them.
    for so in (budi_so, sari_so):
        courier_delivers(so.public_id, "picked_up", "delivered")
    assert set(SellerOrder.objects.filter(order=order).values_list("status", flat=True)) == {"delivered"}

    # 4. The buyer confirms Toko Sari's part and asks to return one shirt to Toko Budi, with a photo.
    page.reload()
    for so in (budi_so, sari_so):
        expect(page.locator(f"#seller-order-{so.public_id} .order-status")).to_have_text("Delivered")
    fits(page, "the delivered order")
    page.locator(f"#seller-order-{sari_so.public_id}").get_by_role("button", name="Confirm received").click()
    expect(page.locator(f"#seller-order-{sari_so.public_id} .order-status")).to_have_text("Completed")
    page.locator(f"#seller-order-{budi_so.public_id}").get_by_role("link", name="Return items").click()
    page.get_by_label("Kaos").fill("1")
    page.get_by_label("Why are you returning it?").select_option(label="Arrived damaged")
    page.get_by_label("What is wrong?").fill("The seam is torn at the shoulder.")
    page.get_by_label("Photos (up to 5)").set_input_files(png_file(tmp_path))
    fits(page, "the return form")
    page.screenshot(path=str(ARTIFACTS / "return-form.png"), full_page=True)
    page.get_by_role("button", name="Send the return request").click()
    ret = ReturnRequest.objects.get()
    card = page.locator(f"#return-{ret.public_id}")
    expect(card.locator(".return-status")).to_have_text("Waiting for the seller")

    # 5. Toko Budi opens the return, sees the photo, and accepts it with the goods back.
    desk, desk_errors = signed_in(chromium, base, market.budi_owner)
    desk.goto(f"{base}/seller/orders/{market.budi.public_id}/returns/")
    fits(desk, "the seller's returns")
    desk.get_by_role("link", name=ret.public_id).click()
    photo = desk.locator("#return-photos img").first
    photo.scroll_into_view_if_needed()  # the image is lazy
    expect(photo).to_be_visible()
    desk.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
    assert desk.evaluate("document.querySelector('#return-photos img').naturalWidth") > 0
    fits(desk, "the seller's return page")
    desk.screenshot(path=str(ARTIFACTS / "return-seller-detail.png"), full_page=True)
    desk.get_by_label("The buyer sends them back; the refund follows when they arrive").check()
    desk.get_by_role("button", name="Accept", exact=True).click()
    expect(desk.locator("#return-status")).to_have_text("Accepted")
    assert not desk_errors, desk_errors
    desk.context.close()

    # 6. The buyer sends it back with the sandbox courier; its arrival at the shop requests the refund.
    page.reload()
    card.get_by_role("button", name="Send it back").click()
    expect(card.locator(".return-status")).to_have_text("On its way back to the seller")
    expect(card.locator(".return-tracking")).to_contain_text("SBX")
    courier_delivers(ret.public_id, "picked_up", "delivered")
    page.reload()
    expect(card.locator(".return-status")).to_have_text("Refund on its way")
    timeline = page.locator("#order-timeline")
    for step in ("Return requested", "The seller accepted the return", "The return is on its way back to the seller",
                 "Return parcel: Delivered", "Refund requested"):
        expect(timeline).to_contain_text(step)
    fits(page, "the order page after the refund")
    page.screenshot(path=str(ARTIFACTS / "return-order-refunded.png"), full_page=True)
    assert not errors, errors
    page.context.close()

    shirt_line = budi_so.lines.get()
    refund = RefundRequest.objects.get()
    assert (refund.return_request_id, refund.amount) == (ret.pk, shirt_line.unit_price)  # one of two: no shipping
    assert SellerOrder.objects.get(pk=sari_so.pk).status == "completed"
    kinds = set(OrderEvent.objects.filter(order=order, kind="return").values_list("to_status", flat=True))
    assert {"requested", "accepted", "shipped_back", "refund_requested"} <= kinds
