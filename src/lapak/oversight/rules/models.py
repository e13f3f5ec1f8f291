"""Rollups of the compliance records for the oversight figures: monthly counters, kept by `services.py`.

Months are the first day of the calendar month, in the jurisdiction's time zone, of the record's time. `people`
is a saturating set: up to SATURATION distinct parties (seller organisations, or the user who acted when a
decision names none) behind the cell; once full it stops growing, which is all suppression needs to know.
These tables are internal: the ids in them are never shown.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionCell(models.Model):
    """Decisions per (month, jurisdiction, event, rule, outcome). `rule_id` "" is the decision itself under its
    overall outcome; any other is one finding (a rule version evaluated, a kill switch) under its own outcome."""

    month = models.DateField()
    jurisdiction = models.CharField(max_length=2)
    event = models.CharField(max_length=50)
    rule_id = models.CharField(max_length=64, blank=True, default="")
    outcome = models.CharField(max_length=10)
    decisions = models.BigIntegerField(default=0)
    without_party = models.BigIntegerField(default=0)  # decisions naming no seller organisation
    people = models.JSONField(default=list)

    class Meta:
        verbose_name = _("decision rollup cell")
        constraints = [models.UniqueConstraint(fields=["month", "jurisdiction", "event", "rule_id", "outcome"],
                                               name="oversight_rules_decision_cell")]
        indexes = [models.Index(fields=["jurisdiction", "month"], name="oversight_rules_decision_jm")]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.month:%Y-%m} {self.event} {self.rule_id or '*'} {self.outcome}"


class CrossBorderRefusal(models.Model):
    """One listing refused by one cross-border rule in a month: how many decisions refused it. Kept per listing
    (refusals are few) so that distinct listings and sellers over any range are exact."""

    month = models.DateField()
    jurisdiction = models.CharField(max_length=2)
    rule_id = models.CharField(max_length=64)
    subject_id = models.CharField(max_length=64)
    person = models.CharField(max_length=100, blank=True, default="")
    decisions = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("cross-border refusal rollup row")
        constraints = [models.UniqueConstraint(fields=["month", "jurisdiction", "rule_id", "subject_id", "person"],
                                               name="oversight_rules_xb_cell")]
        indexes = [models.Index(fields=["jurisdiction", "month"], name="oversight_rules_xb_jm")]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.month:%Y-%m} {self.rule_id} {self.subject_id}"


class AppealCell(models.Model):
    """Overrides per (month made, from→to) and appeals per (month filed, status now). An open appeal moves to
    its answer's cell when answered, so `open_people` counts each party's open appeals exactly (it shrinks);
    the other cells only grow and keep a saturating set."""

    class Kind(models.TextChoices):
        OVERRIDE = "override", _("Override")
        APPEAL = "appeal", _("Appeal")

    month = models.DateField()
    jurisdiction = models.CharField(max_length=2)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=24)
    count = models.BigIntegerField(default=0)
    people = models.JSONField(default=list)
    open_people = models.JSONField(default=dict)  # party -> open appeals (status "open" only)

    class Meta:
        verbose_name = _("override and appeal rollup cell")
        constraints = [models.UniqueConstraint(fields=["month", "jurisdiction", "kind", "status"],
                                               name="oversight_rules_appeal_cell")]
        indexes = [models.Index(fields=["jurisdiction", "month"], name="oversight_rules_appeal_jm")]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.month:%Y-%m} {self.kind} {self.status}"
