"""Kill switches and pilots: a feature of a jurisdiction is on, off, or on only for listed sellers."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SwitchState(models.TextChoices):
    ON = "on", _("On")
    OFF = "off", _("Off (suspended)")
    PILOT = "pilot", _("Pilot (listed sellers only)")


class FeatureSwitch(models.Model):
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2)
    feature = models.CharField(_("feature"), max_length=40)  # live_shopping, cross_border, payment_method:qris, …
    state = models.CharField(_("state"), max_length=5, choices=SwitchState.choices, default=SwitchState.ON)
    pilot_sellers = models.JSONField(_("pilot sellers"), default=list, blank=True)  # organisation public ids
    reason = models.TextField(_("reason"), blank=True, default="")
    changed_by = models.CharField(max_length=100, blank=True, default="")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feature switch")
        ordering = ["jurisdiction", "feature"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "feature"], name="compliance_switch_unique")]

    def __str__(self) -> str:
        return f"{self.jurisdiction}:{self.feature}={self.state}"
