"""Reads of payments."""

from __future__ import annotations

from django.db.models import QuerySet

from lapak.market.orders.models import Order, RefundRequest
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


def refund_of_buyer(*, buyer: object, public_id: str) -> RefundRequest | None:
    """The buyer's refund with this public id; None for a missing one and for another buyer's alike."""
    if not getattr(buyer, "is_authenticated", False):
        return None
    return (RefundRequest.objects.select_related("order", "seller_order", "return_request")
            .filter(public_id=public_id, order__buyer=buyer).first())


def refunds_of_order(*, order: Order) -> QuerySet[RefundRequest]:
    return (RefundRequest.objects.filter(order=order)
            .select_related("order", "seller_order", "return_request", "bank_refund").order_by("pk"))
