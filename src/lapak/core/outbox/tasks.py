"""Delivery tasks: one per committed emit, plus a periodic sweep for anything missed."""

from __future__ import annotations

import time
from datetime import timedelta

from django_tasks import task

from lapak.core.outbox.delivery import outbox_deliver_due
from lapak.core.outbox.services import outbox_delivered_purge
from lapak.core.tasks.periodic import periodic

# The sweep stops starting new batches after this long, so runs do not pile up behind each other.
_SWEEP_BUDGET_SECONDS = 20.0


@task
def outbox_deliver(event_ids: list[int]) -> dict[str, int]:
    """Delivers the given events if they are still due (enqueued on commit by outbox_emit)."""
    report = outbox_deliver_due(event_ids=event_ids)
    return {"delivered": report.delivered, "failed": report.failed, "dead": report.dead}


@periodic(every=timedelta(seconds=30), name="outbox.sweep")
@task
def outbox_sweep() -> dict[str, int]:
    """Delivers every due event: those whose worker was down at commit time, and retries."""
    total = {"delivered": 0, "failed": 0, "dead": 0}
    deadline = time.monotonic() + _SWEEP_BUDGET_SECONDS
    while time.monotonic() < deadline:
        report = outbox_deliver_due()
        for name in total:
            total[name] += getattr(report, name)
        if report.claimed == 0:
            break
    return total


@periodic(every=timedelta(hours=6), name="outbox.prune")
@task
def outbox_prune() -> int:
    """Deletes delivered events older than OUTBOX_RETENTION_DAYS (default 14); dead ones are kept."""
    return outbox_delivered_purge()
