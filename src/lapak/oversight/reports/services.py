"""The one write of the reports: an operator records the company's headcount for a quarter."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from lapak.compliance.access import require_operator
from lapak.core.audit.services import audit_append
from lapak.oversight.reports.models import WorkforceCount


def workforce_record(*, actor: Any, jurisdiction: str, quarter: str, employees: int) -> WorkforceCount:
    """Sets the headcount of (jurisdiction, quarter), replacing an earlier entry. Guarantees: operators only
    (PermissionDenied `operator_required` otherwise); one row per (jurisdiction, quarter) even when two operators
    save at once (the unique constraint; the later save wins); an `oversight.workforce_record` audit event with
    the number before and after commits with it."""
    require_operator(actor)
    with transaction.atomic():
        entry, created = WorkforceCount.objects.select_for_update().get_or_create(
            jurisdiction=jurisdiction, quarter=quarter,
            defaults={"employees": employees, "entered_by": actor.public_id})
        before = None if created else {"employees": entry.employees, "entered_by": entry.entered_by}
        if not created:
            entry.employees, entry.entered_by, entry.entered_at = employees, actor.public_id, timezone.now()
            entry.save(update_fields=["employees", "entered_by", "entered_at"])
        audit_append(actor=actor.public_id, action="oversight.workforce_record", subject_type="oversight",
                     subject_id=f"workforce:{quarter}", jurisdiction=jurisdiction, before=before,
                     after={"employees": employees})
    return entry
