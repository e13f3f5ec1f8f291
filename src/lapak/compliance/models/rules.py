"""Rules and their versions. A rule's identity and texts are fixed; what changes by regulation is a version:
its parameters (data, never literals in code) and the dates it is in force."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField


class Rule(models.Model):
    rule_id = models.CharField(_("rule id"), max_length=20, unique=True)  # e.g. ID-XB-1, stable for ever
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2, db_index=True)
    title_id = models.CharField(_("title (Indonesian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    # Shown to the person a decision affects; `{name}` placeholders are filled from the decision's evidence.
    explanation_id = models.TextField(_("explanation (Indonesian)"))
    explanation_en = models.TextField(_("explanation (English)"))
    remedy_id = models.TextField(_("what to do (Indonesian)"), blank=True, default="")
    remedy_en = models.TextField(_("what to do (English)"), blank=True, default="")
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    events = models.JSONField(_("events"), default=list)
    evaluator = models.CharField(_("evaluator"), max_length=60)  # a key of evaluators.EVALUATORS
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(_("in force until"), null=True, blank=True)  # inclusive
    source_confirmed = models.BooleanField(_("source confirmed"), default=True)

    class Meta:
        verbose_name = _("rule")
        ordering = ["rule_id"]

    def __str__(self) -> str:
        return self.rule_id


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RuleVersion(models.Model):
    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    parameters = models.JSONField(_("parameters"), default=dict)
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(_("in force until"), null=True, blank=True)  # inclusive
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    note = models.TextField(_("note"), blank=True, default="")
    created_by = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    activated_by = models.CharField(max_length=100, blank=True, default="")
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rule version")
        ordering = ["rule", "version"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "version"], name="compliance_rule_version_unique"),
            models.CheckConstraint(condition=models.Q(effective_until__isnull=True)
                                   | models.Q(effective_until__gte=models.F("effective_from")),
                                   name="compliance_rule_version_range"),
        ]

    def __str__(self) -> str:
        return f"{self.rule.rule_id} v{self.version}"


class ReevaluationRun(models.Model):
    """One batched re-decision of existing listings or sellers (or a dry run of a draft version)."""

    public_id = PublicIdField(prefix="rev")
    jurisdiction = models.CharField(max_length=2)
    event = models.CharField(max_length=50)
    cause = models.CharField(max_length=200)  # "rule ID-XB-2 v3 activated", "exchange rate USD 2026-12-01", …
    dry_run = models.BooleanField(default=False)
    candidate = models.ForeignKey(RuleVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    on = models.DateField()
    status = models.CharField(max_length=10, default="running")  # running, done, failed
    examined = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)  # now refused (or, dry run, would be)
    restored = models.PositiveIntegerField(default=0)  # refused before, allowed now
    examples = models.JSONField(default=list)  # a few changed subjects with their reasons
    requested_by = models.CharField(max_length=100)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("re-evaluation run")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.public_id} {self.cause}"
