"""Couriers and their services, rate tables by zone, shipments and their tracking events.

A zone is a named set of provinces (Kemendagri 2-digit codes); a rate is the price per chargeable kilogram
and the estimated days for one service between two zones, or within one regency/city ("same city").
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField


class ServiceLevel(models.TextChoices):
    REGULAR = "regular", _("Regular")
    EXPRESS = "express", _("Express")
    SAME_DAY = "same_day", _("Same day")


class Booking(models.TextChoices):
    """How shipments with a courier are booked: its own sandbox, or through the KiriminAja aggregator."""

    SANDBOX = "sandbox", _("Sandbox")
    KIRIMINAJA = "kiriminaja", _("KiriminAja")


class Courier(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=80)
    is_active = models.BooleanField(_("active"), default=True)
    booking = models.CharField(_("booking through"), max_length=20, choices=Booking.choices)
    booking_code = models.CharField(_("code at the booking provider"), max_length=30, blank=True, default="")
    # Volumetric kilograms = length x width x height (cm) / divisor; 6000 for parcels at the big couriers.
    volumetric_divisor = models.PositiveIntegerField(_("volumetric divisor"), default=6000)
    # Grams above a whole kilogram that are not charged: 300 means 1.3 kg is charged as 1 kg, 1.301 kg as 2.
    rounding_tolerance_grams = models.PositiveIntegerField(_("rounding tolerance (g)"), default=300)

    class Meta:
        verbose_name = _("courier")
        verbose_name_plural = _("couriers")
        constraints = [
            models.CheckConstraint(condition=Q(volumetric_divisor__gt=0), name="shipping_courier_divisor_pos"),
            models.CheckConstraint(condition=Q(rounding_tolerance_grams__lt=1000), name="shipping_courier_tolerance"),
        ]

    def __str__(self) -> str:
        return self.name


class CourierService(models.Model):
    courier = models.ForeignKey(Courier, on_delete=models.PROTECT, related_name="services")
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=80)
    level = models.CharField(_("level"), max_length=10, choices=ServiceLevel.choices)
    is_active = models.BooleanField(_("active"), default=True)
    # The courier collects cash on delivery with this service (and remits it to Lapak later).
    cod = models.BooleanField(_("cash on delivery"), default=False)

    class Meta:
        verbose_name = _("courier service")
        verbose_name_plural = _("courier services")
        constraints = [models.UniqueConstraint(fields=["courier", "code"], name="shipping_service_unique_code")]

    def __str__(self) -> str:
        return f"{self.courier.code} {self.code}"


class Zone(models.Model):
    code = models.SlugField(_("code"), max_length=30, primary_key=True)
    name = models.CharField(_("name"), max_length=80)
    provinces = models.JSONField(_("province codes"), default=list)

    class Meta:
        verbose_name = _("shipping zone")
        verbose_name_plural = _("shipping zones")

    def __str__(self) -> str:
        return self.name


class Rate(models.Model):
    """One row of a service's rate table. `same_city` rows have no zones; other rows have both."""

    service = models.ForeignKey(CourierService, on_delete=models.CASCADE, related_name="rates")
    same_city = models.BooleanField(_("within one regency or city"), default=False)
    origin_zone = models.ForeignKey(Zone, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    destination_zone = models.ForeignKey(Zone, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    price_per_kg = models.PositiveIntegerField(_("price per kg (Rp)"))
    eta_min_days = models.PositiveSmallIntegerField(_("earliest days"))
    eta_max_days = models.PositiveSmallIntegerField(_("latest days"))

    class Meta:
        verbose_name = _("rate")
        verbose_name_plural = _("rates")
        constraints = [
            models.CheckConstraint(
                condition=Q(same_city=True, origin_zone__isnull=True, destination_zone__isnull=True)
                | Q(same_city=False, origin_zone__isnull=False, destination_zone__isnull=False),
                name="shipping_rate_scope",
            ),
            models.CheckConstraint(condition=Q(eta_max_days__gte=models.F("eta_min_days")), name="shipping_rate_eta"),
            models.UniqueConstraint(fields=["service"], condition=Q(same_city=True), name="shipping_rate_one_city"),
            models.UniqueConstraint(fields=["service", "origin_zone", "destination_zone"],
                                    name="shipping_rate_one_per_zones"),
        ]

    def __str__(self) -> str:
        where = "same city" if self.same_city else f"{self.origin_zone_id} -> {self.destination_zone_id}"
        return f"{self.service_id}: {where}"


class ShipmentStatus(models.TextChoices):
    CREATED = "created", _("Created")
    PICKED_UP = "picked_up", _("Picked up")
    IN_TRANSIT = "in_transit", _("In transit")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Delivery failed")
    RETURNED = "returned", _("Returned to sender")


class Shipment(models.Model):
    public_id = PublicIdField(prefix="shp")
    # The seller order this parcel belongs to; an opaque reference until orders exist.
    seller_order_ref = models.CharField(_("seller order reference"), max_length=64, db_index=True)
    courier = models.ForeignKey(Courier, on_delete=models.PROTECT, related_name="shipments")
    service = models.ForeignKey(CourierService, on_delete=models.PROTECT, related_name="shipments")
    origin_region = models.CharField(_("origin village"), max_length=13)
    destination_region = models.CharField(_("destination village"), max_length=13)
    chargeable_grams = models.PositiveIntegerField(_("chargeable weight (g)"))
    price = models.PositiveIntegerField(_("price (Rp)"))
    eta_min_days = models.PositiveSmallIntegerField(_("earliest days"))
    eta_max_days = models.PositiveSmallIntegerField(_("latest days"))
    # NULL until the courier assigns one: unique per courier, and NULLs never collide where "" would.
    tracking_number = models.CharField(_("tracking number"), max_length=64, null=True, blank=True)  # noqa: DJ001
    booking_claimed_at = models.DateTimeField(null=True, blank=True)
    # Cash the courier collects from the recipient (0: none), sent with the booking; see CashOnDelivery.
    cod_amount = models.PositiveBigIntegerField(_("cash to collect (Rp)"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=ShipmentStatus.choices,
                              default=ShipmentStatus.CREATED)
    # When the event that set the current status happened (at the courier), so older events cannot undo it.
    status_occurred_at = models.DateTimeField(_("status since"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        constraints = [
            models.UniqueConstraint(fields=["courier", "tracking_number"], name="shipping_tracking_number_unique"),
        ]
        indexes = [models.Index(fields=["courier", "status"], name="shipping_shipment_courier_st")]

    def __str__(self) -> str:
        return self.public_id


class TrackingEvent(models.Model):
    """One event from a courier. Every event is kept (the timeline); only some move the shipment's status."""

    shipment = models.ForeignKey(Shipment, on_delete=models.PROTECT, related_name="events")
    courier = models.ForeignKey(Courier, on_delete=models.PROTECT, related_name="+")
    provider_event_id = models.CharField(_("provider event id"), max_length=128)
    status = models.CharField(_("status"), max_length=12, choices=ShipmentStatus.choices)
    description = models.CharField(_("description"), max_length=300, blank=True, default="")
    location = models.CharField(_("location"), max_length=120, blank=True, default="")
    occurred_at = models.DateTimeField(_("occurred at"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    applied = models.BooleanField(_("changed the status"), default=False)

    class Meta:
        verbose_name = _("tracking event")
        verbose_name_plural = _("tracking events")
        constraints = [
            models.UniqueConstraint(fields=["courier", "provider_event_id"], name="shipping_event_unique_provider_id"),
        ]
        indexes = [models.Index(fields=["shipment", "occurred_at"], name="shipping_event_timeline")]

    def __str__(self) -> str:
        return f"{self.provider_event_id} {self.status}"


class CashOnDelivery(models.Model):
    """The cash a courier must collect when it delivers a seller order's parcel: written by payments when the
    buyer chooses cash on delivery, copied onto the parcel's shipment when it is made and sent with the booking.
    Keyed by the same opaque reference as shipments, so a return's shipment (another reference) collects nothing."""

    seller_order_ref = models.CharField(_("seller order reference"), max_length=64, unique=True)
    amount = models.PositiveBigIntegerField(_("cash to collect (Rp)"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("cash on delivery")
        verbose_name_plural = _("cash on delivery")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="shipping_cod_amount_pos")]

    def __str__(self) -> str:
        return f"{self.seller_order_ref} {self.amount}"
