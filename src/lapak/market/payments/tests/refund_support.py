"""Helpers for the refund tests: pay an order through the sandbox gateway, deliver a shop's part, and return
some of it until the return reaches refund_requested (which writes the orders.RefundRequest)."""

from __future__ import annotations

from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.orders.models import Order, RefundRequest, SellerOrder
from lapak.market.payments.services import payment_intent_create
from lapak.market.payments.tests.test_sandbox_integration import forward


def pay_through_sandbox(sandbox, receiver, order, buyer, method: str = "qris", bank: str | None = None):
    """The buyer pays the whole order with `method` through the in-process sandbox gateway."""
    intent = payment_intent_create(order=order, buyer=buyer, method=method, bank=bank)
    forward(receiver, intent.provider_order_id, 1)  # the sandbox's "pending"
    if method == "qris":
        sandbox.post(f"/pay/{intent.provider_order_id}")
    else:
        sandbox.post(f"/_control/{intent.provider_order_id}/settle")
    assert forward(receiver, intent.provider_order_id, 1) == ["paid"]
    assert Order.objects.get(pk=order.pk).status == "paid"
    return intent


def deliver(so) -> SellerOrder:
    from lapak.market.orders.services import seller_order_transition

    for to, kind in (("accepted", "seller"), ("shipped", "system"), ("delivered", "system")):
        seller_order_transition(seller_order=SellerOrder.objects.get(pk=so.pk), to=to, actor_kind=kind)
    return SellerOrder.objects.select_related("order", "seller").get(pk=so.pk)


def return_for_refund(so, buyer, market, shirts: int = 1) -> RefundRequest:
    """The buyer returns `shirts` shirts of Toko Budi's delivered part; the seller accepts without the goods."""
    from lapak.market.orders.returns.services import return_answer, return_request_open

    ret = return_request_open(seller_order=so, buyer=buyer, quantities={market.shirt.public_id: shirts},
                              reason="damaged", description="Jahitan lepas")
    ret = return_answer(return_request=ret, seller_actor=market.budi_owner, accept=True, goods_back=False)
    return RefundRequest.objects.select_related("order", "seller_order").get(return_request=ret)


def budi_part(order, market) -> SellerOrder:
    return SellerOrder.objects.select_related("order", "seller").get(order=order, seller=market.budi)


def balance(kind: AccountKind, owner: str = "") -> int:
    return ledger_balance(kind=kind, owner_ref=owner)
