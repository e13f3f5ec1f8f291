"""Data-subject requests (UU 27/2022; ID-PDP-2: answered within 3×24 hours) and their handling history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access (export of my data)")
    CORRECTION = "correction", _("Correction")
    DELETION = "deletion", _("Deletion")
    CONSENT_WITHDRAWAL = "consent_withdrawal", _("Withdrawal of consent")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    COMPLETED = "completed", _("Completed")
    REFUSED = "refused", _("Refused")


class DataSubjectRequest(models.Model):
    public_id = PublicIdField(prefix="dsr")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="seller_data_requests"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    due_at = models.DateTimeField(_("due at"))
    completed_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    application = models.ForeignKey(
        "sellers.SellerApplication", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A correction names the fields in the clear; the new values may be identity numbers, so they are sealed.
    correction_fields = models.JSONField(_("fields to correct"), default=list, blank=True)
    correction_encrypted = models.BinaryField(null=True, blank=True, editable=False)
    purpose = models.CharField(_("consent purpose"), max_length=30, blank=True, default="")
    note = models.TextField(_("request note"), blank=True, default="")
    resolution_note = models.TextField(_("answer"), blank=True, default="")
    result = models.JSONField(_("what was done"), default=dict, blank=True)

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        indexes = [models.Index(fields=["status", "due_at"], name="sellers_dsr_queue")]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id} ({self.status})"


class DataRequestEvent(models.Model):
    request = models.ForeignKey(DataSubjectRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    actor_label = models.CharField(max_length=100)
    from_status = models.CharField(max_length=10, blank=True, default="")
    to_status = models.CharField(max_length=10)
    note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("data-subject request event")
        verbose_name_plural = _("data-subject request events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"
