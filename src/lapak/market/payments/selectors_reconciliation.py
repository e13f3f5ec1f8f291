"""Reads of the reconciliation reports (ADR 0013), for the operators' console."""

from __future__ import annotations

from django.db.models import QuerySet

from lapak.core.errors import NotFound
from lapak.market.payments.models_reconciliation import ReconciliationReport


def reconciliation_reports() -> QuerySet[ReconciliationReport]:
    """Every report, newest day first."""
    return ReconciliationReport.objects.order_by("-day", "provider", "-pk")


def reconciliation_report(*, public_id: str) -> ReconciliationReport:
    """One report; NotFound when there is none with that id."""
    report = ReconciliationReport.objects.filter(public_id=public_id).first()
    if report is None:
        raise NotFound(code="reconciliation_report_not_found")
    return report
