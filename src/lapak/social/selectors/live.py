"""Reads of live sessions: the schedule, one live with its pins, the chat (keyset pages), the replay timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from lapak.social.models import ChatMessage, Creator, LivePin, LiveSession

Status = LiveSession.Status
CHAT_PAGE = 50


def live_get(*, live_id: str) -> LiveSession | None:
    return LiveSession.objects.select_related("creator").filter(public_id=live_id).first()


def lives_on_air(*, limit: int = 50) -> list[LiveSession]:
    return list(LiveSession.objects.select_related("creator").filter(status=Status.LIVE)
                .order_by("-started_at", "-id")[:limit])


def lives_upcoming(*, limit: int = 50, now: datetime | None = None) -> list[LiveSession]:
    """Scheduled lives, soonest first; one whose time passed an hour ago without starting is no longer listed."""
    since = (now or timezone.now()) - timedelta(hours=1)
    return list(LiveSession.objects.select_related("creator").filter(status=Status.SCHEDULED, scheduled_for__gte=since)
                .order_by("scheduled_for", "id")[:limit])


def lives_of_host(*, account: str, limit: int = 100) -> list[LiveSession]:
    return list(LiveSession.objects.select_related("creator").filter(creator__account=account)
                .order_by("-scheduled_for", "-id")[:limit])


def creator_of(*, account: str) -> Creator | None:
    return Creator.objects.filter(account=account).first()


def live_pins_shown(*, live: LiveSession) -> list[LivePin]:
    return list(LivePin.objects.filter(live=live, unpinned_at=None).order_by("pinned_at", "id"))


def chat_page(*, live: LiveSession, after: int | None = None, before: int | None = None, limit: int = CHAT_PAGE,
              with_hidden: bool = False) -> list[ChatMessage]:
    """Messages in id order: the `limit` after `after`, or the `limit` just before `before`, or the latest
    `limit` (a keyset page: the id is the key)."""
    rows: QuerySet[ChatMessage] = ChatMessage.objects.filter(live=live)
    if not with_hidden:
        rows = rows.filter(hidden=False)
    limit = max(1, min(limit, 200))
    if after is not None:
        return list(rows.filter(id__gt=after).order_by("id")[:limit])
    if before is not None:
        rows = rows.filter(id__lt=before)
    return list(reversed(rows.order_by("-id")[:limit]))


def chat_replay(*, live: LiveSession, limit: int = 2000) -> list[ChatMessage]:
    """The visible chat of a live that is over, oldest first (its first `limit` messages)."""
    return list(ChatMessage.objects.filter(live=live, hidden=False).order_by("id")[:limit])


@dataclass(frozen=True)
class TimelineEntry:
    at: timedelta  # since the start of the live
    kind: str  # "pin" | "unpin"
    pin: LivePin


def live_pin_timeline(*, live: LiveSession) -> list[TimelineEntry]:
    """When each product was pinned and unpinned, relative to the live's start (the replay)."""
    start = live.started_at or live.scheduled_for
    entries = []
    for pin in LivePin.objects.filter(live=live).order_by("pinned_at", "id"):
        entries.append(TimelineEntry(max(pin.pinned_at - start, timedelta()), "pin", pin))
        if pin.unpinned_at:
            entries.append(TimelineEntry(max(pin.unpinned_at - start, timedelta()), "unpin", pin))
    return sorted(entries, key=lambda e: (e.at, e.kind == "pin"))


def offset_label(at: timedelta) -> str:
    """A time since the start as the replay shows it: 1:02:03 or 02:03."""
    seconds = int(at.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"
