"""What a payment puts in escrow per seller order when a platform voucher is split over shops."""

from __future__ import annotations

from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.orders.models import SellerOrder
from lapak.market.orders.returns.window import refund_for
from lapak.market.payments.services import payment_intent_create
from lapak.market.payments.tests.conftest import notify
from lapak.market.promotions.services import voucher_create
from lapak.market.promotions.tests.conftest import terms


def test_escrow_per_shop_matches_what_a_full_refund_gives_back_and_the_platform_bears_rounding(
        midtrans, place, cart, buyer, make_user):
    operator = make_user(email="ops@example.test", roles=["operator"])
    voucher_create(actor=operator, data=terms(code="GANJIL", amount=10_001))  # splits unevenly over 270k / 250k
    order = place(voucher_codes=["GANJIL"])
    assert order.platform_discount == 10_001
    intent = payment_intent_create(order=order, buyer=buyer, method="qris")
    assert notify(midtrans.settle(intent.provider_order_id)).json() == {"outcome": "paid"}
    escrow = 0
    for so in SellerOrder.objects.filter(order=order).select_related("order"):
        held = ledger_balance(kind="escrow", owner_ref=so.public_id)
        lines = [(line.unit_price, line.quantity) for line in so.lines.all()]
        assert held == refund_for(lines=lines, seller_order=so, everything=True, seller_at_fault=True)
        escrow += held
    assert ledger_balance(kind="gateway_clearing", owner_ref="midtrans") == order.grand_total
    assert escrow - order.grand_total == 1  # 5,192 + 4,808 of the 10,001 voucher: one rupiah left over
    assert ledger_balance(kind="commission_revenue") == -1
    assert ledger_check() == []
