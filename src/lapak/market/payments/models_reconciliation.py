"""Daily reconciliation (ADR 0013): one report per (day, gateway) comparing the gateway's settlement records with
the ledger's entries on gateway clearing, and one item per mismatch. Imported by models.py.

A report is rewritten in place when the day is reconciled again (`reconciliation_run`): same row, its items
replaced, `runs` counted up, so there is always exactly one answer per day and gateway.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField


class ReportStatus(models.TextChoices):
    OK = "ok", _("Balanced")
    MISMATCH = "mismatch", _("Mismatches found")


class MismatchKind(models.TextChoices):
    MISSING_IN_LEDGER = "missing_in_ledger", _("At the gateway, not in the ledger")
    MISSING_AT_GATEWAY = "missing_at_gateway", _("In the ledger, not at the gateway")
    AMOUNT_DIFFERS = "amount_differs", _("Amounts differ")
    DUPLICATED = "duplicated", _("Recorded more than once")


class ReconciliationReport(models.Model):
    public_id = PublicIdField(prefix="rcn")
    day = models.DateField(_("day (WIB)"))
    provider = models.CharField(_("gateway"), max_length=20)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices)
    gateway_count = models.PositiveIntegerField(_("gateway records"), default=0)
    gateway_paid = models.BigIntegerField(_("paid in at the gateway (Rp)"), default=0)
    gateway_refunded = models.BigIntegerField(_("refunded at the gateway (Rp)"), default=0)
    ledger_count = models.PositiveIntegerField(_("ledger entries"), default=0)
    ledger_paid = models.BigIntegerField(_("paid in by the ledger (Rp)"), default=0)
    ledger_refunded = models.BigIntegerField(_("refunded by the ledger (Rp)"), default=0)
    mismatch_count = models.PositiveIntegerField(_("mismatches"), default=0)
    runs = models.PositiveIntegerField(_("runs"), default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last run at"), default=timezone.now)

    class Meta:
        verbose_name = _("reconciliation report")
        verbose_name_plural = _("reconciliation reports")
        ordering = ["-day", "provider"]
        constraints = [models.UniqueConstraint(fields=["day", "provider"], name="payments_recon_day_once")]

    def __str__(self) -> str:
        return f"{self.provider} {self.day} {self.status}"


class ReconciliationItem(models.Model):
    """One mismatch. `reference` is what both sides are matched by: the gateway order id of a payment, the
    refund key (refund public id) of a refund."""

    report = models.ForeignKey(ReconciliationReport, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("mismatch"), max_length=20, choices=MismatchKind.choices)
    record_kind = models.CharField(_("payment or refund"), max_length=10)
    reference = models.CharField(_("reference"), max_length=100)
    provider_order_id = models.CharField(_("gateway order id"), max_length=50, blank=True, default="")
    gateway_amount = models.BigIntegerField(_("gateway amount (Rp)"), null=True, blank=True)
    ledger_amount = models.BigIntegerField(_("ledger amount (Rp)"), null=True, blank=True)
    gateway_count = models.PositiveIntegerField(_("gateway records"), default=0)
    ledger_count = models.PositiveIntegerField(_("ledger entries"), default=0)
    ledger_entries = models.JSONField(_("ledger entries"), default=list, blank=True)  # their public ids
    transaction_ids = models.JSONField(_("gateway transaction ids"), default=list, blank=True)

    class Meta:
        verbose_name = _("reconciliation mismatch")
        verbose_name_plural = _("reconciliation mismatches")
        ordering = ["kind", "reference", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"
