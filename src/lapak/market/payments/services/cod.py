"""Accepting cash on delivery (ADR 0010): the buyer chooses COD, the order is confirmed for the shops at once,
and each parcel is told how much cash its courier collects. No money moves here: nothing is posted to the ledger
until a parcel is delivered (services/cod_collect.py).

Lock order, as in intents: the Order row, then its intents, then what `order_mark_paid` locks.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.orders.errors import OrderNotFound
from lapak.market.orders.lock_objects import order_for_update
from lapak.market.orders.models import Order, OrderStatus
from lapak.market.orders.services import order_mark_paid
from lapak.market.payments import policy
from lapak.market.payments.models import LIVE, IntentStatus, Method, PaymentIntent
from lapak.market.payments.models_cod import CodParcel
from lapak.market.payments.services.cod_rules import cod_availability, cod_parcel_amounts
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
    locked = order_for_update(order.pk).first()
    if locked is None:
        raise OrderNotFound()
    if locked.status != OrderStatus.AWAITING_PAYMENT or locked.payment_due_at - now < policy.MIN_PAYABLE:
        raise Conflict(_("This order is not awaiting payment."), code="order_not_awaiting_payment")
    if locked.grand_total <= 0:
        raise Conflict(_("There is nothing to pay for this order."), code="order_nothing_to_pay")
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
