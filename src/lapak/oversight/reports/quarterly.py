"""The quarterly statistical report to BPS (ID-REC-2), assembled from the field list (`fields.py`).

The caller (a view or the API) has already checked the reader, scoped the jurisdiction, validated the quarter
and written the report query to the audit log; here every field is filled in from its source. The header
anchors the report in the audit log: the newest signed tree head at the time it was made, so a reader can later
show which log state it was drawn against.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from lapak.config.db_router import replica_reads
from lapak.core.audit.selectors import latest_tree_head
from lapak.oversight.privacy import SUPPRESSION_THRESHOLD
from lapak.oversight.reports.fields import FIELDS, SECTIONS, ReportField, Section
from lapak.oversight.reports.figure_fields import FigureCache, figure_result
from lapak.oversight.reports.periods import Period
from lapak.oversight.reports.results import FieldResult
from lapak.oversight.reports.sources import company_results, participant_results, revenue_results, workforce_results

REPORT_ID = "ID-REC-2"
_SOURCES = {"company": lambda group, _period: company_results(group), "workforce": workforce_results,
            "revenue": revenue_results, "participants": participant_results}


@dataclass
class QuarterlyReport:
    period: Period
    generated_at: datetime
    tree_head: dict[str, Any] | None
    results: list[FieldResult]

    @property
    def jurisdiction(self) -> str:
        return self.period.jurisdiction

    def sections(self) -> list[tuple[Section, list[FieldResult]]]:
        return [(section, [r for r in self.results if r.field.section == section.key]) for section in SECTIONS]

    def unavailable(self) -> list[FieldResult]:
        return [result for result in self.results if not result.available]

    def header(self) -> dict[str, Any]:
        head = self.tree_head or {}
        return {
            "report": REPORT_ID,
            "jurisdiction": self.jurisdiction,
            "quarter": self.period.label,
            "from": self.period.first.isoformat(),
            "to": self.period.last.isoformat(),
            "complete": self.period.complete,
            "generated_at": self.generated_at.isoformat(),
            "suppression_threshold": SUPPRESSION_THRESHOLD,
            "audit_tree_size": head.get("tree_size"),
            "audit_root_hash": head.get("root_hash"),
            "audit_tree_head_timestamp_ms": head.get("timestamp_ms"),
            "audit_key_id": head.get("key_id"),
            "audit_signature": head.get("signature"),
        }


def quarterly_report_build(*, user: Any, period: Period, fields: tuple[ReportField, ...] = FIELDS) -> QuarterlyReport:
    """Every field of `fields`, in their order, each with its values or the reason it is unavailable."""
    tree_head = latest_tree_head()
    by_origin: dict[str, list[ReportField]] = {}
    for report_field in fields:
        by_origin.setdefault(report_field.origin, []).append(report_field)
    cache = FigureCache(user=user, period=period)
    answered: dict[str, FieldResult] = {}
    for origin, group in by_origin.items():
        if origin == "figure":  # figure_read routes its own reads (it checks the reader on the primary)
            results = [figure_result(report_field, cache) for report_field in group]
        else:
            with replica_reads():  # the report's scans stay off the primary that serves checkout
                results = _SOURCES[origin](group, period)
        answered.update((result.field.key, result) for result in results)
    return QuarterlyReport(period=period, generated_at=timezone.now(), tree_head=tree_head,
                           results=[answered[report_field.key] for report_field in fields])
