"""One scheduler tick: enqueue every periodic job whose current slot has not been enqueued yet.

Any number of schedulers may tick at once (one per host): each (job, slot) is claimed by inserting a
`PeriodicRun` row under a unique key in its own short transaction, and only the process whose insert
succeeded enqueues. The claim commits before the enqueue, so an immediate backend never runs a job
inside the claim's transaction; if the enqueue itself fails, the claim is withdrawn so that the next
tick (here or elsewhere) tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from lapak.core.tasks.models import PeriodicRun
from lapak.core.tasks.periodic import PeriodicJob, periodic_jobs

logger = logging.getLogger(__name__)


def _claim(job: PeriodicJob, slot_start: datetime, now: datetime) -> PeriodicRun | None:
    try:
        with transaction.atomic():
            return PeriodicRun.objects.create(name=job.name, slot_start=slot_start, enqueued_at=now)
    except IntegrityError:
        return None


def scheduler_tick(*, now: datetime | None = None, jobs: Iterable[PeriodicJob] | None = None) -> list[str]:
    """Enqueues each due job once for its current slot; returns the names this call enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in periodic_jobs() if jobs is None else jobs:
        slot_start = job.slot_start(now)
        if PeriodicRun.objects.filter(name=job.name, slot_start=slot_start).exists():
            continue  # the cheap common case: already done for this slot
        run = _claim(job, slot_start, now)
        if run is None:
            continue  # another scheduler won this slot
        try:
            result = job.task.enqueue()
        except Exception:
            logger.exception("Could not enqueue periodic job %s; will retry on the next tick", job.name)
            PeriodicRun.objects.filter(pk=run.pk).delete()
            continue
        PeriodicRun.objects.filter(pk=run.pk).update(task_result_id=str(result.id)[:64])
        enqueued.append(job.name)
    return enqueued


def seconds_until_next_slot(*, now: datetime | None = None, jobs: Iterable[PeriodicJob] | None = None) -> float:
    """How long until any job's next slot starts (the scheduler's sleep)."""
    now = now or timezone.now()
    upcoming = [job.next_slot_start(now) for job in (periodic_jobs() if jobs is None else jobs)]
    if not upcoming:
        return 60.0
    return max(0.0, (min(upcoming) - now).total_seconds())
