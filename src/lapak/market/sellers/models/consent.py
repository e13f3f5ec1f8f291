"""Consent to the processing of identity data, purpose by purpose and policy version by version (ID-PDP-1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField


class ConsentPurpose(models.TextChoices):
    KYC_VERIFICATION = "kyc_verification", _("Verifying my identity as a seller")
    PAYOUT_PROCESSING = "payout_processing", _("Paying out my sales to my bank account")
    FRAUD_PREVENTION = "fraud_prevention", _("Preventing fraud")


class ConsentEnd(models.TextChoices):
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUPERSEDED = "superseded", _("Replaced by consent to a newer policy version")


class ConsentRecord(models.Model):
    """One grant. Never updated except to end it, so the record shows what was agreed to, and when."""

    public_id = PublicIdField(prefix="cns")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seller_consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    policy_version = models.CharField(_("policy version"), max_length=30)
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(_("how it ended"), max_length=12, choices=ConsentEnd.choices, blank=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"], condition=Q(ended_at__isnull=True), name="sellers_consent_one_live"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} v{self.policy_version}"

    @property
    def is_live(self) -> bool:
        return self.ended_at is None
