"""Accepting cash on delivery (ADR 0010): the buyer chooses COD, the order is confirmed for the shops at once,
and each parcel is told how much cash its courier collects. No money moves here: nothing is posted to the ledger
until a parcel is delivered (services/cod_collect.py).

Lock order, as in intents: the Order row, then its intents, then what `order_mark_paid` locks.
"""

from __future__ import annotations

from datetime import datetime

from lapak.core.errors import ValidationFailed
from lapak.market.orders.models import Order
from lapak.market.orders.services import order_mark_paid
from lapak.market.payments.models import LIVE, IntentStatus, Method, PaymentIntent
from lapak.market.payments.models_cod import CodParcel
from lapak.market.payments.services.cod_rules import cod_availability, cod_parcel_amounts
from lapak.market.payments.services.payable import order_payable_for_update
from lapak.market.shipping.services import cash_on_delivery_set


def cod_intent_record(*, order: Order, now: datetime) -> tuple[PaymentIntent, list[PaymentIntent]]:
    """Must run inside the caller's transaction (payment_intent_create). Returns the COD intent and the live
    intents it cancelled (the caller cancels those at their gateway after the commit).

    Guarantees: under the order's row lock, the order must still await payment with time left (Conflict) and
    COD must be allowed for it (`cod_availability`: ValidationFailed on `method` with the reason otherwise);
    then, all or nothing, the previous live intent is cancelled, a pending COD intent (no gateway, no expiry)
    records the method, the order is confirmed through `order_mark_paid` (payment reference = the intent, so
    stock is allocated and vouchers confirmed as for a payment), one `CodParcel` per seller order with money
    in it is written, and shipping is told each parcel's cash to collect."""
    locked = order_payable_for_update(order, now=now)
    availability = cod_availability(order=locked)
    if not availability.allowed:
        raise ValidationFailed(availability.reason, code="cod_not_available", fields={"method": [availability.reason]})
    previous = list(PaymentIntent.objects.select_for_update().filter(order=locked, status__in=LIVE).order_by("pk"))
    for old in previous:
        old.status, old.closed_at = IntentStatus.CANCELLED, now
        old.save(update_fields=["status", "closed_at"])
    intent = PaymentIntent(order=locked, method=Method.COD, channel="", amount=locked.grand_total, provider="",
                           status=IntentStatus.PENDING, expires_at=None, created_at=now)
    intent.provider_order_id = intent.public_id
    intent.save()
    order_mark_paid(order=locked, payment_reference=intent.public_id)
    for parcel in cod_parcel_amounts(locked):
        if parcel.escrow <= 0:
            continue  # nothing to collect and nothing to hold (a fully discounted part with free shipping)
        CodParcel.objects.create(intent=intent, seller_order=parcel.seller_order, amount=parcel.collect,
                                 escrow_amount=parcel.escrow, created_at=now)
        if parcel.collect > 0:
            cash_on_delivery_set(seller_order_ref=parcel.seller_order.public_id, amount=parcel.collect)
    return intent, previous
