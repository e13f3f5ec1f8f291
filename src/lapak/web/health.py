"""`GET /healthz`: 200 with the database and task-queue status, 503 when a database is unreachable."""

from __future__ import annotations

import time

from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lapak.core.tasks.selectors import task_queue_status


def _database_status(alias: str) -> dict:
    started = time.perf_counter()
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the type is reported, not the message
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "latency_ms": round((time.perf_counter() - started) * 1000, 2)}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    databases = {alias: _database_status(alias) for alias in ("default", "social")}
    healthy = all(db["ok"] for db in databases.values())
    tasks = task_queue_status() if databases["default"]["ok"] else {"ok": False, "error": "database down"}
    body = {"status": "ok" if healthy else "unavailable", "databases": databases, "tasks": tasks}
    return JsonResponse(body, status=200 if healthy else 503)
