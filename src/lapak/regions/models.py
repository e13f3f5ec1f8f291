"""Kemendagri administrative regions, the vintage they were loaded from, and the codes they used to have.

Glossary: provinsi (province) > kabupaten/kota (regency/city) > kecamatan, or distrik in Papua (district) >
kelurahan/desa (urban/rural village). Every region has a dotted Kemendagri code ("32.76.01.1001"); its digits
("3276011001") are what a NIK (the 16-digit resident number) starts with: 2 + 2 + 2 digits down to the district.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    REGENCY = 2, _("Regency or city")
    DISTRICT = 3, _("District")
    VILLAGE = 4, _("Village")


class RegionKind(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KABUPATEN = "kabupaten", _("Regency")
    KABUPATEN_ADMINISTRASI = "kabupaten_administrasi", _("Administrative regency")
    KOTA = "kota", _("City")
    KOTA_ADMINISTRASI = "kota_administrasi", _("Administrative city")
    KECAMATAN = "kecamatan", _("District")
    DISTRIK = "distrik", _("District (Papua)")
    KELURAHAN = "kelurahan", _("Urban village")
    DESA = "desa", _("Village")
    DESA_ADAT = "desa_adat", _("Customary village")


class Region(models.Model):
    """One region of the current Kemendagri list. The tree is stored by parent, so children are one index scan."""

    code = models.CharField(_("code"), max_length=13, primary_key=True, help_text=_("Dotted, e.g. 32.76.01.1001."))
    digits = models.CharField(_("code digits"), max_length=10, unique=True, help_text=_("The code without dots."))
    # Indexed together with code below, which also serves lookups by parent alone.
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", db_index=False
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=RegionLevel.choices)
    kind = models.CharField(_("kind"), max_length=24, choices=RegionKind.choices)
    name = models.CharField(_("name"), max_length=100)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True, default="")

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [models.Index(fields=["parent", "code"], name="regions_region_parent_code")]
        constraints = [
            models.CheckConstraint(
                condition=Q(level=1, parent__isnull=True) | Q(level__gte=2, level__lte=4, parent__isnull=False),
                name="regions_region_level_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class RegionDataset(models.Model):
    """One load of the region data: where it came from, which decree it follows, and what it held."""

    source = models.CharField(_("source package"), max_length=50)
    source_version = models.CharField(_("source version"), max_length=30)
    decree = models.CharField(_("decree"), max_length=100)
    data_sha256 = models.CharField(_("data SHA-256"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    load_ms = models.PositiveIntegerField(_("load time (ms)"), default=0)
    province_count = models.PositiveIntegerField(default=0)
    regency_count = models.PositiveIntegerField(default=0)
    district_count = models.PositiveIntegerField(default=0)
    village_count = models.PositiveIntegerField(default=0)
    historical_code_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("region dataset")
        verbose_name_plural = _("region datasets")

    def __str__(self) -> str:
        return f"{self.source} {self.source_version} ({self.decree})"

    @property
    def region_count(self) -> int:
        return self.province_count + self.regency_count + self.district_count + self.village_count


class HistoricalRegionCode(models.Model):
    """A regency (4 digits) or district (6 digits) code that is no longer in use, and the region that took over.

    NIKs keep the code of first registration, so a NIK issued before a split still starts with the old code.
    """

    code = models.CharField(_("historical code"), max_length=6, primary_key=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=RegionLevel.choices)
    name = models.CharField(_("name then"), max_length=100)
    successor = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="historical_codes", verbose_name=_("successor")
    )
    changed_in = models.PositiveSmallIntegerField(_("changed in (year)"))
    source = models.CharField(_("source"), max_length=40, help_text=_("A key described in regions/data/README.md."))

    class Meta:
        verbose_name = _("historical region code")
        verbose_name_plural = _("historical region codes")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=[2, 3]),
                name="regions_historical_code_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
