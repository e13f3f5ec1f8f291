"""The price-dumping rollup (a compact copy of each active listing's price, per-category medians by day, and the
flagged listings) and the legal requests that let a regulator see a seller's name.

Catalogue rows are referred to by their internal primary keys as plain integers, not foreign keys: the oversight
app reads the marketplace only through its selectors, and these keys never leave the database.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField

PRICE_ROLLUP = "pricing"  # the name of the rollup and of its watermark


class PricedListing(models.Model):
    """One active listing's lowest variant price as of the last refresh: what the category medians are computed
    from, and where a listing's previous category is found when it moves or stops being active."""

    product_id = models.BigIntegerField(unique=True)
    jurisdiction = models.CharField(max_length=2)
    category_id = models.BigIntegerField()
    price = models.PositiveBigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["jurisdiction", "category_id"], name="pricing_listing_category")]

    def __str__(self) -> str:
        return f"product {self.product_id}: {self.price}"


class CategoryPriceStat(models.Model):
    """A category's prices on a day it was recomputed (one row per day it changed); `current` marks each
    category's latest row, so a figure reads the current medians without sorting the history."""

    day = models.DateField()
    jurisdiction = models.CharField(max_length=2)
    category_id = models.BigIntegerField()
    listings = models.PositiveIntegerField()
    median = models.DecimalField(max_digits=16, decimal_places=1, null=True, blank=True)
    p25 = models.PositiveBigIntegerField(null=True, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)
    current = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "jurisdiction", "category_id"],
                                               name="pricing_stat_day_category")]
        indexes = [models.Index(fields=["jurisdiction", "current"], name="pricing_stat_current")]

    def __str__(self) -> str:
        return f"{self.jurisdiction} category {self.category_id} on {self.day}"


class PriceSignal(models.Model):
    """A listing priced far below its category's median when its category was last recomputed."""

    jurisdiction = models.CharField(max_length=2)
    category_id = models.BigIntegerField()
    product_id = models.BigIntegerField(unique=True)
    price = models.PositiveBigIntegerField()
    median = models.DecimalField(max_digits=16, decimal_places=1)
    ratio = models.DecimalField(max_digits=6, decimal_places=4)
    comparables = models.PositiveIntegerField()  # the other active listings of the category
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["jurisdiction", "ratio"], name="pricing_signal_ratio")]

    def __str__(self) -> str:
        return f"product {self.product_id} at {self.ratio} of the median"


class LegalRequest(models.Model):
    """A request from an authority, on a legal basis, that names one seller organisation: while it is in force a
    regulator of its jurisdiction sees that seller's shop name beside the pseudonym. Recorded by operators."""

    public_id = PublicIdField(prefix="lgr")
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2)
    authority = models.CharField(_("authority"), max_length=200)
    reference_number = models.CharField(_("reference number"), max_length=100)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    received_on = models.DateField(_("received on"))
    seller_id = models.CharField(_("seller organisation"), max_length=40, db_index=True)  # org_… public id
    scope_note = models.TextField(_("scope"), blank=True, default="")
    expires_on = models.DateField(_("expires on"), null=True, blank=True)  # inclusive; empty: no end date
    recorded_by = models.CharField(_("recorded by"), max_length=40)  # the operator's usr_… public id
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("legal request")
        verbose_name_plural = _("legal requests")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "reference_number", "seller_id"],
                                    name="pricing_legal_request_unique"),
            models.CheckConstraint(condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("received_on")),
                                   name="pricing_legal_request_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.reference_number} ({self.public_id})"
