"""The registry of periodic jobs: which django-tasks task to enqueue, and how often.

django-tasks has no scheduler, so Lapak keeps a small one (`manage.py lapak_scheduler`). A job is
declared next to its task, in one line::

    @periodic(every=timedelta(minutes=5), name="audit.seal")
    @task
    def audit_seal() -> None: ...

The declaring module must be imported for the job to exist: each app imports its `tasks` module in
its `AppConfig.ready()` (explicitly; there is no autodiscovery). Time is cut into slots aligned to the
Unix epoch (`every` long), so every scheduler process on every host agrees on the slot a moment falls
in; the scheduler enqueues each (job, slot) at most once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django_tasks.base import Task

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    task: Task

    def slot_start(self, now: datetime) -> datetime:
        """The start of the slot `now` falls in."""
        return now - (now - _EPOCH) % self.every

    def next_slot_start(self, now: datetime) -> datetime:
        return self.slot_start(now) + self.every


_jobs: dict[str, PeriodicJob] = {}


def periodic(*, every: timedelta, name: str) -> Callable[[Task], Task]:
    """Declares a django-tasks task as a periodic job; returns the task unchanged.

    Names are unique: registering a different task under a taken name is an error, re-registering the
    same task (a module imported twice) is not.
    """
    if every < timedelta(seconds=1):
        raise ValueError("A periodic job runs at most once a second.")
    if not name:
        raise ValueError("A periodic job needs a name.")

    def register(task: Task) -> Task:
        if not isinstance(task, Task):
            raise TypeError("@periodic goes above @task: it registers a django-tasks Task.")
        existing = _jobs.get(name)
        if existing is not None and existing.task.module_path != task.module_path:
            raise ValueError(f"The periodic job name {name!r} is taken by {existing.task.module_path}.")
        _jobs[name] = PeriodicJob(name=name, every=every, task=task)
        return task

    return register


def periodic_jobs() -> list[PeriodicJob]:
    """Every registered job, by name."""
    return [_jobs[name] for name in sorted(_jobs)]


def periodic_unregister(name: str) -> None:
    """Removes a job (for tests that register their own)."""
    _jobs.pop(name, None)
