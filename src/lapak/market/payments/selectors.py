"""Reads of payments."""

from __future__ import annotations

from django.db.models import QuerySet

from lapak.market.orders.models import Order
from lapak.market.payments.models import LIVE, PaymentIntent, PaymentNotification, PaymentRefundNeeded


def intent_current(*, order: Order) -> PaymentIntent | None:
    """The order's live intent, else its latest one (paid, expired…); None before the buyer chose a method."""
    intents = PaymentIntent.objects.filter(order=order)
    return intents.filter(status__in=LIVE).first() or intents.order_by("-created_at", "-pk").first()


def intents_of_order(*, order: Order) -> QuerySet[PaymentIntent]:
    return PaymentIntent.objects.filter(order=order).order_by("created_at", "pk")


def notifications_needing_attention() -> QuerySet[PaymentNotification]:
    """What an operator should look at: forged, malformed, unknown orders and amounts that differ."""
    return PaymentNotification.objects.filter(outcome__in=["forged", "malformed", "unknown_order",
                                                           "amount_mismatch"]).order_by("-received_at", "-pk")


def refunds_needed_open() -> QuerySet[PaymentRefundNeeded]:
    return PaymentRefundNeeded.objects.filter(refunded_at__isnull=True).select_related("intent__order")
