"""Read-only admin views: legal requests are recorded through the audited operator page, and the rollup tables are
rebuilt by their task, never edited by hand."""

from django.contrib import admin
from django.http import HttpRequest

from lapak.oversight.pricing.models import CategoryPriceStat, LegalRequest, PriceSignal


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(LegalRequest)
class LegalRequestAdmin(ReadOnly):
    list_display = ["public_id", "jurisdiction", "authority", "reference_number", "seller_id", "received_on",
                    "expires_on", "recorded_by", "recorded_at"]
    list_filter = ["jurisdiction"]
    search_fields = ["public_id", "reference_number", "seller_id"]


@admin.register(CategoryPriceStat)
class CategoryPriceStatAdmin(ReadOnly):
    list_display = ["day", "jurisdiction", "category_id", "listings", "median", "p25", "current"]
    list_filter = ["jurisdiction", "current"]


@admin.register(PriceSignal)
class PriceSignalAdmin(ReadOnly):
    list_display = ["jurisdiction", "category_id", "product_id", "price", "median", "ratio", "comparables"]
    list_filter = ["jurisdiction"]
