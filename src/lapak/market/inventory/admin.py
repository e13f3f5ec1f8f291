from django.contrib import admin

from lapak.core.admin import ReadOnlyAdmin
from lapak.market.inventory.models import Allocation, Reservation, Stock, StockMovement, Warehouse


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ["public_id", "name", "organisation", "region", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["public_id", "name"]
    raw_id_fields = ["organisation", "region"]
    readonly_fields = ["public_id", "created_at"]




@admin.register(Stock)
class StockAdmin(ReadOnlyAdmin):
    list_display = ["pk", "variant", "warehouse", "quantity", "quantity_allocated"]
    list_select_related = ["variant", "warehouse"]


@admin.register(Reservation)
class ReservationAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "stock", "quantity", "key", "reserved_until"]
    search_fields = ["public_id", "key"]


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "stock", "order_line_ref", "quantity", "created_at"]
    search_fields = ["order_line_ref"]


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = ["at", "stock", "kind", "delta", "quantity_after", "actor", "reference"]
    list_filter = ["kind"]
