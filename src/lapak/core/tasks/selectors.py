"""Reads about the task queue, for `/healthz`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Min
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

_BACKEND_NAMES = {"DatabaseBackend": "database", "ImmediateBackend": "immediate", "RQBackend": "rq"}


def task_queue_status() -> dict[str, Any]:
    """The default queue's health, cheap enough for every health probe.

    For the database backend: how many tasks are ready to run, how long the oldest has waited, and how
    many failed in the last hour (two indexed queries). `ok` is false when the oldest ready task has
    waited longer than TASKS_STALE_AFTER_SECONDS (default 300): no worker is keeping up. Other
    backends keep their queue elsewhere and report only their name.
    """
    from django_tasks_db.backend import DatabaseBackend

    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    name = _BACKEND_NAMES.get(type(backend).__name__, type(backend).__name__)
    if not isinstance(backend, DatabaseBackend):
        return {"ok": True, "backend": name}

    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    results = DBTaskResult.objects.filter(backend_name=backend.alias)
    try:
        ready = results.ready().aggregate(pending=Count("id"), oldest=Min("enqueued_at"))
        failed = results.failed().filter(finished_at__gte=now - timedelta(hours=1)).count()
    except DatabaseError as exc:
        return {"ok": False, "backend": name, "error": type(exc).__name__}
    oldest_age = round((now - ready["oldest"]).total_seconds(), 1) if ready["oldest"] else None
    stale_after = getattr(settings, "TASKS_STALE_AFTER_SECONDS", 300)
    return {
        "ok": oldest_age is None or oldest_age <= stale_after,
        "backend": name,
        "pending": ready["pending"],
        "oldest_pending_age_s": oldest_age,
        "failed_last_hour": failed,
    }
