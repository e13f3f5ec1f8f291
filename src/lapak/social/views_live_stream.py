"""GET /live/<id>/events: a live's Server-Sent Events stream (see live_events for the event types).

One async view serves both servers. Under ASGI (uvicorn: production and the benchmark) it streams from an async
generator on the server's loop; under WSGI (`manage.py runserver`, threaded) Django would have to read an async
iterator to its end before sending anything, so there the stream is a sync generator reading a thread-safe queue.
The request's class tells which server runs it.

A reconnecting browser sends Last-Event-ID (the last chat message it got) and is first sent the messages it
missed, from the database (the newest CATCH_UP_LIMIT, after a `gap` event when there were more), with the ids of
recently hidden messages and the viewer count; a page may pass `?after=<id>` for the first connection. The feed
sends a comment to every viewer after live_hub.HEARTBEAT quiet seconds, so proxies do not close an idle stream.
A live that is over answers 204, which tells EventSource to stop reconnecting.
"""

from __future__ import annotations

import queue
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from lapak.social import live_events as ev
from lapak.social import live_feed_io as io
from lapak.social import live_hub
from lapak.social.models import LiveSession


@dataclass(frozen=True)
class Opening:
    head: bytes  # retry, the state, the viewer count, recent hides, the missed messages
    catch_up_max: int  # chat ids up to this one were sent in `head` (or existed before the viewer came)
    over: bool


def stream_opening(live_id: str, cursor: int | None) -> Opening | None:
    """What a new stream starts with; None when there is no such live. Reads after the viewer subscribed, so
    nothing committed in between is missed (the feed's copies of what this sends are dropped by id). A reconnect
    that missed more than CATCH_UP_LIMIT messages gets the newest ones and a `gap` event: what it is sent next
    follows on from the newest, so nothing delivered later is skipped."""
    live = LiveSession.objects.filter(public_id=live_id).values("pk", "status").first()
    if live is None:
        return None
    if live["status"] not in live_hub.OPEN:
        return Opening(b"", 0, True)
    pk = live["pk"]
    state = ev.read_state(pk, with_hidden=False)
    parts = [f"retry: {ev.RETRY_MS}\n\n".encode(), ev.sse("status", state.payload()),
             # this viewer is watching even before the feed next counts it
             ev.sse("viewers", {"count": max(1, io.feed_viewers_total(pk))})]
    parts += [ev.sse("hide", {"id": message_id}) for message_id in ev.read_hidden_recent(pk)]
    if cursor is None:
        return Opening(b"".join(parts), ev.latest_chat_id(pk), False)
    missed = ev.read_chat_newest_after(pk, cursor, limit=ev.CATCH_UP_LIMIT + 1)
    if len(missed) > ev.CATCH_UP_LIMIT:
        missed = missed[1:]
        parts.append(ev.sse("gap", {"before": missed[0].pk}))
    parts += [ev.chat_event(message).data for message in missed]
    return Opening(b"".join(parts), max([cursor] + [m.pk for m in missed]), False)


def stream_opening_then_close(live_id: str, cursor: int | None) -> Opening | None:
    """`stream_opening` in a request's own thread (WSGI): that thread then streams for as long as the viewer
    stays, so it closes its connections rather than hold one per open stream (unless a test's transaction
    holds them)."""
    try:
        return stream_opening(live_id, cursor)
    finally:
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close()


def _cursor(request: HttpRequest) -> int | None:
    # ASCII digits only: str.isdigit() is also true of "²", which int() refuses.
    raw = request.headers.get("Last-Event-ID") or request.GET.get("after") or ""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None


class _Leave:
    """Unsubscribes a stream's viewer once, from any thread. The response calls it when it is closed, also when
    the stream never started (a viewer that left before the first byte), which a generator's `finally` misses."""

    def __init__(self, hub: live_hub.Hub, subscriber: live_hub.Subscriber) -> None:
        self.hub, self.subscriber, self.done = hub, subscriber, False

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            live_hub.unsubscribe_threadsafe(self.hub, self.subscriber)


class _Closing:
    """A stream's content: Django calls its `close` when the response is closed, sent or abandoned."""

    def __init__(self, stream: Iterator[bytes] | AsyncIterator[bytes], leave: _Leave) -> None:
        self.stream, self.leave = stream, leave

    def close(self) -> None:
        self.leave()


class _SyncClosing(_Closing):
    def __iter__(self) -> Iterator[bytes]:
        return iter(self.stream)

    def close(self) -> None:
        self.stream.close()  # runs the generator's own `finally` if it started
        self.leave()


class _AsyncClosing(_Closing):
    def __aiter__(self) -> AsyncIterator[bytes]:
        return aiter(self.stream)


def _batch_bytes(batch: tuple[ev.Event, ...], catch_up_max: int) -> bytes:
    return b"".join(e.data for e in batch if e.chat_id is None or e.chat_id > catch_up_max)


async def _async_stream(hub: live_hub.Hub, subscriber: live_hub.Subscriber, opening: Opening) -> AsyncIterator[bytes]:
    try:
        yield opening.head
        while True:
            batch = await subscriber.queue.get()  # the feed's keep-alive comes as a batch too
            if batch is None:
                return
            if data := _batch_bytes(batch, opening.catch_up_max):
                yield data
    finally:
        hub.unsubscribe(subscriber)


def _sync_stream(hub: live_hub.Hub, subscriber: live_hub.Subscriber, opening: Opening) -> Iterator[bytes]:
    try:
        yield opening.head
        while True:
            try:
                batch = subscriber.queue.get(timeout=live_hub.HEARTBEAT * 2)
            except queue.Empty:  # the hub's loop thread is gone: keep the stream honest until the client leaves
                yield b": keep-alive\n\n"
                continue
            if batch is None:
                return
            if data := _batch_bytes(batch, opening.catch_up_max):
                yield data
    finally:
        live_hub.unsubscribe_threadsafe(hub, subscriber)


@require_safe
async def live_events(request: HttpRequest, live_id: str) -> HttpResponse:
    return await live_events_response(request, live_id)


async def live_events_response(request: HttpRequest, live_id: str) -> HttpResponse:
    """The stream for `live_id` (also served under the API): 404 for no such live, 204 once it is over. The
    viewer is unsubscribed on every way out: an error, a cancellation while the opening is read, a response never
    streamed, or the end of the stream."""
    cursor = _cursor(request)
    asgi = isinstance(request, ASGIRequest)
    leave: _Leave | None = None
    try:
        if asgi:
            hub = live_hub.hub_for_running_loop()
            leave = _Leave(hub, hub.subscribe(live_id))  # no await in between: a cancellation cannot leak it
            # The hub's pool, not this request's thread: a thread per viewer would hold a connection per viewer.
            opening = await hub.db(stream_opening, live_id, cursor)
        else:
            hub, subscriber = await sync_to_async(live_hub.subscribe_threadsafe)(live_id)
            leave = _Leave(hub, subscriber)
            opening = await sync_to_async(stream_opening_then_close)(live_id, cursor)
        if opening is None:
            raise Http404
        if opening.over:
            return HttpResponse(status=204)
        stream: _Closing = (_AsyncClosing(_async_stream(hub, leave.subscriber, opening), leave) if asgi
                            else _SyncClosing(_sync_stream(hub, leave.subscriber, opening), leave))
        response = StreamingHttpResponse(stream, content_type="text/event-stream; charset=utf-8")
        response["Cache-Control"] = "no-cache, no-transform"
        response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
        leave = None  # the response owns the subscription now
        return response
    finally:
        if leave is not None:
            leave()
