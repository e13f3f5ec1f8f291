"""Housekeeping for the task machinery itself."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task, task_backends

from lapak.core.tasks.models import PeriodicRun
from lapak.core.tasks.periodic import periodic


@periodic(every=timedelta(hours=1), name="tasks.prune_history")
@task
def tasks_prune_history() -> dict[str, int]:
    """Deletes periodic-run claims older than two days and, on the database backend, finished task
    results older than TASKS_RESULT_RETENTION_DAYS (default 7; failed ones are kept 4x as long)."""
    from django_tasks_db.backend import DatabaseBackend

    now = timezone.now()
    runs, _ = PeriodicRun.objects.filter(slot_start__lt=now - timedelta(days=2)).delete()
    results = 0
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if isinstance(backend, DatabaseBackend):
        from django_tasks_db.models import DBTaskResult

        keep = timedelta(days=getattr(settings, "TASKS_RESULT_RETENTION_DAYS", 7))
        mine = DBTaskResult.objects.filter(backend_name=backend.alias)
        results += mine.successful().filter(finished_at__lt=now - keep).delete()[0]
        results += mine.failed().filter(finished_at__lt=now - 4 * keep).delete()[0]
    return {"periodic_runs": runs, "task_results": results}
