"""task_queue_status(): what /healthz reports about the queue."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lapak.core.tasks.models import PeriodicRun
from lapak.core.tasks.selectors import task_queue_status
from lapak.core.tasks.tasks import tasks_prune_history
from lapak.core.tasks.tests import jobs

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_other_backends_report_only_their_name():
    assert task_queue_status() == {"ok": True, "backend": "immediate"}


@pytest.mark.django_db
def test_the_database_backend_reports_backlog_and_failures(settings, django_assert_max_num_queries):
    settings.TASKS = DATABASE_BACKEND
    assert task_queue_status() == {
        "ok": True, "backend": "database", "pending": 0, "oldest_pending_age_s": None, "failed_last_hour": 0
    }
    old = jobs.record_run.enqueue()
    jobs.record_run.enqueue()
    jobs.record_run.using(run_after=timezone.now() + timedelta(hours=1)).enqueue()  # deferred: not pending
    DBTaskResult.objects.filter(pk=old.id).update(enqueued_at=timezone.now() - timedelta(minutes=10))
    for finished_ago in (timedelta(minutes=10), timedelta(hours=2)):
        failed = jobs.record_run.enqueue()
        DBTaskResult.objects.filter(pk=failed.id).update(status="FAILED", finished_at=timezone.now() - finished_ago)

    with django_assert_max_num_queries(2):
        status = task_queue_status()
    assert status["pending"] == 2
    assert status["oldest_pending_age_s"] >= 600
    assert status["failed_last_hour"] == 1
    assert status["ok"] is False  # the oldest waited longer than TASKS_STALE_AFTER_SECONDS
    settings.TASKS_STALE_AFTER_SECONDS = 3600
    assert task_queue_status()["ok"] is True


@pytest.mark.django_db
def test_healthz_includes_the_queue_status(client):
    body = client.get("/healthz").json()
    assert body["tasks"] == {"ok": True, "backend": "immediate"}


@pytest.mark.django_db
def test_prune_history_deletes_old_claims_and_results(settings):
    now = timezone.now()
    PeriodicRun.objects.create(name="x", slot_start=now - timedelta(days=3))
    recent = PeriodicRun.objects.create(name="x", slot_start=now - timedelta(hours=1))
    settings.TASKS = DATABASE_BACKEND
    done_long_ago = jobs.record_run.enqueue()
    DBTaskResult.objects.filter(pk=done_long_ago.id).update(status="SUCCESSFUL", finished_at=now - timedelta(days=8))
    failed_recently = jobs.record_run.enqueue()
    DBTaskResult.objects.filter(pk=failed_recently.id).update(status="FAILED", finished_at=now - timedelta(days=8))
    assert tasks_prune_history.call() == {"periodic_runs": 1, "task_results": 1}
    assert list(PeriodicRun.objects.values_list("pk", flat=True)) == [recent.pk]
    assert DBTaskResult.objects.filter(pk=failed_recently.id).exists()
