"""Outbox: emit in a transaction, deliver after commit, retry with backoff, give up, race safely."""

import threading
from datetime import timedelta

import pytest
from django.db import connections, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lapak.core.outbox.delivery import outbox_deliver_due, retry_delay
from lapak.core.outbox.models import OutboxEvent
from lapak.core.outbox.services import outbox_delivered_purge, outbox_emit, outbox_event_retry
from lapak.core.outbox.tasks import outbox_sweep
from lapak.core.outbox.tests.conftest import TOPIC


def make_due(*events):
    OutboxEvent.objects.filter(pk__in=[e.pk for e in events]).update(available_at=timezone.now())


@pytest.mark.django_db(transaction=True)
def test_emit_then_commit_delivers_once(inbox):
    with transaction.atomic():
        event = outbox_emit(topic=TOPIC, payload={"order": "ord_1"})
        assert inbox.received == []  # nothing leaves before the commit
    assert inbox.received == [(event.pk, {"order": "ord_1"})]
    event.refresh_from_db()
    assert event.status == OutboxEvent.Status.DELIVERED
    assert event.delivered_at is not None
    assert event.attempts == 1
    assert event.public_id.startswith("evt_")


@pytest.mark.django_db(transaction=True)
def test_events_of_a_rolled_back_transaction_are_never_delivered(inbox):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        outbox_emit(topic=TOPIC, payload={"order": "ord_1"})
        1 / 0  # noqa: B018
    assert not OutboxEvent.objects.exists()
    outbox_sweep.enqueue()
    assert inbox.received == []


@pytest.mark.django_db(transaction=True)
def test_emit_outside_a_transaction_is_refused(inbox):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        outbox_emit(topic=TOPIC, payload={})
    assert not OutboxEvent.objects.exists()


@pytest.mark.django_db
def test_a_failing_handler_is_retried_with_backoff_then_succeeds(inbox, django_capture_on_commit_callbacks):
    inbox.failures_left = 1
    with django_capture_on_commit_callbacks(execute=True):
        event = outbox_emit(topic=TOPIC, payload={"n": 1})
    event.refresh_from_db()
    assert (event.status, event.attempts, inbox.received) == (OutboxEvent.Status.PENDING, 1, [])
    assert "the downstream service is down" in event.last_error
    wait = event.available_at - timezone.now()
    assert timedelta(seconds=8) < wait <= timedelta(seconds=10)

    assert outbox_deliver_due().claimed == 0  # not due yet
    make_due(event)
    assert outbox_deliver_due().delivered == 1
    event.refresh_from_db()
    assert (event.status, event.attempts) == (OutboxEvent.Status.DELIVERED, 2)
    assert inbox.received == [(event.pk, {"n": 1})]


def test_retry_delay_doubles_and_is_capped(settings):
    settings.OUTBOX_RETRY_CAP = timedelta(minutes=5)
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 5, 6)] == [10, 20, 40, 80, 160, 300]
    assert retry_delay(1000) == timedelta(minutes=5)


@pytest.mark.django_db
def test_an_event_dies_after_max_attempts_and_can_be_retried(inbox, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    inbox.failures_left = 100
    event = OutboxEvent.objects.create(topic=TOPIC, payload={"n": 1})
    for attempt in range(1, 4):
        make_due(event)
        outbox_deliver_due()
        event.refresh_from_db()
        assert event.attempts == attempt
    assert event.status == OutboxEvent.Status.DEAD
    make_due(event)
    assert outbox_deliver_due().claimed == 0
    assert inbox.failures_left == 97

    inbox.failures_left = 0
    assert outbox_event_retry(event=event) is True
    assert outbox_event_retry(event=event) is False  # no longer dead
    outbox_deliver_due()
    event.refresh_from_db()
    assert event.status == OutboxEvent.Status.DELIVERED
    assert inbox.received == [(event.pk, {"n": 1})]


@pytest.mark.django_db
def test_the_sweep_delivers_events_whose_enqueue_was_missed(inbox):
    # As if the worker was down at commit time: the row exists, no delivery task ran.
    events = [OutboxEvent.objects.create(topic=TOPIC, payload={"n": n}) for n in range(3)]
    later = OutboxEvent.objects.create(topic=TOPIC, payload={"n": 9}, available_at=timezone.now() + timedelta(hours=1))
    assert outbox_sweep.enqueue().return_value == {"delivered": 3, "failed": 0, "dead": 0}
    assert sorted(pk for pk, _ in inbox.received) == [e.pk for e in events]
    later.refresh_from_db()
    assert later.status == OutboxEvent.Status.PENDING


@pytest.mark.django_db
def test_a_dedupe_key_yields_one_event(inbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = outbox_emit(topic=TOPIC, payload={"n": 1}, dedupe_key="payment:pay_1:captured")
        second = outbox_emit(topic=TOPIC, payload={"n": 1}, dedupe_key="payment:pay_1:captured")
    assert first.pk == second.pk
    assert OutboxEvent.objects.count() == 1
    assert len(inbox.received) == 1


@pytest.mark.django_db
def test_a_backend_that_defers_gets_a_scheduled_retry(inbox, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    inbox.failures_left = 1
    with django_capture_on_commit_callbacks(execute=True):
        event = outbox_emit(topic=TOPIC, payload={"n": 1})
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "lapak.core.outbox.tasks.outbox_deliver"
    assert queued.args_kwargs["kwargs"] == {"event_ids": [event.pk]}
    outbox_deliver_due(event_ids=[event.pk])  # what the worker would run
    event.refresh_from_db()
    retry = DBTaskResult.objects.exclude(pk=queued.pk).get()
    assert retry.run_after == event.available_at
    assert retry.args_kwargs["kwargs"] == {"event_ids": [event.pk]}


@pytest.mark.django_db
def test_old_delivered_events_are_purged_but_dead_ones_kept():
    old = timezone.now() - timedelta(days=15)
    OutboxEvent.objects.create(topic=TOPIC, status=OutboxEvent.Status.DELIVERED, delivered_at=old)
    recent = OutboxEvent.objects.create(topic=TOPIC, status=OutboxEvent.Status.DELIVERED, delivered_at=timezone.now())
    dead = OutboxEvent.objects.create(topic=TOPIC, status=OutboxEvent.Status.DEAD, created_at=old)
    assert outbox_delivered_purge() == 1
    assert set(OutboxEvent.objects.values_list("pk", flat=True)) == {recent.pk, dead.pk}


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_deliver_each_event_once(concurrent_db, inbox):
    events = [OutboxEvent.objects.create(topic=TOPIC, payload={"n": n}) for n in range(40)]
    start = threading.Barrier(2)
    errors = []

    def worker():
        try:
            start.wait(timeout=10)
            while outbox_deliver_due(limit=3).claimed:
                pass
        except Exception as exc:  # surfaced below; a thread's exception is otherwise lost
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    delivered = sorted(pk for pk, _ in inbox.received)
    assert delivered == sorted(e.pk for e in events)  # every event, none twice
    assert set(OutboxEvent.objects.values_list("status", flat=True)) == {OutboxEvent.Status.DELIVERED}
