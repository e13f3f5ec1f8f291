"""Read-only admin views of orders: statuses change only through the services (transitions.py)."""

from __future__ import annotations

from django.contrib import admin

from lapak.core.admin import ReadOnlyAdmin
from lapak.market.orders.models import (
    Order,
    OrderEvent,
    OrderLine,
    RefundRequest,
    ReturnLine,
    ReturnRequest,
    SellerOrder,
)


class SellerOrderInline(admin.TabularInline):
    model = SellerOrder
    extra = 0
    fields = ("public_id", "seller", "status", "courier_code", "service_code", "shipping_fee", "goods_subtotal",
              "seller_discount")
    readonly_fields = fields
    can_delete = False


class EventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    fields = ("at", "kind", "seller_order", "from_status", "to_status", "actor", "data")
    readonly_fields = fields
    can_delete = False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "buyer", "status", "grand_total", "placed_at", "payment_due_at")
    list_filter = ("status",)
    search_fields = ("public_id",)
    inlines = [SellerOrderInline, EventInline]


class LineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    fields = ("sku", "title", "variant_label", "unit_price", "quantity", "line_total")
    readonly_fields = fields
    can_delete = False


@admin.register(SellerOrder)
class SellerOrderAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "order", "seller", "status", "goods_subtotal", "created_at")
    list_filter = ("status",)
    search_fields = ("public_id", "order__public_id")
    inlines = [LineInline]


class ReturnLineInline(admin.TabularInline):
    model = ReturnLine
    extra = 0
    fields = ("order_line", "quantity")
    readonly_fields = fields
    can_delete = False


@admin.register(ReturnRequest)
class ReturnRequestAdmin(ReadOnlyAdmin):
    """Read-only: operators decide disputes on /operations/returns/ (photos are served there, with access
    checks; the private storage has no addresses for the admin to link to)."""

    list_display = ("public_id", "seller_order", "status", "reason", "refund_amount", "requested_at", "due_at")
    list_filter = ("status", "reason")
    search_fields = ("public_id", "seller_order__public_id", "seller_order__order__public_id")
    inlines = [ReturnLineInline]


@admin.register(RefundRequest)
class RefundRequestAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "order", "seller_order", "amount", "status", "route", "attempts", "error",
                    "requested_at", "due_at", "paid_at")
    list_filter = ("status",)
    search_fields = ("public_id", "order__public_id")
