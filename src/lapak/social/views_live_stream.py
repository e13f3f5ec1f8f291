"""GET /live/<id>/events: a live's Server-Sent Events stream (see live_events for the event types).

One async view serves both servers. Under ASGI (uvicorn: production and the benchmark) it streams from an async
generator on the server's loop; under WSGI (`manage.py runserver`, threaded) Django would have to read an async
iterator to its end before sending anything, so there the stream is a sync generator reading a thread-safe queue.
The request's class tells which server runs it.

A reconnecting browser sends Last-Event-ID (the last chat message it got) and is first sent the messages it
missed, from the database; a page may pass `?after=<id>` for the first connection. The feed sends a comment to
every viewer after live_hub.HEARTBEAT quiet seconds, so proxies do not close an idle stream. A live that is over
answers 204, which tells EventSource to stop reconnecting.
"""

from __future__ import annotations

import queue
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from lapak.social import live_events as ev
from lapak.social import live_hub
from lapak.social.models import LiveSession


@dataclass(frozen=True)
class Opening:
    head: bytes  # retry, the state, the missed messages
    catch_up_max: int  # chat ids up to this one were sent in `head` (or existed before the viewer came)
    over: bool


def stream_opening(live_id: str, cursor: int | None) -> Opening | None:
    """What a new stream starts with; None when there is no such live. Reads after the viewer subscribed, so
    nothing committed in between is missed (the feed's copies of what this sends are dropped by id)."""
    live = LiveSession.objects.filter(public_id=live_id).values("pk", "status").first()
    if live is None:
        return None
    if live["status"] not in live_hub.OPEN:
        return Opening(b"", 0, True)
    state = ev.read_state(live["pk"])
    parts = [f"retry: {ev.RETRY_MS}\n\n".encode(), ev.sse("status", state.payload())]
    if cursor is None:
        return Opening(b"".join(parts), ev.latest_chat_id(live["pk"]), False)
    missed = ev.read_chat_after(live["pk"], cursor, limit=ev.CATCH_UP_LIMIT)
    parts += [ev.chat_event(message).data for message in missed]
    return Opening(b"".join(parts), max([cursor] + [m.pk for m in missed]), False)


def _cursor(request: HttpRequest) -> int | None:
    raw = request.headers.get("Last-Event-ID") or request.GET.get("after") or ""
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


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
    """The stream for `live_id` (also served under the API): 404 for no such live, 204 once it is over."""
    cursor = _cursor(request)
    if isinstance(request, ASGIRequest):
        hub = live_hub.hub_for_running_loop()
        subscriber = hub.subscribe(live_id)
        # The hub's pool, not this request's thread: a thread per viewer would hold a connection per viewer.
        opening = await hub.db(stream_opening, live_id, cursor)
    else:
        hub, subscriber = await sync_to_async(live_hub.subscribe_threadsafe)(live_id)
        opening = await sync_to_async(stream_opening)(live_id, cursor)
    if opening is None or opening.over:
        if isinstance(request, ASGIRequest):
            hub.unsubscribe(subscriber)
        else:
            live_hub.unsubscribe_threadsafe(hub, subscriber)
        if opening is None:
            raise Http404
        return HttpResponse(status=204)
    stream = (_async_stream if isinstance(request, ASGIRequest) else _sync_stream)(hub, subscriber, opening)
    response = StreamingHttpResponse(stream, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache, no-transform"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response
