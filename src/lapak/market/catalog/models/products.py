"""Products (listings), their images and their certificates."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField
from lapak.market.catalog.models.categories import CertificateKind


class Origin(models.TextChoices):
    DOMESTIC = "domestic", _("Made in Indonesia")
    IMPORTED_LOCAL = "imported_local", _("Imported by a local seller")
    CROSS_BORDER_DIRECT = "cross_border_direct", _("Shipped directly from abroad")


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACTIVE = "active", _("Active")
    REFUSED = "refused", _("Refused")
    PAUSED = "paused", _("Paused")
    REMOVED = "removed", _("Removed")


class Product(models.Model):
    public_id = PublicIdField(prefix="prd")
    seller = models.ForeignKey(
        "sellers.SellerOrganisation", verbose_name=_("seller"), on_delete=models.PROTECT, related_name="products"
    )
    category = models.ForeignKey(
        "catalog.Category", verbose_name=_("category"), on_delete=models.PROTECT, related_name="products"
    )
    title = models.CharField(_("title"), max_length=200)
    description_id = models.TextField(_("description (Indonesian)"), blank=True, default="")
    description_en = models.TextField(_("description (English)"), blank=True, default="")
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.DOMESTIC)
    origin_country = models.CharField(_("country of origin"), max_length=2, default="ID")
    hs_code = models.CharField(_("HS code"), max_length=8, blank=True, default="")
    fob_value_usd_cents = models.PositiveBigIntegerField(_("FOB value (US cents)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ListingStatus.choices, default=ListingStatus.DRAFT, db_index=True
    )
    refusal_reasons = models.JSONField(_("refusal reasons"), default=list, blank=True)
    last_decision_id = models.CharField(max_length=40, blank=True, default="")
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["seller", "status"], name="catalog_product_seller_status"),
            models.Index(fields=["category", "status"], name="catalog_product_cat_status"),
            # The oversight price rollup reads what changed since its watermark.
            models.Index(fields=["updated_at"], name="catalog_product_updated"),
        ]

    def __str__(self) -> str:
        return self.title


class ProductImage(models.Model):
    public_id = PublicIdField(prefix="img")
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="images"
    )
    # Product pictures are public, so they live in the default storage unencrypted (unlike KYC documents).
    image = models.ImageField(_("image"), upload_to="catalog/images/")
    thumbnail = models.ImageField(_("thumbnail"), upload_to="catalog/thumbs/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.public_id


class Certificate(models.Model):
    public_id = PublicIdField(prefix="crt")
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="certificates"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=CertificateKind.choices)
    number = models.CharField(_("number"), max_length=60)
    issuer = models.CharField(_("issuer"), max_length=120, blank=True, default="")
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [models.UniqueConstraint(fields=["product", "kind"], name="catalog_certificate_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.number}"
