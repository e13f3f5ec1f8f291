"""Read-only admin views of payments: the inbox is where an operator sees forged, malformed, unknown and
mismatched notifications (filter by outcome), the refunds that money arriving too late needs, and the
cash-on-delivery parcels with the couriers' remittance lines (filter by outcome for the mismatches)."""

from __future__ import annotations

from django.contrib import admin

from lapak.core.admin import ReadOnlyAdmin
from lapak.market.payments.models import PaymentIntent, PaymentNotification, PaymentRefundNeeded, Payout
from lapak.market.payments.models_cod import CodParcel, CodRemittanceLine


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


@admin.register(CodParcel)
class CodParcelAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "seller_order", "amount", "escrow_amount", "status", "provider", "tracking_number",
                    "created_at", "collected_at", "remitted_at")
    list_filter = ("status", "provider")
    search_fields = ("public_id", "tracking_number", "seller_order__public_id", "intent__public_id")
    list_select_related = ("seller_order",)


@admin.register(CodRemittanceLine)
class CodRemittanceLineAdmin(ReadOnlyAdmin):
    list_display = ("recorded_at", "provider", "reference", "remitted_on", "tracking_number", "amount",
                    "expected_amount", "outcome", "parcel")
    list_filter = ("outcome", "provider", "remitted_on")
    search_fields = ("reference", "tracking_number", "parcel__public_id")
    list_select_related = ("parcel",)
