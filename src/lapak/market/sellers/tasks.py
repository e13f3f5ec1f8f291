"""Background tasks of the sellers package."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from lapak.core.tasks.periodic import periodic
from lapak.market.sellers.services.retention import retention_purge


@periodic(every=timedelta(days=1), name="sellers.retention_purge")
@task
def retention_purge_task() -> dict[str, int | bool]:
    """Erase kept seller records whose retention has ended (ID-REC-1); returns the counts."""
    return retention_purge().as_dict()
