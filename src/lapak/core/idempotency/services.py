"""Claiming a key before the view runs, and recording (or releasing) it afterwards.

Every write here is its own short transaction: the claim commits before the view runs, so a concurrent
duplicate sees it, and no transaction is ever held open across the view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone

from lapak.core.idempotency.models import IdempotencyKey

# Response headers worth replaying; never cookies or anything tied to the first call's session.
REPLAYED_HEADERS = ("Content-Type", "Content-Language", "Location", "Retry-After")


def idempotency_ttl() -> timedelta:
    return getattr(settings, "IDEMPOTENCY_TTL", timedelta(hours=24))


def idempotency_lock_timeout() -> timedelta:
    # A claim older than this belongs to a request that died (worker killed mid-view): it may be taken over.
    return getattr(settings, "IDEMPOTENCY_LOCK_TIMEOUT", timedelta(minutes=5))


class Outcome(Enum):
    RUN = "run"  # the caller owns the key now: run the view
    REPLAY = "replay"  # a finished response exists for this very request
    IN_PROGRESS = "in_progress"  # the first call is still running
    MISMATCH = "mismatch"  # the key was used for a different request


@dataclass(frozen=True)
class Claim:
    outcome: Outcome
    record: IdempotencyKey | None = None


def idempotency_claim(*, scope: str, key: str, fingerprint: str, method: str, path: str) -> Claim:
    """Claims (scope, key) for this request, or says why not.

    Guarantees: at most one request at a time holds a given (scope, key); a key is only ever answered
    for the request fingerprint it was first claimed with; expired rows and claims abandoned longer than
    IDEMPOTENCY_LOCK_TIMEOUT count as free.
    """
    for _attempt in range(3):
        now = timezone.now()
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    scope=scope, key=key, fingerprint=fingerprint, method=method, path=path,
                    created_at=now, locked_at=now,
                )
            return Claim(Outcome.RUN, record)
        except IntegrityError:
            pass
        existing = IdempotencyKey.objects.filter(scope=scope, key=key).first()
        if existing is None:
            continue  # released (5xx) between our insert and our read: try the insert again
        if existing.created_at <= now - idempotency_ttl():
            IdempotencyKey.objects.filter(pk=existing.pk, created_at=existing.created_at).delete()
            continue
        if existing.fingerprint != fingerprint:
            return Claim(Outcome.MISMATCH, existing)
        if existing.state == IdempotencyKey.State.COMPLETED:
            return Claim(Outcome.REPLAY, existing)
        if existing.locked_at <= now - idempotency_lock_timeout() and _take_over(existing, now):
            return Claim(Outcome.RUN, existing)
        return Claim(Outcome.IN_PROGRESS, existing)
    return Claim(Outcome.IN_PROGRESS)


def _take_over(record: IdempotencyKey, now: datetime) -> bool:
    taken = IdempotencyKey.objects.filter(
        pk=record.pk, state=IdempotencyKey.State.IN_PROGRESS, locked_at=record.locked_at
    ).update(locked_at=now)
    if taken:
        record.locked_at = now
    return bool(taken)


def idempotency_complete(*, record: IdempotencyKey, response: HttpResponse) -> bool:
    """Stores the response for replay; False if the claim was lost meanwhile (then nothing is written)."""
    headers = {name: response[name] for name in REPLAYED_HEADERS if response.has_header(name)}
    return bool(
        IdempotencyKey.objects.filter(
            pk=record.pk, state=IdempotencyKey.State.IN_PROGRESS, locked_at=record.locked_at
        ).update(
            state=IdempotencyKey.State.COMPLETED,
            completed_at=timezone.now(),
            response_status=response.status_code,
            response_headers=headers,
            response_body=bytes(response.content),
        )
    )


def idempotency_release(*, record: IdempotencyKey) -> None:
    """Forgets a claim whose call failed on our side (5xx, exception), so a retry runs again."""
    IdempotencyKey.objects.filter(
        pk=record.pk, state=IdempotencyKey.State.IN_PROGRESS, locked_at=record.locked_at
    ).delete()


def idempotency_keys_purge(*, now: datetime | None = None) -> int:
    """Deletes keys older than IDEMPOTENCY_TTL; returns how many."""
    cutoff = (now or timezone.now()) - idempotency_ttl()
    deleted, _ = IdempotencyKey.objects.filter(created_at__lte=cutoff).delete()
    return deleted
