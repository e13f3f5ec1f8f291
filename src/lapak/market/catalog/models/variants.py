"""A sellable variant of a product: one SKU, one price in whole rupiah, shipping weight and size."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField

# Rp 1,000,000,000,000: far above any honest listing; anything higher is a typo or an attack on totals.
PRICE_MAX = 1_000_000_000_000
WEIGHT_MAX_GRAMS = 1_000_000  # 1 tonne: courier and cargo services stop well before this
DIMENSION_MAX_MM = 10_000  # 10 metres on any side


class Variant(models.Model):
    public_id = PublicIdField(prefix="var")
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="variants"
    )
    # Denormalised from product.seller so "SKU unique per seller" is a database constraint, not a race.
    seller = models.ForeignKey(
        "sellers.SellerOrganisation", verbose_name=_("seller"), on_delete=models.PROTECT, related_name="+"
    )
    sku = models.CharField(_("SKU"), max_length=64)
    price = models.PositiveBigIntegerField(_("price (rupiah)"))
    options = models.JSONField(_("option values"), default=dict, blank=True)
    weight_grams = models.PositiveIntegerField(_("weight (grams)"))
    length_mm = models.PositiveIntegerField(_("length (mm)"))
    width_mm = models.PositiveIntegerField(_("width (mm)"))
    height_mm = models.PositiveIntegerField(_("height (mm)"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "sku"], name="catalog_variant_sku_per_seller"),
            models.CheckConstraint(condition=Q(price__gte=1, price__lte=PRICE_MAX), name="catalog_variant_price"),
        ]
        indexes = [models.Index(fields=["updated_at"], name="catalog_variant_updated")]  # the oversight price rollup

    def __str__(self) -> str:
        return self.sku
