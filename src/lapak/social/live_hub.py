"""The in-process fan-out of live streams: one poller per live per event loop, many viewers.

Every viewer's stream subscribes here with a bounded queue. The first subscriber to a live starts its `LiveFeed`,
a task that every TICK reads new chat rows (one indexed query, whatever the number of viewers), re-reads status,
pins and hidden messages when the live's revision moves (lapak.social.live_signal) or every STATE_EVERY, counts
the viewers of every process through the cache, checks the kill switch, and puts each batch of encoded events on
every subscriber's queue. A viewer whose queue is full is dropped (its stream ends; the browser reconnects with
Last-Event-ID and catches up from the database), so a slow client cannot make memory grow. The last viewer
leaving stops the feed.

Database reads run in the hub's own small thread pool, never on the event loop and never in a per-request thread
(each of those would hold a database connection per viewer). Under ASGI (uvicorn) the hub lives on the server's
loop; under WSGI (`runserver`) on a background loop thread, with thread-safe queues for the sync streams.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import os
import queue
import socket
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from django.db import close_old_connections, connections

from lapak.social import live_events as ev
from lapak.social import live_feed_io as io
from lapak.social.live_signal import live_revision

logger = logging.getLogger(__name__)

TICK = 0.25  # seconds between chat reads
STATE_EVERY = 2.0  # state is re-read at least this often, even without a revision change
VIEWERS_EVERY = 1.0
SWITCH_EVERY = 5.0
HEARTBEAT = 15.0  # a comment to every viewer after this long without an event, so proxies keep the stream open
QUEUE_LIMIT = 200  # batches waiting for one viewer before it is dropped
SLICE = 250  # viewers woken at once before the feed lets the loop run other work
DB_THREADS = 4
OPEN = {"scheduled", "live"}
# One shared timer for all viewers of a feed, instead of a timeout on each viewer's wait (a timer per event per
# viewer is most of the cost of a 5,000-viewer fan-out).
KEEP_ALIVE = ev.Event(None, b": keep-alive\n\n")


class Subscriber:
    """One viewer's stream: a bounded queue of event batches; None on the queue ends the stream."""

    def __init__(self, live_id: str, *, threaded: bool) -> None:
        self.live_id = live_id
        self.queue: Any = queue.Queue(QUEUE_LIMIT) if threaded else asyncio.Queue(QUEUE_LIMIT)
        self.dropped = False

    def offer(self, batch: tuple[ev.Event, ...] | None) -> bool:
        try:
            self.queue.put_nowait(batch)
            return True
        except (asyncio.QueueFull, queue.Full):
            self.dropped = True
            self.close()
            return False

    def close(self) -> None:
        # Empty the queue so the end marker fits: a dropped viewer must not keep its backlog in memory.
        while True:
            try:
                self.queue.get_nowait()
            except (asyncio.QueueEmpty, queue.Empty):
                break
        self.queue.put_nowait(None)


class LiveFeed:
    def __init__(self, hub: Hub, live_id: str) -> None:
        self.hub, self.live_id = hub, live_id
        self.subscribers: set[Subscriber] = set()
        self.floor = 0
        self.recent: deque[tuple[float, int]] = deque()
        self.seen: set[int] = set()
        self.state: ev.LiveState | None = None
        self.viewers = -1
        self.peak_written = 0

    def broadcast(self, batch: tuple[ev.Event, ...] | None) -> None:
        for subscriber in list(self.subscribers):
            if not subscriber.offer(batch):
                self.subscribers.discard(subscriber)

    async def broadcast_in_slices(self, batch: tuple[ev.Event, ...]) -> None:
        """`broadcast`, yielding to the loop after every SLICE viewers: each wake-up queues a viewer's send, and
        other requests on this loop (a chat post, a new viewer) would otherwise wait behind all of them."""
        subscribers = list(self.subscribers)
        for start in range(0, len(subscribers), SLICE):
            for subscriber in subscribers[start:start + SLICE]:
                if not subscriber.offer(batch):
                    self.subscribers.discard(subscriber)
            if start + SLICE < len(subscribers):
                await asyncio.sleep(0)

    async def run(self) -> None:
        try:
            resolved = await self.hub.db(io.feed_resolve, self.live_id)
            if resolved is None:
                return
            self.pk, jurisdiction, seller = resolved
            self.floor = await self.hub.db(io.feed_first_floor, self.pk)
            self.hidden_since = self.floor
            self.state = await self.hub.db(ev.read_state, self.pk, hidden_since=self.hidden_since)
            if self.state is not None:
                # The first viewers read their opening state before this one: it may have changed in between
                # (the live started or ended), and later changes are told relative to this state.
                self.broadcast((ev.Event(None, ev.sse("status", self.state.payload())),))
            revision, state_at, viewers_at, switch_at = -1, time.monotonic(), 0.0, time.monotonic()
            quiet_since = time.monotonic()
            while self.subscribers and self.state is not None and self.state.status in OPEN:
                started = time.monotonic()
                events = await self._chat()
                now_revision = await self.hub.db(live_revision, self.pk)
                if now_revision != revision or started - state_at >= STATE_EVERY:
                    revision, state_at = now_revision, started
                    new = await self.hub.db(ev.read_state, self.pk, hidden_since=self.hidden_since)
                    if new is None:
                        break
                    events += ev.state_changes(self.state, new)
                    self.state = new
                if started - viewers_at >= VIEWERS_EVERY:
                    viewers_at = started
                    events += await self._viewers()
                if self.state.status == "live" and started - switch_at >= SWITCH_EVERY:
                    switch_at = started
                    await self.hub.db(io.feed_switch_enforce, self.pk, jurisdiction, seller)
                    revision = -1  # read the state next tick: the live may have been suspended
                if not events and started - quiet_since >= HEARTBEAT:
                    events.append(KEEP_ALIVE)
                if events:
                    quiet_since = started
                    await self.broadcast_in_slices(tuple(events))
                await asyncio.sleep(max(0.0, TICK - (time.monotonic() - started)))
        except asyncio.CancelledError:
            raise
        except Exception:  # a database hiccup ends this feed; viewers reconnect and a new one starts
            logger.exception("live feed %s failed", self.live_id)
        finally:
            if self.hub.feeds.get(self.live_id) is self:
                del self.hub.feeds[self.live_id]
            self.broadcast(None)
            # RuntimeError, CancelledError: the loop is shutting down, nothing left to tidy.
            with contextlib.suppress(RuntimeError, asyncio.CancelledError):
                if getattr(self, "pk", None) is not None:
                    await self._viewers_write(0)
                if not self.hub.feeds:  # an idle process holds no database connection for lives
                    await self.hub.db_release()

    async def _chat(self) -> list[ev.Event]:
        rows = await self.hub.db(ev.read_chat_after, self.pk, self.floor)
        now = time.monotonic()
        events = []
        for row in rows:
            if row.pk not in self.seen:
                self.seen.add(row.pk)
                self.recent.append((now, row.pk))
                events.append(ev.chat_event(row))
        while self.recent and self.recent[0][0] < now - io.SETTLE:
            _, settled = self.recent.popleft()
            self.floor = max(self.floor, settled)
        self.seen = {i for i in self.seen if i > self.floor}
        return events

    async def _viewers_write(self, count: int) -> int:
        return await self.hub.db(io.feed_viewers_publish, self.pk, self.hub.token, count)

    async def _viewers(self) -> list[ev.Event]:
        total = await self._viewers_write(len(self.subscribers))
        events = []
        if total != self.viewers:
            self.viewers = total
            events.append(ev.Event(None, ev.sse("viewers", {"count": total})))
        if total > self.peak_written:
            self.peak_written = total
            await self.hub.db(io.feed_peak_raise, self.pk, total)
        return events


def _in_pool(function: Callable, *args: Any, **kwargs: Any) -> Any:
    # The pool's threads keep their connections between calls; drop one that is too old or broken first (what
    # Django does at each request's start and end).
    close_old_connections()
    return function(*args, **kwargs)


class Hub:
    """The feeds of one event loop and the thread pool their database reads run in."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.feeds: dict[str, LiveFeed] = {}
        self.executor = ThreadPoolExecutor(max_workers=DB_THREADS, thread_name_prefix="live-hub")
        self.token = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"

    async def db(self, function: Callable, *args: Any, **kwargs: Any) -> Any:
        return await self.loop.run_in_executor(self.executor, partial(_in_pool, function, *args, **kwargs))

    def subscribe(self, live_id: str, *, threaded: bool = False) -> Subscriber:
        """Called on the hub's loop. Starts the live's feed if this is its first viewer here."""
        subscriber = Subscriber(live_id, threaded=threaded)
        feed = self.feeds.get(live_id)
        if feed is None:
            feed = self.feeds[live_id] = LiveFeed(self, live_id)
            # A fresh context: the feed outlives the request that happened to start it.
            self.loop.create_task(feed.run(), context=contextvars.Context())
        feed.subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        feed = self.feeds.get(subscriber.live_id)
        if feed is not None:
            feed.subscribers.discard(subscriber)

    def viewers_here(self, live_id: str) -> int:
        feed = self.feeds.get(live_id)
        return len(feed.subscribers) if feed else 0

    def _close_tasks(self) -> list:
        # Each task waits at the barrier, so the pool runs them on as many different threads: every thread's
        # connection is closed (a connection can only be closed by its own thread).
        barrier = threading.Barrier(DB_THREADS)

        def close() -> None:
            connections.close_all()
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=5)

        return [self.executor.submit(close) for _ in range(DB_THREADS)]

    async def db_release(self) -> None:
        await asyncio.gather(*(asyncio.wrap_future(f) for f in self._close_tasks()))

    def close_connections(self) -> None:
        """Close the database connections of every pool thread (tests, before their database goes away)."""
        for future in self._close_tasks():
            future.result(timeout=10)


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()
_lock = threading.Lock()
_background: Hub | None = None


def hub_for_running_loop() -> Hub:
    loop = asyncio.get_running_loop()
    with _lock:
        hub = _hubs.get(loop)
        if hub is None:
            hub = _hubs[loop] = Hub(loop)
        return hub


def background_hub() -> Hub:
    """The hub of the WSGI server: its own event loop on a daemon thread, started on first use."""
    global _background
    with _lock:
        if _background is None:
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="live-hub-loop", daemon=True).start()
            _background = _hubs[loop] = Hub(loop)
        return _background


def subscribe_threadsafe(live_id: str) -> tuple[Hub, Subscriber]:
    hub = background_hub()

    async def join() -> Subscriber:
        return hub.subscribe(live_id, threaded=True)

    return hub, asyncio.run_coroutine_threadsafe(join(), hub.loop).result(timeout=10)


def unsubscribe_threadsafe(hub: Hub, subscriber: Subscriber) -> None:
    hub.loop.call_soon_threadsafe(hub.unsubscribe, subscriber)


def hubs_close_connections() -> None:
    """Close every hub thread's database connections (test teardown)."""
    for hub in list(_hubs.values()):
        hub.close_connections()
