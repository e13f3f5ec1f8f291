"""The courier collects per parcel: a delivered COD seller order posts COD receivable → escrow once (however
often the outbox event is delivered); the booking carries the cash to collect; a parcel cancelled or returned
to the shop collected nothing and posts nothing."""

from __future__ import annotations

import pytest

from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import JournalEntry
from lapak.market.orders.models import OrderEvent, RefundRequest, SellerOrder
from lapak.market.payments.handlers import cancelled_seller_order_refund
from lapak.market.payments.models_cod import CodStatus
from lapak.market.payments.services import payment_intent_create
from lapak.market.payments.services.cod_collect import cod_parcel_collect, collected_key
from lapak.market.payments.tests.cod_support import deliver, parcel, parts, place_cod, ship, track
from lapak.market.payments.tests.refund_support import balance
from lapak.market.shipping.models import Shipment

pytestmark = pytest.mark.django_db


@pytest.fixture
def cod_order(place, market, buyer):
    order = place_cod(place, market, buyer)
    payment_intent_create(order=order, buyer=buyer, method="cod")
    return order


def test_the_booking_carries_the_cash_and_delivery_posts_once(cod_order, market,
                                                              django_capture_on_commit_callbacks):
    budi, sari = parts(cod_order)
    ship(budi, market)
    shipment = Shipment.objects.get(seller_order_ref=budi.public_id)
    assert shipment.cod_amount == parcel(budi).amount > 0  # sent with the booking (BookingRequest.cod_amount)
    track(budi, "in_transit", django_capture_on_commit_callbacks, minutes=30)
    assert not JournalEntry.objects.exists() and parcel(budi).status == CodStatus.AWAITING
    track(budi, "delivered", django_capture_on_commit_callbacks)
    assert SellerOrder.objects.get(pk=budi.pk).status == "delivered"
    collected = parcel(budi)
    assert (collected.status, collected.provider, collected.tracking_number) == (
        "collected", "sandbox", shipment.tracking_number)
    assert balance(AccountKind.ESCROW, budi.public_id) == collected.escrow_amount
    assert balance(AccountKind.COD_RECEIVABLE, "sandbox") == collected.amount
    assert balance(AccountKind.ESCROW, sari.public_id) == 0  # not delivered yet: nothing collected
    entry = JournalEntry.objects.get(key=collected_key(budi.public_id))
    # The outbox delivers the same event again: nothing more.
    event = OrderEvent.objects.filter(seller_order=budi, to_status="delivered").get()
    from lapak.market.payments.handlers_cod import cod_follow_seller_order

    cod_follow_seller_order(type("E", (), {"payload": {"event": event.pk, "to": "delivered"}})())
    assert cod_parcel_collect(seller_order_id=budi.pk).status == "collected"
    assert list(JournalEntry.objects.values_list("pk", flat=True)) == [entry.pk]
    assert ledger_check() == []


def test_the_booking_request_sent_to_the_courier_has_the_cash(cod_order, market, monkeypatch):
    from lapak.market.orders.services import seller_order_ship, seller_order_transition
    from lapak.market.shipping.adapters.base import BookingResult

    sent = []

    class Recorder:
        def book(self, request):
            sent.append(request)
            return BookingResult(provider_reference=request.shipment_ref, tracking_number="SBX000000000001")

    budi = seller_order_transition(seller_order=parts(cod_order)[0], to="accepted", actor_kind="seller",
                                   actor=market.budi_owner)
    from lapak.market.shipping import shipments

    # The sandbox courier keeps nothing it is sent: a recorder in its place shows what the booking carried.
    monkeypatch.setattr(shipments, "adapter_for", lambda provider: Recorder())
    seller_order_ship(seller_order=budi, actor=market.budi_owner)
    assert [r.cod_amount for r in sent] == [parcel(budi).amount]


def test_a_cod_parcel_needs_a_service_that_collects_cash(cod_order, market):
    from lapak.core.errors import ValidationFailed
    from lapak.market.orders.services import seller_order_ship, seller_order_transition

    budi = seller_order_transition(seller_order=parts(cod_order)[0], to="accepted", actor_kind="seller",
                                   actor=market.budi_owner)
    with pytest.raises(ValidationFailed) as caught:
        seller_order_ship(seller_order=budi, actor=market.budi_owner, courier_code="jne", service_code="REG")
    assert caught.value.code == "courier_no_cod" and not Shipment.objects.exists()


def test_a_parcel_returned_to_the_shop_collects_nothing(cod_order, market, django_capture_on_commit_callbacks):
    budi, _sari = parts(cod_order)
    ship(budi, market)
    track(budi, "in_transit", django_capture_on_commit_callbacks, minutes=30)
    track(budi, "returned", django_capture_on_commit_callbacks)  # refused at the door, sent back
    assert parcel(budi).status == CodStatus.VOID
    assert SellerOrder.objects.get(pk=budi.pk).status == "cancelled"  # returned to sender
    assert not RefundRequest.objects.exists()  # nothing was collected, so nothing goes back
    assert not JournalEntry.objects.exists() and ledger_check() == []


def test_cancelled_before_delivery_needs_no_refund(cod_order, market, django_capture_on_commit_callbacks):
    from lapak.market.orders.models import RefundRequest
    from lapak.market.orders.services import seller_order_transition

    budi, sari = parts(cod_order)
    with django_capture_on_commit_callbacks(execute=True):
        seller_order_transition(seller_order=budi, to="cancelled", actor_kind="seller", actor=market.budi_owner,
                                reason="Stok habis")
    event = OrderEvent.objects.filter(seller_order=budi, to_status="cancelled").get()
    assert cancelled_seller_order_refund(event_id=event.pk) is None  # escrow is empty: nothing was collected
    assert not RefundRequest.objects.exists() and parcel(budi).status == CodStatus.VOID
    assert parcel(budi).intent.status == "pending"  # Toko Sari's parcel is still to be collected
    with django_capture_on_commit_callbacks(execute=True):
        seller_order_transition(seller_order=sari, to="cancelled", actor_kind="buyer", actor=cod_order.buyer)
    assert parcel(sari).status == CodStatus.VOID and parcel(sari).intent.status == "cancelled"
    assert not JournalEntry.objects.exists()


def test_delivery_of_both_parts(cod_order, market, django_capture_on_commit_callbacks):
    budi, sari = parts(cod_order)
    deliver(budi, market, django_capture_on_commit_callbacks)
    deliver(sari, market, django_capture_on_commit_callbacks)
    assert balance(AccountKind.COD_RECEIVABLE, "sandbox") == cod_order.grand_total
    assert balance(AccountKind.ESCROW, budi.public_id) + balance(AccountKind.ESCROW, sari.public_id) >= \
        cod_order.grand_total
    assert ledger_check() == []


def test_a_cod_parcel_is_booked_through_lapak_never_typed(cod_order, market):
    from lapak.core.errors import ValidationFailed
    from lapak.market.orders.services import seller_order_ship, seller_order_transition

    budi = seller_order_transition(seller_order=parts(cod_order)[0], to="accepted", actor_kind="seller",
                                   actor=market.budi_owner)
    with pytest.raises(ValidationFailed) as caught:  # the courier would not know it must collect the cash
        seller_order_ship(seller_order=budi, actor=market.budi_owner, tracking_number="SBX123456789012")
    assert "tracking_number" in caught.value.fields
    assert Shipment.objects.get(seller_order_ref=budi.public_id).tracking_number is None
    assert seller_order_ship(seller_order=budi, actor=market.budi_owner).status == "shipped"
