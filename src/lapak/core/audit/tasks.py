"""Background tasks of the audit log."""

from __future__ import annotations

from django_tasks import task

from lapak.core.audit.sealing import audit_seal


@task()
def audit_seal_task() -> dict:
    """Seal waiting audit events and sign a new tree head. Run it periodically (e.g. every minute)."""
    return audit_seal()
