from django.contrib import admin

from lapak.market.shipping.models import Courier, CourierService, Rate, Shipment, TrackingEvent, Zone


class ServiceInline(admin.TabularInline):
    model = CourierService
    extra = 0


@admin.register(Courier)
class CourierAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "booking", "volumetric_divisor", "rounding_tolerance_grams", "is_active")
    inlines = [ServiceInline]


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ("code", "name")


@admin.register(Rate)
class RateAdmin(admin.ModelAdmin):
    list_display = ("service", "same_city", "origin_zone", "destination_zone", "price_per_kg", "eta_min_days",
                    "eta_max_days")
    list_filter = ("service__courier",)


class EventInline(admin.TabularInline):
    model = TrackingEvent
    extra = 0
    can_delete = False
    fields = ("occurred_at", "status", "applied", "description", "location", "provider_event_id")
    readonly_fields = fields


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    # Status changes only through tracking events (tracking_event_record), never by hand here.
    list_display = ("public_id", "seller_order_ref", "courier", "service", "tracking_number", "status")
    list_filter = ("courier", "status")
    search_fields = ("public_id", "seller_order_ref", "tracking_number")
    readonly_fields = [f.name for f in Shipment._meta.fields]
    inlines = [EventInline]
