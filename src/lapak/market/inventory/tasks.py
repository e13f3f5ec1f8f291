"""Background tasks of the inventory."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from lapak.core.tasks.periodic import periodic
from lapak.market.inventory.services import reservations_expire


@periodic(every=timedelta(minutes=1), name="inventory.expire_reservations")
@task()
def expire_reservations_task() -> dict:
    """Deletes reservations past their time (they already stopped counting; this keeps the table small)."""
    return {"expired": reservations_expire()}
