"""Periodic cleanup of expired idempotency keys."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from lapak.core.idempotency.services import idempotency_keys_purge
from lapak.core.tasks.periodic import periodic


@periodic(every=timedelta(hours=1), name="idempotency.cleanup")
@task
def idempotency_cleanup() -> int:
    """Deletes keys older than IDEMPOTENCY_TTL; returns how many."""
    return idempotency_keys_purge()
