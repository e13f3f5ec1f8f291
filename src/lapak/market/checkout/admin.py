"""Read-only admin for carts: operators may look (support questions), never edit a buyer's cart."""

from __future__ import annotations

from django.contrib import admin

from lapak.market.checkout.models import Cart, CartLine


class CartLineInline(admin.TabularInline):
    model = CartLine
    fields = ("variant", "quantity", "unit_price", "title", "variant_label", "added_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    list_display = ("public_id", "user", "created_at", "updated_at")
    search_fields = ("public_id", "user__email")
    fields = ("public_id", "user", "created_at", "updated_at")
    readonly_fields = fields
    inlines = [CartLineInline]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
