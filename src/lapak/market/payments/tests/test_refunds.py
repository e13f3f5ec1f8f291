"""Refund amounts and the ledger: the over-paid guard, refunds before escrow release (from escrow) and after it
(clawed back from the seller, the platform's commission and the PPh 22 withheld; a seller receivable when the
seller's payable is too low), and the buyer's view of refunds in the API and on the order page."""

from __future__ import annotations

import pytest

from lapak.core.errors import ValidationFailed
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.services import credit, debit, ledger_account, ledger_post
from lapak.market.orders.models import RefundRequest, SellerOrder
from lapak.market.orders.services.refunds import refund_request_add, seller_order_paid
from lapak.market.orders.tests.returns_api_support import rworld_fixture  # noqa: F401
from lapak.market.payments.services.money import escrow_shares
from lapak.market.payments.services.refunds import refund_execute
from lapak.market.payments.tests.refund_support import balance
from lapak.market.payments.tests.release_support import close_window, deliver, pay
from lapak.market.sellers.tests.test_api_support import call


@pytest.fixture
def paid(placed, buyer, midtrans):
    """The buyer's order paid by QRIS (through the fake Midtrans under the real SDK); its seller orders."""
    pay(placed, buyer, midtrans)
    return list(SellerOrder.objects.filter(order=placed).select_related("order", "seller").order_by("pk"))


def test_what_was_paid_per_seller_order_is_what_escrow_holds(paid):
    assert [(so.public_id, seller_order_paid(so)) for so in paid] == escrow_shares(paid[0].order)
    assert all(balance(AccountKind.ESCROW, so.public_id) == seller_order_paid(so) for so in paid)


def test_refunds_never_add_up_to_more_than_was_paid(paid):
    so = paid[0]
    whole = seller_order_paid(so)
    first = refund_request_add(seller_order=so, amount=whole - 100)
    with pytest.raises(ValidationFailed) as caught:
        refund_request_add(seller_order=so, amount=101)
    assert "amount" in caught.value.fields
    with pytest.raises(ValidationFailed):
        refund_request_add(seller_order=so, amount=0)
    assert list(RefundRequest.objects.values_list("pk", flat=True)) == [first.pk]
    assert refund_request_add(seller_order=so, amount=100).amount == 100  # exactly what is left is fine


def test_a_refund_before_release_comes_out_of_escrow(paid, midtrans):
    so = paid[0]
    refund = refund_execute(refund_request=refund_request_add(seller_order=so, amount=50_000))
    assert refund.status == "paid" and refund.route == "gateway"
    assert balance(AccountKind.ESCROW, so.public_id) == seller_order_paid(so) - 50_000
    assert balance(AccountKind.REFUNDS_PAYABLE, so.order.public_id) == 0
    assert balance(AccountKind.GATEWAY_CLEARING, "midtrans") == so.order.grand_total - 50_000
    assert ledger_check() == []


def _released(so):
    from lapak.market.payments.services.release import escrow_release

    deliver(so.order)
    escrow_release(seller_order=close_window(so))
    assert balance(AccountKind.ESCROW, so.public_id) == 0


def test_a_refund_after_release_claws_back_seller_commission_and_tax(paid, midtrans):
    so = paid[0]
    _released(so)
    seller, commission, pph22 = (balance(AccountKind.SELLER_PAYABLE, so.seller.public_id),
                                 balance(AccountKind.COMMISSION_REVENUE), balance(AccountKind.PPH22_PAYABLE))
    assert commission > 0 and pph22 > 0
    paid_for = seller_order_paid(so)
    refund = refund_execute(refund_request=refund_request_add(seller_order=so, amount=paid_for // 2))
    assert refund.status == "paid"
    back = (seller - balance(AccountKind.SELLER_PAYABLE, so.seller.public_id),
            commission - balance(AccountKind.COMMISSION_REVENUE), pph22 - balance(AccountKind.PPH22_PAYABLE))
    assert sum(back) == refund.amount
    # Commission and PPh 22 were taken from the goods, not the shipping: they give back their share of the goods.
    gross = so.escrow_release.gross
    assert refund.amount <= gross and so.shipping_fee > 0
    assert back[1] == commission * refund.amount // gross and back[2] == pph22 * refund.amount // gross
    assert balance(AccountKind.SELLER_RECEIVABLE, so.seller.public_id) == 0
    assert balance(AccountKind.REFUNDS_PAYABLE, so.order.public_id) == 0 and ledger_check() == []


def test_refunds_after_release_give_back_the_goods_first_then_the_shipping(paid, midtrans):
    so = paid[0]
    _released(so)
    release = so.escrow_release
    commission, pph22 = balance(AccountKind.COMMISSION_REVENUE), balance(AccountKind.PPH22_PAYABLE)
    first = refund_execute(refund_request=refund_request_add(seller_order=so, amount=release.gross - 1000))
    # The second crosses from the last Rp1.000 of goods into the shipping: only Rp1.000 of it carries commission.
    second = refund_execute(refund_request=refund_request_add(seller_order=so, amount=1000 + release.shipping))
    assert (first.status, second.status) == ("paid", "paid")
    assert balance(AccountKind.COMMISSION_REVENUE) == commission - (
        release.commission * (release.gross - 1000) // release.gross + release.commission * 1000 // release.gross)
    assert balance(AccountKind.PPH22_PAYABLE) == pph22 - (
        release.pph22 * (release.gross - 1000) // release.gross + release.pph22 * 1000 // release.gross)
    assert ledger_check() == []


def test_when_the_seller_was_paid_out_the_rest_becomes_a_seller_receivable(paid, midtrans):
    so = paid[0]
    commission_before = balance(AccountKind.COMMISSION_REVENUE)
    _released(so)
    payable = ledger_account(kind=AccountKind.SELLER_PAYABLE, owner_ref=so.seller.public_id)
    held = balance(AccountKind.SELLER_PAYABLE, so.seller.public_id)
    # A payout took all but Rp1.000 of the seller's payable (the payouts part posts the like).
    ledger_post(key="test-payout", cause_type="payout", cause_id="test", postings=[
        debit(payable, held - 1000), credit(ledger_account(kind=AccountKind.GATEWAY_CLEARING, owner_ref="midtrans"),
                                            held - 1000)])
    refund = refund_execute(refund_request=refund_request_add(seller_order=so, amount=seller_order_paid(so)))
    assert refund.status == "paid"
    assert balance(AccountKind.SELLER_PAYABLE, so.seller.public_id) == 0
    assert balance(AccountKind.SELLER_RECEIVABLE, so.seller.public_id) == held - 1000
    assert balance(AccountKind.COMMISSION_REVENUE) == commission_before  # all of the commission went back
    assert balance(AccountKind.PPH22_PAYABLE) == 0 and ledger_check() == []


def test_the_buyer_reads_refunds_in_the_api_and_on_the_order_page(rworld, midtrans):
    from django.test import Client

    from lapak.market.payments.services import payment_intent_create
    from lapak.market.payments.tests.conftest import notify

    w = rworld
    order = w.placed()
    intent = payment_intent_create(order=order, buyer=w.buyer, method="va", bank="bca")
    assert notify(midtrans.settle(intent.provider_order_id)).json() == {"outcome": "paid"}  # VA: no way back
    so = SellerOrder.objects.filter(order=order).first()
    refund = refund_execute(refund_request=refund_request_add(seller_order=so, amount=5000))
    assert refund.status == "awaiting_bank_account"
    listed = call("GET", f"/api/v1/payments/orders/{order.public_id}/refunds", w.headers["buyer"]).json()
    assert [(r["id"], r["amount"], r["status"], r["needs_bank_account"]) for r in listed] == [
        (refund.public_id, 5000, "awaiting_bank_account", True)]
    given = call("POST", f"/api/v1/payments/refunds/{refund.public_id}/bank-account", w.headers["buyer"],
                 json_body={"bank_code": "bni", "account_number": "0011223344", "holder_name": "Siti"})
    assert given.status_code == 200 and given.json()["status"] == "executing"
    assert given.json()["bank_account"] == {"bank_code": "BNI", "number": given.json()["bank_account"]["number"],
                                            "holder_name": "Siti"}
    assert "0011223344" not in given.content.decode()
    bad = call("POST", f"/api/v1/payments/refunds/{refund.public_id}/bank-account", w.headers["buyer"],
               json_body={"bank_code": "bni", "account_number": "x", "holder_name": "Siti"})
    assert bad.status_code == 422
    client = Client()
    client.force_login(w.buyer)
    response = client.post(f"/pay/refunds/{refund.public_id}/bank-account/",
                           {"bank_code": "BCA", "account_number": "9988776655", "holder_name": "Siti R"})
    assert response.status_code == 302 and f"#refund-{refund.public_id}" in response["Location"]
    assert RefundRequest.objects.get(pk=refund.pk).bank_refund.bank_code == "BCA"


def test_a_refund_the_gateway_refuses_goes_to_the_buyers_bank_account(paid, midtrans, buyer):
    from lapak.market.payments.services.refunds_bank import bank_refund_mark_paid, refund_bank_account_give

    so = paid[0]
    midtrans.fail_with = 412  # the gateway answers no (not "unavailable"): asking again would be refused again
    refund = refund_execute(refund_request=refund_request_add(seller_order=so, amount=10_000))
    assert (refund.status, refund.route) == ("awaiting_bank_account", "bank") and refund.error
    assert balance(AccountKind.REFUNDS_PAYABLE, so.order.public_id) == 10_000  # reserved, not paid
    midtrans.fail_with = None
    row = refund_bank_account_give(refund_request=refund, buyer=buyer, bank_code="bca",
                                   account_number="1234567890", holder_name="Budi Pembeli")
    refund = bank_refund_mark_paid(bank_refund=row, actor="operator:test", transfer_ref="TRF-9")
    assert refund.status == "paid" and balance(AccountKind.REFUNDS_PAYABLE, so.order.public_id) == 0
    assert ledger_check() == []
