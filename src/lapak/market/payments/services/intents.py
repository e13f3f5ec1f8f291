"""Creating a payment intent (and so charging at the gateway), and expiring intents nobody paid.

Lock order, as in orders: the Order row first, then its intents. The gateway is called with no transaction
open: the intent is recorded (pending) and committed first, then charged, then its instructions written.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import LapakError, ValidationFailed
from lapak.market.orders.errors import OrderNotFound
from lapak.market.orders.models import Order
from lapak.market.payments import policy
from lapak.market.payments.gateways.base import ChargeRequest
from lapak.market.payments.gateways.registry import charging_provider, gateway_for
from lapak.market.payments.method_switches import payment_method_refusal
from lapak.market.payments.models import BANKS, LIVE, WALLETS, IntentStatus, Method, PaymentIntent
from lapak.market.payments.services.cod import cod_intent_record
from lapak.market.payments.services.payable import order_payable_for_update

log = logging.getLogger(__name__)
EXPIRE_BATCH = 200


def _checked_channel(method: str, bank: str | None) -> str:
    if method not in Method.values:
        raise ValidationFailed(fields={"method": [_("Choose QRIS, a virtual account, an e-wallet, a card or cash "
                                                    "on delivery.")]})
    bank = (bank or "").strip().lower()
    if method == Method.VA and bank not in BANKS:
        raise ValidationFailed(fields={"bank": [_("Choose the bank of the virtual account.")]})
    if method == Method.EWALLET and bank not in WALLETS:
        raise ValidationFailed(fields={"bank": [_("Choose GoPay or ShopeePay.")]})
    if method not in (Method.VA, Method.EWALLET) and bank:
        raise ValidationFailed(fields={"bank": [_("This payment method has no bank or e-wallet to choose.")]})
    return bank


def payment_intent_create(*, order: Order, buyer: object, method: str, bank: str | None = None,
                          now: datetime | None = None) -> PaymentIntent:
    """A new way for the buyer to pay `order`, with the instructions the gateway gave (QR payload, VA number,
    bill key, or a page to go to).

    Guarantees: only the order's buyer, only while the order awaits payment with at least a minute left
    (`Conflict` otherwise); the amount is the order's grand total; the order's previous live intent is
    cancelled in the same transaction that records the new one (so at most one is live, also under races:
    the order row is locked, and a partial unique index backs it up) and then at the gateway; the new intent
    expires with its method but never after the order's payment deadline. No lock is held while the gateway
    is called; if the charge fails the intent is `failed` and GatewayUnavailable/GatewayRefused is raised.
    Cash on delivery (where `cod_availability` allows it) has no gateway: the order is confirmed at once and
    the intent stays pending until the couriers have remitted the cash (services/cod.py). A method the order's
    jurisdiction has switched off (a compliance kill switch, or a pilot without every shop of the order) is
    refused with the operator's reason (ValidationFailed `payment_method_suspended` on `method`)."""
    channel = _checked_channel(method, bank)
    if getattr(order, "buyer_id", None) != getattr(buyer, "pk", object()):
        raise OrderNotFound()
    refusal = payment_method_refusal(order=order, method=method, channel=channel)
    if refusal:
        raise ValidationFailed(refusal, code="payment_method_suspended", fields={"method": [refusal]})
    now = now or timezone.now()
    if method == Method.COD:
        with transaction.atomic():
            intent, previous = cod_intent_record(order=order, now=now)
        for old in previous:
            gateway_cancel_quietly(old)
        return intent
    with transaction.atomic():
        locked = order_payable_for_update(order, now=now)
        previous = list(PaymentIntent.objects.select_for_update().filter(order=locked, status__in=LIVE)
                        .order_by("pk"))
        for old in previous:
            old.status, old.closed_at = IntentStatus.CANCELLED, now
            old.save(update_fields=["status", "closed_at"])
        intent = PaymentIntent(order=locked, method=method, channel=channel, amount=locked.grand_total,
                               provider=charging_provider(), status=IntentStatus.PENDING, created_at=now,
                               expires_at=policy.intent_expiry(method=method, now=now,
                                                               payment_due_at=locked.payment_due_at))
        intent.provider_order_id = intent.public_id
        intent.save()
    for old in previous:
        gateway_cancel_quietly(old)
    return _charge(intent, locked, now)


def _charge(intent: PaymentIntent, order: Order, now: datetime) -> PaymentIntent:
    gateway = gateway_for(intent.provider)
    # Counted from the intent's creation (order_time) and rounded down, the gateway's deadline is never later
    # than ours, however long the call takes.
    minutes = max(1, int((intent.expires_at - intent.created_at).total_seconds() // 60))
    buyer = order.buyer
    request = ChargeRequest(provider_order_id=intent.provider_order_id, amount=intent.amount, method=intent.method,
                            channel=intent.channel, expiry_minutes=minutes, order_time=intent.created_at,
                            customer_name=order.recipient_name, customer_email=getattr(buyer, "email", ""),
                            customer_phone=order.phone)
    try:
        answer = gateway.charge(request)
    except LapakError as exc:
        PaymentIntent.objects.filter(pk=intent.pk, status=IntentStatus.PENDING).update(
            status=IntentStatus.FAILED, failure=str(exc.message)[:300], closed_at=timezone.now())
        raise
    fields = {"provider_ref": answer.provider_ref[:100], "qr_string": answer.qr_string,
              "va_number": answer.va_number[:40], "bill_key": answer.bill_key[:40],
              "biller_code": answer.biller_code[:20], "redirect_url": answer.redirect_url[:1000]}
    # Only a still-pending intent takes the instructions: a racing create may have cancelled it meanwhile
    # (then it is cancelled at the gateway too), or a very fast notification may already have paid it.
    moved = PaymentIntent.objects.filter(pk=intent.pk, status=IntentStatus.PENDING).update(
        status=IntentStatus.REQUIRES_ACTION, **fields)
    intent.refresh_from_db()
    if not moved:
        PaymentIntent.objects.filter(pk=intent.pk).exclude(status=IntentStatus.PAID).update(**fields)
        if intent.status == IntentStatus.CANCELLED:
            gateway_cancel_quietly(intent)
        intent.refresh_from_db()
    return intent


def gateway_cancel_quietly(intent: PaymentIntent) -> None:
    """Cancel at the gateway, best effort: if it fails, a payment that still arrives is recorded and refunded
    (ADR 0010), and the reconciliation task asks about the intent again."""
    if not intent.provider:
        return
    try:
        gateway_for(intent.provider).cancel(intent.provider_order_id)
    except LapakError:
        log.warning("could not cancel payment %s at %s", intent.provider_order_id, intent.provider)


def payment_intents_expire(*, now: datetime | None = None, batch: int = EXPIRE_BATCH) -> int:
    """Marks live intents past their `expires_at` as expired; returns how many. The order's own expiry (and the
    stock it releases) stays with orders (`orders_expire`). Safe to run twice at once: each row moves only from
    a live status, in one conditional UPDATE. A payment that still arrives is accepted while the order awaits
    payment, and refunded otherwise."""
    now = now or timezone.now()
    expired = 0
    while True:
        due = list(PaymentIntent.objects.filter(status__in=LIVE, expires_at__lte=now)
                   .order_by("expires_at", "pk").values_list("pk", flat=True)[:batch])
        if not due:
            return expired
        expired += PaymentIntent.objects.filter(pk__in=due, status__in=LIVE, expires_at__lte=now).update(
            status=IntentStatus.EXPIRED, closed_at=now)
