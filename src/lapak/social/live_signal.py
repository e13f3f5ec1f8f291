"""A nudge from the live services to the stream pollers (lapak.social.live_hub): "this live's state changed".

The pollers read chat rows every tick anyway; pins, status and hidden messages are re-read when this revision moves
(or every few seconds, so a process whose cache is not shared still catches up). It is a cache counter, not a
message bus: losing it only delays a refresh.
"""

from __future__ import annotations

from django.core.cache import cache


def live_revision_key(live_pk: int) -> str:
    return f"social:live:rev:{live_pk}"


def live_changed(live_pk: int) -> None:
    """Tell every stream poller that the live's status, pins or hidden messages changed."""
    key = live_revision_key(live_pk)
    if not cache.add(key, 1, timeout=24 * 3600):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=24 * 3600)


def live_revision(live_pk: int) -> int:
    return int(cache.get(live_revision_key(live_pk)) or 0)
