"""Recorded compliance decisions: what was asked, what was answered, on which evidence and rule versions;
an operator's override of one, and the affected party's single appeal."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField


class Outcome(models.TextChoices):
    ALLOW = "allow", _("Allow")
    DENY = "deny", _("Deny")
    REVIEW = "review", _("Review")


class Decision(models.Model):
    public_id = PublicIdField(prefix="dec")
    event = models.CharField(max_length=50)
    jurisdiction = models.CharField(max_length=2, blank=True, default="")
    subject_type = models.CharField(max_length=50)
    subject_id = models.CharField(max_length=64)
    # The seller organisation the decision is about (public id), so a seller can read its own decisions.
    party = models.CharField(max_length=64, blank=True, default="", db_index=True)
    actor = models.CharField(max_length=100)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reasons = models.JSONField(default=list)  # the findings that were not "allow", with texts in both languages
    evidence = models.JSONField(default=dict)  # the facts asked about, plus the reference data used
    rule_versions = models.JSONField(default=list)  # every rule version evaluated: [{rule_id, version, outcome}]
    rule_pack = models.CharField(max_length=50)
    on = models.DateField(null=True)  # the day whose rules and reference data applied
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("compliance decision")
        indexes = [
            models.Index(fields=["event", "decided_at"], name="compliance_event_time"),
            models.Index(fields=["subject_type", "subject_id"], name="compliance_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.subject_id}: {self.outcome}"


class DecisionOverride(models.Model):
    """An operator's written reversal of a decision; the decision itself stays as it was recorded."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="override")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.TextField()
    operator = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("decision override")

    def __str__(self) -> str:
        return f"{self.decision_id} → {self.outcome}"


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Decision upheld")
    OVERTURNED = "overturned", _("Decision overturned")


class Appeal(models.Model):
    """The affected seller's one appeal against a decision, answered by an operator."""

    public_id = PublicIdField(prefix="apl")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="appeal")
    party = models.CharField(max_length=64)  # the organisation that appealed
    text = models.TextField()
    filed_by = models.CharField(max_length=100)
    filed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=AppealStatus.choices, default=AppealStatus.OPEN)
    answer = models.TextField(blank=True, default="")
    answered_by = models.CharField(max_length=100, blank=True, default="")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        ordering = ["-filed_at"]
        indexes = [models.Index(fields=["status", "filed_at"], name="compliance_appeal_open")]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.status})"
