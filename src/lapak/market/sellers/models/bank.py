"""Payout bank accounts. An organisation has at most one current account; replaced ones are kept (financial
records, ID-REC-1: 10 years)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField
from lapak.market.sellers.models.fields import identity_columns
from lapak.market.sellers.models.organisations import SellerOrganisation


class BankAccountStatus(models.TextChoices):
    PENDING = "pending", _("Pending verification")
    VERIFIED = "verified", _("Verified")
    NEEDS_REVIEW = "needs_review", _("Needs review (holder name does not match)")
    REJECTED = "rejected", _("Rejected")


class BankAccount(models.Model):
    public_id = PublicIdField(prefix="bac")
    organisation = models.ForeignKey(SellerOrganisation, on_delete=models.PROTECT, related_name="bank_accounts")
    bank_code = models.CharField(_("bank"), max_length=20, help_text=_("The bank's code, e.g. BCA or 014."))
    number_encrypted, number_masked, number_hash = identity_columns(_("account number"))
    holder_name = models.CharField(_("account holder"), max_length=150)
    holder_match_score = models.FloatField(_("holder name match score"), null=True, blank=True)
    holder_matched = models.BooleanField(_("holder name matches"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=BankAccountStatus.choices, default=BankAccountStatus.PENDING
    )
    is_current = models.BooleanField(_("current"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    retain_until = models.DateField(_("kept until (retention)"), null=True, blank=True)
    change_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("payout bank account")
        verbose_name_plural = _("payout bank accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(is_current=True), name="sellers_bank_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bank_code} {self.number_masked}"
