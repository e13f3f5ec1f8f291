"""Background tasks of the audit log."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from lapak.core.audit.sealing import audit_seal
from lapak.core.tasks.periodic import periodic


@periodic(every=timedelta(minutes=1), name="audit.seal")
@task()
def audit_seal_task() -> dict:
    """Seal waiting audit events and sign a new tree head (every minute, keeping the unsealed window short)."""
    return audit_seal()
