"""The fan-out's own rules: a slow viewer is dropped instead of growing memory, viewer counts add up across
processes (each writes its own count to the shared cache), and the peak only ever rises."""

from __future__ import annotations

import asyncio

import pytest

from lapak.social import live_events as ev
from lapak.social import live_hub
from lapak.social.live_feed_io import feed_peak_raise, feed_viewers_publish
from lapak.social.models import LiveSession
from lapak.social.tests.live_support import BOTH, on_air, people_fixture  # noqa: F401


def test_a_viewer_that_does_not_read_is_dropped_with_its_backlog_emptied():
    async def scenario() -> tuple:
        hub = live_hub.Hub(asyncio.get_running_loop())
        feed = live_hub.LiveFeed(hub, "liv_x")
        slow, reader = live_hub.Subscriber("liv_x", threaded=False), live_hub.Subscriber("liv_x", threaded=False)
        feed.subscribers |= {slow, reader}
        batch = (ev.Event(1, b"id: 1\nevent: chat\ndata: {}\n\n"),)
        for _ in range(live_hub.QUEUE_LIMIT + 1):
            feed.broadcast(batch)
            await reader.queue.get()  # this one keeps up
        return slow, feed.subscribers, reader.queue.qsize()

    slow, still_subscribed, reader_backlog = asyncio.run(scenario())
    assert slow.dropped and slow not in still_subscribed and len(still_subscribed) == 1
    assert slow.queue.qsize() == 1 and slow.queue.get_nowait() is None  # only the end marker is left
    assert reader_backlog == 0


def test_viewer_counts_of_several_processes_add_up():
    assert feed_viewers_publish(99, "web-1", 3) == 3
    assert feed_viewers_publish(99, "web-2", 4) == 7
    assert feed_viewers_publish(99, "web-1", 1) == 5  # a process rewrites only its own count
    assert feed_viewers_publish(98, "web-1", 2) == 2  # per live


@pytest.mark.django_db(databases=BOTH, transaction=True)  # the hub's reads manage their own connection
def test_the_peak_only_rises(people):
    live = on_air(people["host"])
    for count in (5, 3, 8, 7):
        feed_peak_raise(live.pk, count)
    assert LiveSession.objects.get(pk=live.pk).peak_viewers == 8
