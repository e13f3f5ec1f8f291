"""The database and cache work of a live's feed (lapak.social.live_hub), run in the hub's thread pool: never on the
event loop, and never in a request's own thread."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from lapak.compliance.switches import LIVE_SHOPPING, compliance_feature_enabled
from lapak.social.models import ChatMessage, LiveSession
from lapak.social.services.live import live_suspend

SETTLE = 3.0  # a chat id may commit out of order this long after a higher one (PostgreSQL sequences)
VIEWERS_TTL = 10


def feed_resolve(live_id: str) -> tuple[int, str, str] | None:
    row = LiveSession.objects.filter(public_id=live_id).values_list("pk", "creator__jurisdiction",
                                                                     "creator__seller_org").first()
    return tuple(row) if row else None


def feed_switch_enforce(live_pk: int, jurisdiction: str, seller: str) -> None:
    if not compliance_feature_enabled(jurisdiction=jurisdiction, feature=LIVE_SHOPPING, seller=seller or None)[0]:
        live_suspend(live_pk=live_pk)


def feed_peak_raise(live_pk: int, count: int) -> None:
    LiveSession.objects.filter(pk=live_pk, peak_viewers__lt=count).update(peak_viewers=count)


def feed_first_floor(live_pk: int) -> int:
    """The newest chat id older than the settle window: the feed delivers what is newer (subscribers drop what
    their own catch-up already sent), so nothing committed while the feed starts is lost."""
    since = timezone.now() - timedelta(seconds=SETTLE * 3)
    return (ChatMessage.objects.filter(live_id=live_pk, created_at__lt=since).order_by("-id")
            .values_list("id", flat=True).first() or 0)


def feed_viewers_publish(live_pk: int, token: str, count: int) -> int:
    """Write this process's viewer count (short-lived) and return the sum over every process that wrote one.
    The list of processes is itself a cache entry; a lost update is repaired on the next write."""
    registry_key = f"social:live:viewers:{live_pk}"
    cache.set(f"{registry_key}:{token}", count, timeout=VIEWERS_TTL)
    tokens = set(cache.get(registry_key) or ())
    if token not in tokens:
        tokens.add(token)
    counts = cache.get_many([f"{registry_key}:{t}" for t in tokens])
    alive = {t for t in tokens if f"{registry_key}:{t}" in counts}
    cache.set(registry_key, sorted(alive | {token}), timeout=3600)
    return sum(int(v) for v in counts.values())


def feed_viewers_total(live_pk: int) -> int:
    """The viewer count the feeds last published (every process), read only: what a new stream starts with."""
    registry_key = f"social:live:viewers:{live_pk}"
    tokens = cache.get(registry_key) or ()
    return sum(int(v) for v in cache.get_many([f"{registry_key}:{t}" for t in tokens]).values())
