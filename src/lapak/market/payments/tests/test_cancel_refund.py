"""A paid seller order that is cancelled gives its money back: the refund request follows the cancellation
through the outbox, only when money is in escrow, once however often the event is delivered."""

from __future__ import annotations

from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.kinds import AccountKind
from lapak.market.orders.models import OrderEvent, RefundRequest, SellerOrder
from lapak.market.orders.services import order_mark_paid, seller_order_transition
from lapak.market.orders.services.refunds import seller_order_paid
from lapak.market.payments.handlers import cancelled_seller_order_refund
from lapak.market.payments.services.refunds import refund_execute
from lapak.market.payments.tests.refund_support import balance
from lapak.market.payments.tests.release_support import pay


def _cancel(so, market) -> OrderEvent:
    seller_order_transition(seller_order=SellerOrder.objects.get(pk=so.pk), to="cancelled", actor_kind="seller",
                            actor=market.budi_owner if so.seller_id == market.budi.pk else market.sari_owner,
                            reason="Stok habis")
    return OrderEvent.objects.filter(seller_order=so, to_status="cancelled").latest("pk")


def test_a_cancelled_paid_part_is_refunded_once(placed, buyer, midtrans, market,
                                                django_capture_on_commit_callbacks):
    pay(placed, buyer, midtrans)
    so = SellerOrder.objects.select_related("order").filter(order=placed).order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):  # the outbox delivers after the commit
        event = _cancel(so, market)
    [refund] = RefundRequest.objects.filter(seller_order=so)
    assert refund.amount == seller_order_paid(so) and refund.return_request is None
    assert cancelled_seller_order_refund(event_id=event.pk) is None  # a redelivery asks for nothing more
    refund = refund_execute(refund_request=refund)
    assert refund.status == "paid" and balance(AccountKind.ESCROW, so.public_id) == 0
    assert ledger_check() == []


def test_no_refund_when_no_money_moved(placed, market):
    order_mark_paid(order=placed, payment_reference="demo-no-money")  # the demo's "Pay (demo)"
    so = SellerOrder.objects.filter(order=placed).order_by("pk").first()
    event = _cancel(so, market)
    assert cancelled_seller_order_refund(event_id=event.pk) is None
    assert not RefundRequest.objects.exists()
    assert cancelled_seller_order_refund(event_id="nonsense") is None


def test_a_paid_parcel_returned_to_the_shop_is_refunded_in_full(placed, buyer, midtrans, market,
                                                                 django_capture_on_commit_callbacks):
    from lapak.market.orders.services.tracking import seller_order_follow_shipment

    pay(placed, buyer, midtrans)
    so = SellerOrder.objects.select_related("order").filter(order=placed, seller=market.budi).get()
    seller_order_transition(seller_order=so, to="accepted", actor_kind="seller", actor=market.budi_owner)
    ref = {"seller_order_ref": so.public_id, "shipment": "shp_x", "tracking_number": "SBX1"}
    seller_order_follow_shipment(payload={**ref, "status": "in_transit"}, event_key="k1")
    with django_capture_on_commit_callbacks(execute=True):
        seller_order_follow_shipment(payload={**ref, "status": "returned"}, event_key="k2")
    [refund] = RefundRequest.objects.filter(seller_order=so)
    assert refund.amount == seller_order_paid(so)  # goods and shipping: the buyer never got the parcel
    assert refund_execute(refund_request=refund).status == "paid" and ledger_check() == []
