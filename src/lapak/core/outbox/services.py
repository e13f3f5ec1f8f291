"""Writing outbox events, in the caller's transaction."""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from lapak.core.outbox.models import OutboxEvent

logger = logging.getLogger(__name__)


def _enqueue_delivery(event_pk: int) -> None:
    from lapak.core.outbox.tasks import outbox_deliver  # tasks import delivery code; keep this one-way

    try:
        outbox_deliver.enqueue(event_ids=[event_pk])
    except Exception:
        # The event is safely stored; the periodic sweep delivers it.
        logger.exception("Could not enqueue delivery of outbox event %s; the sweep will deliver it", event_pk)


def outbox_emit(*, topic: str, payload: dict, dedupe_key: str | None = None) -> OutboxEvent:
    """Queues an event to be delivered to the topic's handlers after the caller's transaction commits.

    Must be called inside `transaction.atomic()`: the row is written in that transaction, so an event
    of a rolled-back transaction never exists and is never delivered. With a `dedupe_key`, emitting
    again (in this or any later transaction) returns the first event instead of writing another.
    The payload must be plain JSON (dicts, lists, strings, numbers, booleans, null).
    """
    if not topic:
        raise ValueError("An outbox event needs a topic.")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_emit() must run inside the transaction whose outcome the event reports.")
    if dedupe_key is None:
        event = OutboxEvent.objects.create(topic=topic, payload=payload)
    else:
        try:
            with transaction.atomic():
                event = OutboxEvent.objects.create(topic=topic, payload=payload, dedupe_key=dedupe_key)
        except IntegrityError:
            return OutboxEvent.objects.get(dedupe_key=dedupe_key)
    transaction.on_commit(partial(_enqueue_delivery, event.pk))
    return event


def outbox_event_retry(*, event: OutboxEvent) -> bool:
    """Gives a dead event a fresh set of attempts and queues its delivery; False if it was not dead."""
    with transaction.atomic():
        revived = OutboxEvent.objects.filter(pk=event.pk, status=OutboxEvent.Status.DEAD).update(
            status=OutboxEvent.Status.PENDING, attempts=0, available_at=timezone.now()
        )
        if revived:
            transaction.on_commit(partial(_enqueue_delivery, event.pk))
    return bool(revived)


def outbox_delivered_purge() -> int:
    """Deletes delivered events older than OUTBOX_RETENTION_DAYS (default 14); returns how many."""
    cutoff = timezone.now() - timedelta(days=getattr(settings, "OUTBOX_RETENTION_DAYS", 14))
    deleted, _ = OutboxEvent.objects.filter(
        status=OutboxEvent.Status.DELIVERED, delivered_at__lt=cutoff
    ).delete()
    return deleted
