"""Operators' admin for the catalogue. Listing states change only through `listing_transition`, so the state
and decision fields are read-only here."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from lapak.market.catalog.models import Category, Certificate, Product, ProductImage, Variant


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_id", "name_en", "parent", "required_certificates", "halal_food", "is_active")
    list_filter = ("is_active", "halal_food")
    search_fields = ("slug", "name_id", "name_en")
    prepopulated_fields = {"slug": ("name_en",)}
    raw_id_fields = ("parent",)


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0
    fields = ("public_id", "sku", "price", "options", "weight_grams", "is_active")
    readonly_fields = fields
    can_delete = False


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 0
    fields = ("kind", "number", "issuer", "expires_on")
    readonly_fields = fields
    can_delete = False


class ImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ("public_id", "thumbnail", "width", "height", "position")
    readonly_fields = fields
    can_delete = False


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("public_id", "title", "seller", "category", "origin", "status", "updated_at")
    list_filter = ("status", "origin")
    search_fields = ("public_id", "title", "seller__shop_name")
    readonly_fields = ("public_id", "seller", "status", "refusal_reasons", "last_decision_id", "published_at",
                       "created_at", "updated_at", "origin", "origin_country", "hs_code", "fob_value_usd_cents")
    raw_id_fields = ("category",)
    inlines = (VariantInline, CertificateInline, ImageInline)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # products are made through the services, which check the seller and the fields

    def has_delete_permission(self, request: HttpRequest, obj: Product | None = None) -> bool:
        return False  # removal is a lifecycle step with an audit event
