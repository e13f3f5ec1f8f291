"""Issue 8's "done when", on the demo data with real parts: the demo creator (@rizky, kreator@demo.lapak.id) has
posted a video tagging two products and is live with a pinned product; the demo buyer taps a product in each
(social's /go/ redirect → the marketplace's /handoff/ landing → the product page), buys both in one order, pays by
QRIS through the sandbox gateway, both shops ship with the sandbox courier, the buyer confirms; past the return
window the escrow release pays the creator's commission into the ledger and the studio shows it; a refund claws
it back. The ledger balances after every step."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.test import Client
from django.utils import timezone, translation

from lapak.accounts.models import User
from lapak.accounts.tests.address_support import address_data
from lapak.core.money import Money
from lapak.demo.seeders.accounts import DEMO_DOMAIN
from lapak.demo.seeders.catalog import SECOND_SHOP_OWNER, demo_shop
from lapak.demo.seeders.social import LIVE_TITLE
from lapak.demo.tests.demo_money_support import Api, books_ok, courier_runs, demo_seed, forward
from lapak.gateway_sandbox.tests.conftest import receiver  # noqa: F401  (a fixture)
from lapak.market.catalog.models import Variant
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.orders.models import OrderLine, SellerOrder
from lapak.market.orders.services.completion import complete_after
from lapak.market.payments.tests.test_sandbox_integration import sandbox  # noqa: F401  (a fixture)
from lapak.regions.models import Region
from lapak.social.models import LiveSession, Post

pytestmark = pytest.mark.django_db(databases=["default", "social"])
SANDBOX_COURIER = {"courier": "sandbox", "service": "REG"}


@pytest.fixture
def demo(regions):  # the regions, loaded once per session (demo/tests/conftest.py)
    demo_seed()
    return {"buyer": User.objects.get(email=f"pembeli@{DEMO_DOMAIN}"),
            "creator": User.objects.get(email=f"kreator@{DEMO_DOMAIN}"),
            "shops": [demo_shop(), demo_shop(SECOND_SHOP_OWNER)]}


def tap(browser: Client, path: str) -> str:
    """A tap on a tagged or pinned product: social's redirect, then the marketplace's landing. The product id."""
    hop = browser.get(path)
    assert hop.status_code == 302 and hop["Location"].startswith("/handoff/?t="), (path, hop.status_code)
    landed = browser.get(hop["Location"])
    assert landed.status_code == 302 and landed["Location"].startswith("/p/prd_"), landed.status_code
    return landed["Location"].split("/")[2]


def creator_payable(user: User) -> int:
    return ledger_balance(kind=AccountKind.CREATOR_PAYABLE, owner_ref=user.public_id)


def test_a_buyer_buys_through_a_post_and_a_live_and_the_creator_earns_then_gives_back(
        demo, sandbox, receiver, django_capture_on_commit_callbacks, settings):  # noqa: F811
    api = Api(django_capture_on_commit_callbacks)
    buyer, creator = demo["buyer"], demo["creator"]
    owners = {shop.public_id: owner for shop, owner in demo["shops"]}
    post = Post.objects.get(creator__account=creator.public_id, kind=Post.Kind.VIDEO)
    live = LiveSession.objects.get(title=LIVE_TITLE)
    assert post.status == Post.Status.PUBLISHED and post.poster and post.tags.count() == 2
    assert live.status == LiveSession.Status.LIVE
    [pin] = live.pins.filter(unpinned_at=None)

    browser = Client()
    browser.force_login(buyer)
    from_post = tap(browser, f"/go/post/{post.public_id}/{post.tags.order_by('position')[0].product_id}/")
    from_live = tap(browser, f"/go/live/{live.public_id}/{pin.product_id}/")
    assert from_live == pin.product_id and from_post != from_live
    bought = {}
    for product_id in (from_post, from_live):
        variant = Variant.objects.filter(product__public_id=product_id, is_active=True).order_by("pk").first()
        api(buyer, "post", "/cart/lines", {"variant": variant.public_id, "quantity": 1})
        bought[product_id] = variant
    village = Region.objects.filter(level=4).exclude(postcode="").order_by("code").first()
    address = api(buyer, "post", "/auth/addresses", address_data(region_code=village.code, postcode=village.postcode))
    sellers = {v.seller.public_id for v in bought.values()}
    order = api(buyer, "post", "/cart/checkout", {"address": address["id"], "vouchers": [],
                                                  "shipping": dict.fromkeys(sellers, SANDBOX_COURIER)})
    lines = {line.variant.product.public_id: line for line in OrderLine.objects.select_related(
        "variant__product").filter(seller_order__order__public_id=order["id"])}
    assert {p: (line.attribution_creator, line.attribution_source) for p, line in lines.items()} == {
        from_post: (creator.public_id, "post"), from_live: (creator.public_id, "live")}
    # The open rate (10 %) on the post's product; the invitation the creator accepted (15 %) on the live's.
    assert {p: line.attribution_rate_bps for p, line in lines.items()} == {from_post: 1_000, from_live: 1_500}

    page = Client()
    page.force_login(buyer)
    assert page.post(f"/pay/{order['id']}/", {"method": "qris"}).status_code == 302
    intent = api(buyer, "get", f"/payments/orders/{order['id']}/intents/current")
    assert forward(api, receiver, gateway_order=intent["gateway_order_id"]) == ["no_change"]
    sandbox.post(f"/pay/{intent['gateway_order_id']}")
    assert forward(api, receiver, gateway_order=intent["gateway_order_id"]) == ["paid"]
    books_ok()
    for so in order["seller_orders"]:
        base = f"/orders/seller/{so['seller']}/orders/{so['id']}"
        api(owners[so["seller"]], "post", f"{base}/accept")
        api(owners[so["seller"]], "post", f"{base}/ship", {})
    courier_runs(api, start=timezone.now())
    for so in api(buyer, "get", f"/orders/{order['id']}")["seller_orders"]:
        assert so["status"] == "delivered"
        api(buyer, "post", f"/orders/{order['id']}/seller-orders/{so['id']}/confirm")
    assert creator_payable(creator) == 0  # earned only once the escrow is released
    books_ok()

    # Past the return windows (the demo's fast-forward): the escrow release pays the creator.
    deadline = SellerOrder.objects.filter(order__public_id=order["id"]).aggregate(last=Max("return_deadline"))["last"]
    settings.DEMO_PAYMENTS = True
    days = (max(deadline, timezone.now() + complete_after()) - timezone.now()).days + 1
    call_command("demo_fast_forward", days=days, stdout=StringIO())
    expected = sum(line.unit_price * line.quantity * line.attribution_rate_bps // 10_000 for line in lines.values())
    assert expected > 0 and creator_payable(creator) == expected
    books_ok()
    studio = Client()
    studio.force_login(creator)
    with translation.override("en"):
        shown = studio.get("/studio/earnings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert Money(expected, "IDR").format("en") in shown, Money(expected, "IDR").format("en")

    # A refund after release (Lapak refunds the live's product): the creator gives back their share.
    from lapak.market.orders.services.refunds import refund_request_add
    from lapak.market.payments.services.refunds import refund_execute

    live_part = SellerOrder.objects.get(pk=lines[from_live].seller_order_id)
    refund = refund_execute(refund_request=refund_request_add(seller_order=live_part,
                                                               amount=lines[from_live].line_total))
    assert refund.status == "paid"
    assert 0 <= creator_payable(creator) < expected
    books_ok()
    out = StringIO()
    with translation.override("en"):
        call_command("demo_fast_forward", days=1, stdout=out)
    assert json.loads(out.getvalue())["released"] == 0  # nothing is released twice
