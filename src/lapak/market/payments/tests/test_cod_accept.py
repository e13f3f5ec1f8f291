"""Choosing cash on delivery: the order is confirmed for the shops at once, with nothing posted; refused above
the ceiling, when a parcel's courier does not collect cash, and for another buyer's order."""

from __future__ import annotations

import pytest

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.ledger.models import JournalEntry
from lapak.market.orders.errors import OrderNotFound
from lapak.market.orders.models import Order
from lapak.market.payments.models import PaymentIntent
from lapak.market.payments.models_cod import CodParcel
from lapak.market.payments.services import payment_intent_create
from lapak.market.payments.services.cod_rules import cod_availability
from lapak.market.payments.services.money import escrow_shares
from lapak.market.payments.tests.cod_support import parts, place_cod
from lapak.market.shipping.models import CashOnDelivery

pytestmark = pytest.mark.django_db


def test_cod_confirms_the_order_and_moves_no_money(place, market, buyer):
    order = place_cod(place, market, buyer)
    assert cod_availability(order=order).allowed
    intent = payment_intent_create(order=order, buyer=buyer, method="cod")
    assert (intent.method, intent.status, intent.provider, intent.expires_at) == ("cod", "pending", "", None)
    order = Order.objects.get(pk=order.pk)
    assert order.status == "paid" and order.payment_reference == intent.public_id
    assert {so.status for so in parts(order)} == {"paid"}
    assert not JournalEntry.objects.exists()  # no money moved yet
    shares = dict(escrow_shares(order))
    rows = {p.seller_order.public_id: p for p in CodParcel.objects.select_related("seller_order")}
    assert {k: p.escrow_amount for k, p in rows.items()} == shares
    assert sum(p.amount for p in rows.values()) == order.grand_total  # the buyer pays exactly the total
    cash = dict(CashOnDelivery.objects.values_list("seller_order_ref", "amount"))
    assert cash == {k: p.amount for k, p in rows.items()}


def test_cod_again_or_after_payment_is_a_conflict(place, market, buyer):
    order = place_cod(place, market, buyer)
    payment_intent_create(order=order, buyer=buyer, method="cod")
    with pytest.raises(Conflict):
        payment_intent_create(order=order, buyer=buyer, method="cod")
    assert PaymentIntent.objects.filter(order=order).count() == 1


def test_cod_above_the_ceiling_is_refused(place, market, buyer, settings):
    order = place_cod(place, market, buyer)
    settings.COD_MAX_ORDER_TOTAL = order.grand_total - 1
    availability = cod_availability(order=order)
    assert not availability.allowed and "Rp" in availability.reason
    with pytest.raises(ValidationFailed) as caught:
        payment_intent_create(order=order, buyer=buyer, method="cod")
    assert caught.value.code == "cod_not_available" and caught.value.fields["method"]
    assert Order.objects.get(pk=order.pk).status == "awaiting_payment" and not PaymentIntent.objects.exists()
    settings.COD_MAX_ORDER_TOTAL = order.grand_total  # exactly at the ceiling is allowed
    assert payment_intent_create(order=order, buyer=buyer, method="cod").status == "pending"


def test_cod_needs_every_courier_to_collect_cash(place, market, buyer):
    order = place_cod(place, market, buyer, key="jne", courier=("jne", "REG"))  # JNE does not collect cash here
    availability = cod_availability(order=order)
    assert not availability.allowed and "JNE" in availability.reason
    with pytest.raises(ValidationFailed):
        payment_intent_create(order=order, buyer=buyer, method="cod")
    mixed = place_cod(place, market, buyer, key="mixed")
    assert cod_availability(order=mixed).allowed
    from lapak.market.shipping.models import CourierService

    CourierService.objects.filter(courier__code="sandbox", code="REG").update(cod=False)
    assert not cod_availability(order=mixed).allowed
    assert Order.objects.get(pk=order.pk).status == "awaiting_payment"


def test_only_the_buyer_may_choose_cod(place, market, buyer, other_buyer):
    order = place_cod(place, market, buyer)
    with pytest.raises(OrderNotFound):
        payment_intent_create(order=order, buyer=other_buyer, method="cod")
    assert Order.objects.get(pk=order.pk).status == "awaiting_payment"


def test_cod_cancels_the_live_intent_first(place, market, buyer, midtrans):
    order = place_cod(place, market, buyer)
    qris = payment_intent_create(order=order, buyer=buyer, method="qris")
    cod = payment_intent_create(order=order, buyer=buyer, method="cod")
    assert PaymentIntent.objects.get(pk=qris.pk).status == "cancelled" and cod.status == "pending"
    assert midtrans.transactions[qris.provider_order_id]["transaction_status"] == "cancel"
