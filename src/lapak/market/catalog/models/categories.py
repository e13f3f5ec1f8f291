"""The category tree. Each category declares which certificates its products need (ID-PRD-1/2)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateKind(models.TextChoices):
    SNI = "sni", _("SNI (Indonesian National Standard)")
    BPOM = "bpom", _("BPOM registration")
    HALAL = "halal", _("Halal certificate")


class Category(models.Model):
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    # A list of CertificateKind values; kept as JSON because the set is tiny and read whole.
    required_certificates = models.JSONField(_("required certificates"), default=list, blank=True)
    # Food and drink must be halal-certified (UU 33/2014); the compliance rules read this flag.
    halal_food = models.BooleanField(_("halal-regulated food or drink"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    # Working days after delivery a buyer may ask to return (ID-CON-1: at least 2); empty: the platform default.
    return_window_days = models.PositiveSmallIntegerField(_("return window (working days)"), null=True, blank=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(condition=models.Q(return_window_days__isnull=True)
                                   | models.Q(return_window_days__gte=2, return_window_days__lte=30),
                                   name="catalog_category_return_window"),
        ]

    def __str__(self) -> str:
        return self.name_en or self.slug

    def name_for(self, language: str) -> str:
        return self.name_id if language.startswith("id") else self.name_en
