"""What a verified gateway event does to its intent, its order and the ledger (ADR 0010). One place, used by
notifications and by reconciliation alike; the caller holds the event's claim and the transaction.

Lock order, as everywhere: the Order row, then its intents (then, inside order_mark_paid, seller orders,
stock and vouchers; then ledger accounts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from lapak.core.errors import LapakError
from lapak.market.orders.lock_objects import order_for_update
from lapak.market.orders.models import Order, OrderStatus
from lapak.market.orders.services import order_cancel_unpaid, order_mark_paid
from lapak.market.orders.transitions import SYSTEM
from lapak.market.payments.gateways.base import EventKind, GatewayEvent
from lapak.market.payments.models import (
    LIVE,
    IntentStatus,
    Outcome,
    PaymentIntent,
    PaymentRefundNeeded,
    RefundReason,
)
from lapak.market.payments.services.money import ledger_payment_post, ledger_refund_needed_post
from lapak.market.payments.services.refunds import refunds_confirm_from_gateway

_CLOSING = {EventKind.EXPIRED: IntentStatus.EXPIRED, EventKind.CANCELLED: IntentStatus.CANCELLED,
            EventKind.FAILED: IntentStatus.FAILED}


@dataclass
class Applied:
    outcome: str
    intent: PaymentIntent | None = None
    error: str = ""
    to_cancel: list[PaymentIntent] = field(default_factory=list)  # other intents to cancel at the gateway


def event_apply(*, provider: str, event: GatewayEvent, now: datetime) -> Applied:
    """Must run inside a transaction (the caller's claim of the event)."""
    found = PaymentIntent.objects.filter(provider=provider, provider_order_id=event.provider_order_id).first()
    if found is None:
        return Applied(Outcome.UNKNOWN_ORDER, error=f"no intent {event.provider_order_id[:60]}")
    order = order_for_update(found.order_id).get()
    intent = PaymentIntent.objects.select_for_update().get(pk=found.pk)
    if event.provider_ref and not intent.provider_ref:
        intent.provider_ref = event.provider_ref
        intent.save(update_fields=["provider_ref"])
    if event.kind is EventKind.REFUNDED:  # gross_amount stays the charge's; the refunds are listed by key
        refunds_confirm_from_gateway(intent=intent, event=event)
        return Applied(Outcome.NO_CHANGE, intent)
    if event.amount != intent.amount:
        return _amount_mismatch(intent, order, event, now)
    if event.kind is EventKind.PAID:
        return _paid(intent, order, now)
    if event.kind in _CLOSING:
        return _closed(intent, order, _CLOSING[event.kind], now)
    return Applied(Outcome.NO_CHANGE, intent)


def _amount_mismatch(intent: PaymentIntent, order: Order, event: GatewayEvent, now: datetime) -> Applied:
    error = f"amount {event.amount} differs from the intent's {intent.amount}"
    if event.kind is EventKind.PAID and intent.status != IntentStatus.PAID and not _has_refund(intent):
        # Money did arrive, only not what was asked: it cannot pay the order, and must not vanish.
        intent.status, intent.failure, intent.closed_at = IntentStatus.FAILED, error, now
        intent.save(update_fields=["status", "failure", "closed_at"])
        _refund_needed(intent, order, event.amount, RefundReason.AMOUNT_MISMATCH)
    return Applied(Outcome.AMOUNT_MISMATCH, intent, error=error)


def _has_refund(intent: PaymentIntent) -> bool:
    return PaymentRefundNeeded.objects.filter(intent=intent).exists()


def _refund_needed(intent: PaymentIntent, order: Order, amount: int, reason: str) -> None:
    PaymentRefundNeeded.objects.create(intent=intent, amount=amount, reason=reason,
                                       refund_key=f"refund-{intent.public_id}")
    ledger_refund_needed_post(intent=intent, order=order, amount=amount)


def _paid(intent: PaymentIntent, order: Order, now: datetime) -> Applied:
    if intent.status == IntentStatus.PAID or _has_refund(intent):
        return Applied(Outcome.NO_CHANGE, intent)  # e.g. a card's settlement after its capture
    intent.status, intent.paid_at, intent.closed_at = IntentStatus.PAID, now, now
    intent.save(update_fields=["status", "paid_at", "closed_at"])
    if order.status != OrderStatus.AWAITING_PAYMENT:
        reason = RefundReason.ORDER_CLOSED if order.status == OrderStatus.CANCELLED else RefundReason.ALREADY_PAID
        _refund_needed(intent, order, intent.amount, reason)
        return Applied(Outcome.REFUND_NEEDED, intent, error=f"order {order.status}")
    try:
        with transaction.atomic():
            order_mark_paid(order=order, payment_reference=intent.public_id)
    except LapakError as exc:  # e.g. the stock hold lapsed and the units were sold meanwhile
        order_cancel_unpaid(order=order, actor_kind=SYSTEM, reason="payment_unfulfillable")
        _refund_needed(intent, order, intent.amount, RefundReason.NOT_FULFILLABLE)
        return Applied(Outcome.REFUND_NEEDED, intent, error=f"{exc.code}: {exc.message}"[:500],
                       to_cancel=_close_others(intent, order, now))
    ledger_payment_post(intent=intent, order=order)
    return Applied(Outcome.PAID, intent, to_cancel=_close_others(intent, order, now))


def _close_others(intent: PaymentIntent, order: Order, now: datetime) -> list[PaymentIntent]:
    others = list(PaymentIntent.objects.select_for_update().filter(order=order, status__in=LIVE)
                  .exclude(pk=intent.pk).order_by("pk"))
    for other in others:
        other.status, other.closed_at = IntentStatus.CANCELLED, now
        other.save(update_fields=["status", "closed_at"])
    return others


def _closed(intent: PaymentIntent, order: Order, status: str, now: datetime) -> Applied:
    if not intent.is_live:
        return Applied(Outcome.NO_CHANGE, intent)  # paid stays paid; closed stays closed
    intent.status, intent.closed_at = status, now
    intent.save(update_fields=["status", "closed_at"])
    # A denied card leaves the order open: the buyer may still pay another way until the order's deadline.
    others_live = PaymentIntent.objects.filter(order=order, status__in=LIVE).exists()
    if status != IntentStatus.FAILED and order.status == OrderStatus.AWAITING_PAYMENT and not others_live:
        order_cancel_unpaid(order=order, actor_kind=SYSTEM, reason=f"payment_{status}")
    return Applied(Outcome.CLOSED, intent)
