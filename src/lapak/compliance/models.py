"""Recorded compliance decisions: what was asked, what was answered, and on which evidence."""

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
    actor = models.CharField(max_length=100)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reasons = models.JSONField(default=list)
    evidence = models.JSONField(default=dict)
    rule_pack = models.CharField(max_length=50)
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("compliance decision")
        indexes = [
            models.Index(fields=["event", "decided_at"], name="compliance_event_time"),
            models.Index(fields=["subject_type", "subject_id"], name="compliance_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.subject_id}: {self.outcome}"
