"""Delivering due outbox events to their handlers, by any number of workers at once.

A worker claims a batch in one short transaction (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL;
on SQLite the IMMEDIATE transaction mode of our settings serialises claims) and pushes the claimed
events' `available_at` one lease ahead, then commits. Handlers run after that, outside any transaction
and without row locks held, so a slow handler blocks nobody; other workers skip the leased events. A
worker that dies mid-batch leaves them to be claimed again when the lease runs out.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lapak.core.outbox.models import OutboxEvent
from lapak.core.outbox.registry import handlers_for

logger = logging.getLogger(__name__)


def _setting(name: str, default: object) -> object:
    return getattr(settings, name, default)


def max_attempts() -> int:
    return int(_setting("OUTBOX_MAX_ATTEMPTS", 10))


def retry_delay(attempts: int) -> timedelta:
    """10 s × 2^(attempts−1), at most OUTBOX_RETRY_CAP (1 h): 10 s, 20 s, 40 s, …"""
    base: timedelta = _setting("OUTBOX_RETRY_BASE", timedelta(seconds=10))
    cap: timedelta = _setting("OUTBOX_RETRY_CAP", timedelta(hours=1))
    return min(base * 2 ** min(max(attempts - 1, 0), 30), cap)


@dataclass
class DeliveryReport:
    delivered: int = 0
    failed: int = 0
    dead: int = 0

    @property
    def claimed(self) -> int:
        return self.delivered + self.failed + self.dead


def _claim(event_ids: list[int] | None, limit: int) -> list[OutboxEvent]:
    now = timezone.now()
    lease: timedelta = _setting("OUTBOX_LEASE", timedelta(minutes=5))
    with transaction.atomic():
        due = OutboxEvent.objects.filter(status=OutboxEvent.Status.PENDING, available_at__lte=now)
        if event_ids is not None:
            due = due.filter(pk__in=event_ids)
        events = list(due.order_by("available_at", "pk").select_for_update(skip_locked=True)[:limit])
        if events:
            OutboxEvent.objects.filter(pk__in=[e.pk for e in events]).update(available_at=now + lease)
    return events


def _schedule_retry(event_pk: int, when: datetime) -> None:
    from lapak.core.outbox.tasks import outbox_deliver

    if not outbox_deliver.get_backend().supports_defer:
        return  # e.g. the immediate backend: the periodic sweep retries it
    try:
        outbox_deliver.using(run_after=when).enqueue(event_ids=[event_pk])
    except Exception:
        logger.exception("Could not schedule the retry of outbox event %s; the sweep will retry it", event_pk)


def _record_failure(event: OutboxEvent, exc: Exception, report: DeliveryReport) -> None:
    attempts = event.attempts + 1
    now = timezone.now()
    dead = attempts >= max_attempts()
    when = now if dead else now + retry_delay(attempts)
    OutboxEvent.objects.filter(pk=event.pk, status=OutboxEvent.Status.PENDING).update(
        attempts=attempts,
        last_error="".join(traceback.format_exception(exc))[-4000:],
        status=OutboxEvent.Status.DEAD if dead else OutboxEvent.Status.PENDING,
        available_at=when,
    )
    if dead:
        report.dead += 1
        logger.error("Outbox event %s (%s) is dead after %d attempts", event.public_id, event.topic, attempts)
    else:
        report.failed += 1
        logger.warning("Outbox event %s (%s) failed, attempt %d", event.public_id, event.topic, attempts)
        _schedule_retry(event.pk, when)


def outbox_deliver_due(*, event_ids: list[int] | None = None, limit: int | None = None) -> DeliveryReport:
    """Claims up to `limit` due events (only those in `event_ids`, if given) and delivers each once.

    Guarantees: an event is handed to its handlers by one worker at a time; it is marked delivered
    only after every handler returned; a handler's exception schedules a retry with exponential
    backoff, and after OUTBOX_MAX_ATTEMPTS failures the event is dead (retry it from the admin).
    """
    report = DeliveryReport()
    for event in _claim(event_ids, limit or int(_setting("OUTBOX_BATCH_SIZE", 100))):
        try:
            for handler in handlers_for(event.topic):
                handler(event)
        except Exception as exc:
            _record_failure(event, exc, report)
            continue
        OutboxEvent.objects.filter(pk=event.pk, status=OutboxEvent.Status.PENDING).update(
            status=OutboxEvent.Status.DELIVERED, delivered_at=timezone.now(), attempts=F("attempts") + 1
        )
        report.delivered += 1
    return report
