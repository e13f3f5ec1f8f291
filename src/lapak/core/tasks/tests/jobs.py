"""Test-only tasks (django-tasks needs module-level functions)."""

import threading

from django_tasks import task

runs: list[str] = []
_lock = threading.Lock()


@task
def record_run() -> None:
    with _lock:
        runs.append(threading.current_thread().name)
