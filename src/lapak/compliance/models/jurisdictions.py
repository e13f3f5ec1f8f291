"""A jurisdiction: a market Lapak runs under one rule pack (ISO 3166 code), with its money and language."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Jurisdiction(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    currency = models.CharField(_("currency"), max_length=3)
    language = models.CharField(_("default language"), max_length=5)
    time_zone = models.CharField(_("time zone"), max_length=40)
    # The platform's own first-party or direct cross-border retail ("Project S") is governed by the rules;
    # this only says what the pack was written for, for people reading the console.
    summary_id = models.TextField(_("summary (Indonesian)"), blank=True, default="")
    summary_en = models.TextField(_("summary (English)"), blank=True, default="")

    class Meta:
        verbose_name = _("jurisdiction")
        ordering = ["code"]
        constraints = [models.CheckConstraint(condition=models.Q(code__regex=r"^[A-Z]{2}$"),
                                              name="compliance_jurisdiction_code")]

    def __str__(self) -> str:
        return self.code
