"""Read-only admin views of payments: the inbox is where an operator sees forged, malformed, unknown and
mismatched notifications (filter by outcome), and the refunds that money arriving too late needs."""

from __future__ import annotations

from django.contrib import admin

from lapak.core.admin import ReadOnlyAdmin
from lapak.market.payments.models import PaymentIntent, PaymentNotification, PaymentRefundNeeded, Payout


@admin.register(PaymentIntent)
class PaymentIntentAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "order", "method", "channel", "amount", "status", "created_at", "paid_at")
    list_filter = ("status", "method", "provider")
    search_fields = ("public_id", "provider_order_id", "provider_ref", "order__public_id")


@admin.register(PaymentNotification)
class PaymentNotificationAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "provider", "source", "outcome", "signature_ok", "intent", "error")
    list_filter = ("outcome", "provider", "source", "signature_ok")
    search_fields = ("event_key", "intent__public_id")


@admin.register(PaymentRefundNeeded)
class PaymentRefundNeededAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "intent", "amount", "reason", "created_at", "refunded_at")
    list_filter = ("reason",)


@admin.register(Payout)
class PayoutAdmin(ReadOnlyAdmin):
    """Where operators see held, failed and returned payouts with their reasons and errors."""

    list_display = ("public_id", "seller", "batch_date", "amount", "status", "hold_reasons", "attempts", "error",
                    "paid_at")
    list_filter = ("status", "batch_date")
    search_fields = ("public_id", "gateway_ref", "seller__public_id")
