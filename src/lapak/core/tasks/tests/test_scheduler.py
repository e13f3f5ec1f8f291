"""Periodic jobs: slots, at-most-once enqueueing across schedulers, the management command."""

import os
import signal
import threading
import time
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connections

from lapak.core.tasks.models import PeriodicRun
from lapak.core.tasks.periodic import periodic, periodic_jobs
from lapak.core.tasks.scheduler import scheduler_tick, seconds_until_next_slot
from lapak.core.tasks.tests import jobs

NOON = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)


def test_slots_are_aligned_to_the_epoch(test_job):
    every_30s = periodic_jobs()[[j.name for j in periodic_jobs()].index("outbox.sweep")]
    assert every_30s.slot_start(NOON + timedelta(seconds=45)) == NOON + timedelta(seconds=30)
    assert every_30s.next_slot_start(NOON + timedelta(seconds=45)) == NOON + timedelta(minutes=1)
    assert test_job.slot_start(NOON + timedelta(minutes=19, seconds=59)) == NOON + timedelta(minutes=10)
    assert seconds_until_next_slot(now=NOON + timedelta(minutes=7), jobs=[test_job]) == 180


def test_the_kernel_jobs_are_registered():
    registered = {job.name: job.every for job in periodic_jobs()}
    assert registered["outbox.sweep"] == timedelta(seconds=30)
    assert registered["idempotency.cleanup"] == timedelta(hours=1)
    assert registered["outbox.prune"] == timedelta(hours=6)
    assert registered["tasks.prune_history"] == timedelta(hours=1)


def test_a_name_cannot_be_taken_by_another_task(test_job):
    from lapak.core.outbox.tasks import outbox_sweep

    periodic(every=timedelta(minutes=10), name="test.record_run")(jobs.record_run)  # same task: fine
    with pytest.raises(ValueError, match="taken"):
        periodic(every=timedelta(minutes=10), name="test.record_run")(outbox_sweep)
    with pytest.raises(TypeError):
        periodic(every=timedelta(minutes=10), name="test.plain")(lambda: None)


@pytest.mark.django_db
def test_a_job_runs_once_per_slot_and_not_before_it_is_due(test_job):
    assert scheduler_tick(now=NOON + timedelta(seconds=1), jobs=[test_job]) == ["test.record_run"]
    assert scheduler_tick(now=NOON + timedelta(minutes=9, seconds=59), jobs=[test_job]) == []
    assert len(jobs.runs) == 1
    assert scheduler_tick(now=NOON + timedelta(minutes=10), jobs=[test_job]) == ["test.record_run"]
    assert len(jobs.runs) == 2
    assert list(PeriodicRun.objects.order_by("slot_start").values_list("slot_start", flat=True)) == [
        NOON, NOON + timedelta(minutes=10)
    ]


@pytest.mark.django_db
def test_a_failed_enqueue_gives_the_slot_back(test_job, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["elsewhere"]}
    }
    assert scheduler_tick(now=NOON, jobs=[test_job]) == []
    assert not PeriodicRun.objects.exists()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert scheduler_tick(now=NOON, jobs=[test_job]) == ["test.record_run"]


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_ticking_the_same_slot_enqueue_once(concurrent_db, test_job):
    start = threading.Barrier(4)
    results, errors = [], []

    def scheduler():
        try:
            start.wait(timeout=10)
            results.append(scheduler_tick(now=NOON + timedelta(seconds=3), jobs=[test_job]))
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(results) == [[], [], [], ["test.record_run"]]
    assert len(jobs.runs) == 1
    assert PeriodicRun.objects.count() == 1


@pytest.mark.django_db
def test_once_runs_one_tick_and_exits(test_job):
    out = StringIO()
    call_command("lapak_scheduler", "--once", stdout=out)
    assert "test.record_run" in out.getvalue()
    assert set(PeriodicRun.objects.values_list("name", flat=True)) == {job.name for job in periodic_jobs()}
    out = StringIO()
    call_command("lapak_scheduler", "--once", stdout=out)
    assert out.getvalue().strip() == "enqueued: -"
    assert len(jobs.runs) == 1


@pytest.mark.django_db
def test_sigterm_stops_the_scheduler_gracefully(test_job):
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signal handlers can only be installed from the main thread")
    before = signal.getsignal(signal.SIGTERM)
    timer = threading.Timer(0.5, os.kill, args=(os.getpid(), signal.SIGTERM))
    timer.start()
    started = time.monotonic()
    call_command("lapak_scheduler", "--max-sleep", "30", stdout=StringIO())
    assert time.monotonic() - started < 5
    assert len(jobs.runs) == 1  # the first tick ran before the stop
    assert signal.getsignal(signal.SIGTERM) is before
