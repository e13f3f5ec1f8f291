"""Periodic jobs that keep the oversight rollups current."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from lapak.core.tasks.periodic import periodic
from lapak.oversight.rollups import rollups_refresh_all


@periodic(every=timedelta(minutes=5), name="oversight.rollups_refresh")
@task
def oversight_rollups_refresh() -> None:
    rollups_refresh_all()
