"""Issue 6's "done when", on the demo data with real parts: the demo buyer (pembeli@demo.lapak.id) buys from both
demo shops twice, pays one order by QRIS on Lapak's pay page and one by a BCA virtual account through the API,
each paid on the sandbox gateway (served in-process, its notifications handed to Lapak's webhook byte for byte);
both sellers accept and ship through the seller API, the sandbox courier's tracking delivers; the buyer confirms
one parcel, returns goods from two others (the seller accepts: the QRIS order's refund goes back through the
gateway, the virtual account order's to the buyer's bank account, marked paid on the operators' page), the
auto-complete closes the rest; past the return windows the escrows are released, and `manage.py payout_batch`
pays both shops through the sandbox's disbursements. The ledger balances after every step."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Max
from django.test import Client
from django.utils import timezone, translation

from lapak.accounts.models import User
from lapak.accounts.tests.address_support import address_data
from lapak.demo.seeders.accounts import DEMO_DOMAIN
from lapak.demo.seeders.catalog import SECOND_SHOP_OWNER, demo_shop
from lapak.demo.tests.demo_money_support import Api, books_ok, courier_runs, demo_seed, forward
from lapak.gateway_sandbox.tests.conftest import receiver  # noqa: F401  (a fixture)
from lapak.market.catalog.models import Variant
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import Account
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.orders.models import RefundRequest, SellerOrder
from lapak.market.orders.services.completion import complete_after, seller_orders_auto_complete
from lapak.market.payments.models_payouts import Payout
from lapak.market.payments.services.payouts import payout_hold_reasons
from lapak.market.payments.services.refunds import refunds_execute_due
from lapak.market.payments.services.release import escrows_release_due
from lapak.market.payments.tests.test_sandbox_integration import sandbox  # noqa: F401  (a fixture)
from lapak.market.sellers.identity import bank_number_read
from lapak.market.sellers.selectors import payout_account
from lapak.regions.models import Region

pytestmark = pytest.mark.django_db(databases=["default", "social"])
SANDBOX_COURIER = {"courier": "sandbox", "service": "REG"}


@pytest.fixture
def demo(regions):  # the regions, loaded once per session (demo/tests/conftest.py)
    demo_seed()
    shops = [demo_shop(), demo_shop(SECOND_SHOP_OWNER)]
    return {"buyer": User.objects.get(email=f"pembeli@{DEMO_DOMAIN}"),
            "operator": User.objects.get(email=f"operator@{DEMO_DOMAIN}"), "shops": shops}


def goods(shop) -> list[Variant]:
    """Two of the shop's listings a buyer can buy two of, at Rp 50,000 or more (so a payout clears the minimum)."""
    found = (Variant.objects.filter(seller=shop, is_active=True, product__status="active", price__gte=50_000,
                                    stocks__quantity__gte=4).distinct().order_by("sku"))
    assert found.count() >= 2, shop
    return list(found[:2])


def payable(shop) -> int:
    return ledger_balance(kind=AccountKind.SELLER_PAYABLE, owner_ref=shop.public_id)


def test_the_demo_shops_can_be_paid_out(demo):
    for shop, owner in demo["shops"]:
        assert payout_hold_reasons(shop, now=timezone.now()) == [], shop
        account = payout_account(shop)
        assert account is not None and account.created_by_id == owner.pk and account.reviewed_by is not None
        assert not bank_number_read(account, actor="system:test", purpose="demo_data_test").startswith("000")
    demo_seed()  # a second run leaves them payable
    assert all(payout_hold_reasons(shop, now=timezone.now()) == [] for shop, _owner in demo["shops"])


def test_fast_forward_is_for_demos_only(settings):
    settings.DEBUG, settings.DEMO_PAYMENTS = False, False
    with pytest.raises(CommandError, match="only in a demo"):
        call_command("demo_fast_forward", days=7)


def test_pay_ship_release_pay_out_and_refund_in_the_demo(demo, sandbox, receiver,  # noqa: F811
                                                         django_capture_on_commit_callbacks, settings):
    api = Api(django_capture_on_commit_callbacks)
    buyer, operator = demo["buyer"], demo["operator"]
    (shop1, owner1), (shop2, owner2) = demo["shops"]
    owners = {shop1.public_id: owner1, shop2.public_id: owner2}
    village = Region.objects.filter(level=4).exclude(postcode="").order_by("code").first()
    address = api(buyer, "post", "/auth/addresses", address_data(region_code=village.code,
                                                                 postcode=village.postcode))
    items = {shop1.public_id: goods(shop1), shop2.public_id: goods(shop2)}
    orders = []
    for n in (0, 1):  # order A, then order B: two of a listing from each demo shop
        for variants in items.values():
            api(buyer, "post", "/cart/lines", {"variant": variants[n].public_id, "quantity": 2})
        order = api(buyer, "post", "/cart/checkout", {"address": address["id"], "vouchers": [],
                                                      "shipping": dict.fromkeys(items, SANDBOX_COURIER)})
        assert {so["seller"] for so in order["seller_orders"]} == set(items) and order["status"] == "awaiting_payment"
        orders.append(order)
    a, b = orders
    books_ok()

    # A: QRIS, chosen on Lapak's pay page; the buyer "scans" it on the sandbox's page.
    page = Client()
    page.force_login(buyer)
    assert page.post(f"/pay/{a['id']}/", {"method": "qris"}).status_code == 302
    intent_a = api(buyer, "get", f"/payments/orders/{a['id']}/intents/current")
    assert intent_a["method"] == "qris" and intent_a["qr_string"].startswith("000201")
    shown = page.get(f"/pay/{a['id']}/")  # the QR code, and the link to the sandbox gateway's page
    assert shown.status_code == 200 and f"/pay/{intent_a['gateway_order_id']}" in shown.content.decode()
    # B: a BCA virtual account, chosen through the API; the buyer pays it on the sandbox's page too.
    intent_b = api(buyer, "post", f"/payments/orders/{b['id']}/intents", {"method": "va", "bank": "bca"})
    assert intent_b["va_number"] and intent_b["amount"] == b["grand_total"]
    for intent in (intent_a, intent_b):
        assert forward(api, receiver, gateway_order=intent["gateway_order_id"]) == ["no_change"]  # "pending"
        assert sandbox.get(f"/pay/{intent['gateway_order_id']}").status_code == 200
        sandbox.post(f"/pay/{intent['gateway_order_id']}")  # the demo buyer presses "Pay"
        assert forward(api, receiver, gateway_order=intent["gateway_order_id"]) == ["paid"]
        books_ok()
    assert {api(buyer, "get", f"/orders/{o['id']}")["status"] for o in orders} == {"paid"}
    assert ledger_balance(kind=AccountKind.ESCROW, owner_ref=a["seller_orders"][0]["id"]) > 0

    # Each seller accepts and ships (the sandbox courier is booked); the courier delivers.
    for order in orders:
        for so in order["seller_orders"]:
            base = f"/orders/seller/{so['seller']}/orders/{so['id']}"
            api(owners[so["seller"]], "post", f"{base}/accept")
            assert api(owners[so["seller"]], "post", f"{base}/ship", {})["status"] == "shipped"
    seller_page = Client()
    seller_page.force_login(owner1)
    assert seller_page.get(f"/seller/orders/{shop1.public_id}/{a['seller_orders'][0]['id']}/").status_code == 200
    books_ok()
    courier_runs(api, start=timezone.now())
    parts = {(o["id"], so["seller"]): so for o in orders for so in api(buyer, "get", f"/orders/{o['id']}")[
        "seller_orders"]}
    assert {so["status"] for so in parts.values()} == {"delivered"}
    books_ok()

    # A, shop 1: the buyer confirms receipt. A, shop 2: returns one unit, kept by the buyer (the seller's
    # choice): refunded through the gateway. B, shop 1: returns one unit by courier: refunded to a bank account.
    a1, a2, b1 = parts[a["id"], shop1.public_id], parts[a["id"], shop2.public_id], parts[b["id"], shop1.public_id]
    api(buyer, "post", f"/orders/{a['id']}/seller-orders/{a1['id']}/confirm")
    returns = {}
    for order, so, shop, goods_back in ((a, a2, shop2, False), (b, b1, shop1, True)):
        variant = so["lines"][0]["variant"]
        ret = api(buyer, "post", f"/orders/{order['id']}/seller-orders/{so['id']}/returns", {
            "lines": [{"variant": variant, "quantity": 1}], "reason": "wrong_item",
            "description": "Warnanya beda dengan foto."})
        api(owners[shop.public_id], "post", f"/orders/seller/{shop.public_id}/returns/{ret['id']}/accept",
            {"goods_back": goods_back})
        returns[so["id"]] = ret
    sent = api(buyer, "post", f"/orders/returns/{returns[b1['id']]['id']}/ship-back", {})
    assert sent["status"] == "shipped_back"
    courier_runs(api, start=timezone.now() + timedelta(minutes=10))
    for ret in returns.values():
        assert api(buyer, "get", f"/orders/returns/{ret['id']}")["status"] == "refund_requested"
    books_ok()

    assert refunds_execute_due() == {"paid": 1, "failed": 0, "waiting": 1}  # the periodic job's run
    refund_a = RefundRequest.objects.get(seller_order__public_id=a2["id"])
    assert refund_a.status == "paid" and refund_a.route == "gateway"
    recorded = sandbox.get(f"/_control/{intent_a['gateway_order_id']}").json()["refunds"]
    assert [(r["refund_key"], r["amount"]) for r in recorded] == [(refund_a.public_id, refund_a.amount)]
    assert forward(api, receiver, gateway_order=intent_a["gateway_order_id"]) == ["no_change"]  # partial_refund
    books_ok()
    refund_b = api(buyer, "get", f"/payments/orders/{b['id']}/refunds")[0]
    assert refund_b["status"] == "awaiting_bank_account"
    api(buyer, "post", f"/payments/refunds/{refund_b['id']}/bank-account",
        {"bank_code": "bca", "account_number": "8800112233", "holder_name": "Siti Pembeli"})
    ops = Client()
    ops.force_login(operator)
    assert ops.get(f"/operations/payments/refunds/{refund_b['id']}/").status_code == 200
    done = ops.post(f"/operations/payments/refunds/{refund_b['id']}/paid/", {"transfer_ref": "BCA-DEMO-1"})
    assert done.status_code == 302
    assert {r["status"] for o in orders for r in api(buyer, "get", f"/payments/orders/{o['id']}/refunds")} == {
        "paid"}
    books_ok()

    # Time passes (the demo's `manage.py demo_fast_forward`, the scheduler's jobs run with a later `now`): past
    # every return window the auto-complete closes the parcels the buyer did not confirm, and the escrow release
    # pays the shops' payables (what is left after the refunds).
    deadline = SellerOrder.objects.aggregate(last=Max("return_deadline"))["last"]
    days = (max(deadline, timezone.now() + complete_after()) - timezone.now()).days + 1
    assert escrows_release_due()["released"] == 0 and seller_orders_auto_complete() == 0  # not yet
    settings.DEMO_PAYMENTS = True
    out = StringIO()
    call_command("demo_fast_forward", days=days, stdout=out)
    assert json.loads(out.getvalue()) | {"as_of": ""} == {"as_of": "", "completed": 3, "released": 4, "skipped": 0}
    assert payable(shop1) > 50_000 and payable(shop2) > 50_000
    books_ok()

    # The daily payout batch (here by hand, as in the demo) pays both shops through the sandbox.
    out = StringIO()
    call_command("payout_batch", stdout=out)
    assert json.loads(out.getvalue()) | {"sending": 0} == {"created": 2, "held": 0, "paid": 2, "failed": 0,
                                                           "returned": 0, "sending": 0}
    for shop, _owner in demo["shops"]:
        payout = Payout.objects.get(seller=shop)
        assert payout.status == "paid" and payable(shop) == 0
        status = sandbox.get(f"/api/v1/payouts/{payout.gateway_ref}", auth=(settings.MIDTRANS_SERVER_KEY, ""))
        assert status.json()["status"] == "completed" and status.json()["amount"] == f"{payout.amount}.00"
        assert status.json()["beneficiary_account"] == bank_number_read(
            payout_account(shop), actor="system:test", purpose="demo_data_test")
        # The sandbox's callback arrives after our own read said "completed": nothing happens twice.
        assert forward(api, receiver, payout_ref=payout.gateway_ref) == ["no_change"]
    balance = seller_page.get(f"/seller/payments/{shop1.public_id}/")
    assert balance.status_code == 200 and Payout.objects.get(seller=shop1).public_id in balance.content.decode()
    books_ok()

    # And the check is not blind: a payable's snapshot nudged behind the ledger's back fails the command.
    Account.objects.filter(kind=AccountKind.SELLER_PAYABLE.value, owner_ref=shop1.public_id).update(balance=-1)
    with translation.override("en"), pytest.raises(CommandError, match="Ledger check FAILED"):
        call_command("ledger_check", stdout=StringIO(), stderr=StringIO())
