"""Reference data the rules read, each row dated: HS-code positive lists, KMK exchange rates, certificate
requirements per category, and changes to the public-holiday calendar. Changing any of it is audited."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.compliance.models.rules import VersionStatus
from lapak.core.ids import PublicIdField


def _range_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(effective_until__isnull=True) | Q(effective_until__gte=F("effective_from")), name=name)


class HsListVersion(models.Model):
    """One version of the positive list (ID-XB-2, Kepmendag 1998/2023): HS codes exempt from the price floor."""

    public_id = PublicIdField(prefix="hsl")
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2)
    label = models.CharField(_("label"), max_length=80)
    source = models.CharField(_("source"), max_length=200)
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(_("in force until"), null=True, blank=True)  # inclusive
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    created_by = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("HS positive list version")
        ordering = ["jurisdiction", "-effective_from"]
        constraints = [_range_check("compliance_hs_version_range")]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.label}"


class HsListEntry(models.Model):
    version = models.ForeignKey(HsListVersion, on_delete=models.CASCADE, related_name="entries")
    hs_code = models.CharField(_("HS code"), max_length=8)  # eight digits, no dots
    description = models.CharField(_("description"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("HS positive list entry")
        constraints = [
            models.UniqueConstraint(fields=["version", "hs_code"], name="compliance_hs_entry_unique"),
            models.CheckConstraint(condition=Q(hs_code__regex=r"^[0-9]{8}$"), name="compliance_hs_entry_digits"),
        ]

    def __str__(self) -> str:
        return self.hs_code


class ExchangeRate(models.Model):
    """A Finance Minister's weekly rate (KMK): rupiah per one unit of `currency`, valid for a week."""

    public_id = PublicIdField(prefix="kmk")
    currency = models.CharField(_("currency"), max_length=3)
    idr_per_unit = models.DecimalField(_("rupiah per unit"), max_digits=18, decimal_places=4)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))  # inclusive
    source = models.CharField(_("source"), max_length=200)  # the KMK's number
    created_by = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("exchange rate")
        ordering = ["currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_from"], name="compliance_rate_unique"),
            models.CheckConstraint(condition=Q(idr_per_unit__gt=0), name="compliance_rate_positive"),
            models.CheckConstraint(condition=Q(valid_until__gte=F("valid_from")), name="compliance_rate_range"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.idr_per_unit} from {self.valid_from}"


class CertificateRequirement(models.Model):
    """A category's products need a certificate (ID-PRD-1) from a date; halal timing is ID-PRD-2's own rule."""

    public_id = PublicIdField(prefix="crq")
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2)
    category_slug = models.SlugField(_("category"), max_length=80)
    kind = models.CharField(_("certificate"), max_length=8)  # sni, bpom, halal
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(_("in force until"), null=True, blank=True)  # inclusive
    source = models.CharField(_("source"), max_length=200, blank=True, default="")
    created_by = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("certificate requirement")
        ordering = ["jurisdiction", "category_slug", "kind", "effective_from"]
        indexes = [models.Index(fields=["jurisdiction", "category_slug"], name="compliance_certreq_cat")]
        constraints = [_range_check("compliance_certreq_range")]

    def __str__(self) -> str:
        return f"{self.jurisdiction}:{self.category_slug} needs {self.kind}"


class HolidayChange(models.Model):
    """A correction to the `holidays` package's calendar: a collective leave day added, or a day removed."""

    public_id = PublicIdField(prefix="hol")
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2)
    day = models.DateField(_("day"))
    is_holiday = models.BooleanField(_("is a holiday"))
    name = models.CharField(_("name"), max_length=120)
    source = models.CharField(_("source"), max_length=200, blank=True, default="")
    created_by = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("holiday change")
        ordering = ["jurisdiction", "day"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "day"], name="compliance_holiday_unique")]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.day}: {self.name}"
