"""The live's event stream for real: uvicorn serves the ASGI application on a loopback port in a thread, and the
test reads Server-Sent Events over HTTP while it posts, pins, ends and switches off. And the WSGI variant
(`runserver`) through Django's test client."""

from __future__ import annotations

import json
import queue
import socket
import threading
import time

import httpx
import pytest
import uvicorn
from django.test import Client

from lapak.social import live_hub
from lapak.social.services.live import live_end
from lapak.social.services.live_chat import chat_post
from lapak.social.services.live_pins import live_pin
from lapak.social.tests.live_support import (  # noqa: F401
    BOTH,
    catalogue_fixture,
    on_air,
    people_fixture,
    switch_live_shopping,
)

pytestmark = pytest.mark.django_db(databases=BOTH, transaction=True)


@pytest.fixture(autouse=True)
def _quick_heartbeat(monkeypatch):
    # Keep-alive comments every 0.3 s instead of 15: a reader being closed is woken at once, and they are tested.
    monkeypatch.setattr(live_hub, "HEARTBEAT", 0.3)


@pytest.fixture(name="server")
def server_fixture():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config("lapak.config.asgi:application", log_level="warning", lifespan="off",
                            timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=10)
    live_hub.hubs_close_connections()


class Reader:
    """Reads one SSE stream on a thread; parsed events land on a queue."""

    def __init__(self, url: str, last_event_id: int | None = None) -> None:
        self.events: queue.Queue = queue.Queue()
        self.backlog: list[dict] = []
        self.comments = 0
        self.stop = threading.Event()
        self.status: int | None = None
        self.closed = threading.Event()
        self.broken = False
        headers = {"Last-Event-ID": str(last_event_id)} if last_event_id is not None else {}
        self.client = httpx.Client(timeout=httpx.Timeout(30, connect=5))
        self.thread = threading.Thread(target=self._run, args=(url, headers), daemon=True)
        self.thread.start()

    def _run(self, url: str, headers: dict) -> None:
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                self.status = response.status_code
                event: dict = {}
                for line in response.iter_lines():
                    if self.stop.is_set():
                        break
                    if line.startswith(":"):
                        self.comments += 1
                    elif line == "":
                        if "event" in event:
                            self.events.put(event)
                        event = {}
                    else:
                        field, _, value = line.partition(": ")
                        event[field] = json.loads(value) if field == "data" else value
        except httpx.HTTPError:  # the server closed the stream: the reader ends, as a browser's would
            self.broken = True
        finally:
            self.closed.set()

    def next(self, kind: str, timeout: float = 10) -> dict:
        """The oldest event of `kind` not taken yet (events of other kinds are kept for later calls)."""
        for index, event in enumerate(self.backlog):
            if event["event"] == kind:
                return self.backlog.pop(index)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                event = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if event["event"] == kind:
                return event
            self.backlog.append(event)
        raise AssertionError(f"no {kind} event within {timeout} s (HTTP {self.status}, closed: "
                             f"{self.closed.is_set()}, other events: {[e['event'] for e in self.backlog]})")

    def status_becomes(self, status: str, timeout: float = 15) -> dict:
        """The first status event saying `status` (a status event repeats the whole state, so there may be
        several saying the same)."""
        deadline = time.monotonic() + timeout
        while True:
            event = self.next("status", timeout=max(0.1, deadline - time.monotonic()))
            if event["data"]["status"] == status:
                return event

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.client.close()
        self.thread.join(timeout=5)


def test_viewers_get_chat_and_pins_and_a_reconnect_gets_what_it_missed(server, people, catalogue):
    live = on_air(people["host"])
    url = f"{server}/live/{live.public_id}/events"
    first, second = Reader(url), Reader(f"{server}/api/v1/social/lives/{live.public_id}/events")  # page and API
    for reader in (first, second):
        assert reader.next("status")["data"]["status"] == "live"
    message = chat_post(account=people["viewer"].public_id, author_name="Budi", live_id=live.public_id,
                        body="<b>halo</b>")
    for reader in (first, second):
        event = reader.next("chat")
        assert event["id"] == str(message.pk) and event["data"]["body"] == "<b>halo</b>"
    # Two viewers, one poller: the fan-out reads the database once per tick for all of them.
    assert sum(1 for hub in list(live_hub._hubs.values()) if live.public_id in hub.feeds) == 1
    product = catalogue.add(title="Songket Palembang")
    live_pin(actor=people["host"].public_id, live_id=live.public_id, product_id=product)
    for reader in (first, second):
        pinned = reader.next("pin")["data"]
        assert pinned["product"]["title"] == "Songket Palembang"
        assert pinned["product"]["url"] == f"/go/live/{live.public_id}/{product}/"
    assert first.next("viewers")["data"]["count"] >= 1
    deadline = time.monotonic() + 5
    while first.comments == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert first.comments >= 1  # keep-alive comments flow while nothing happens

    second.close()
    missed = [chat_post(account=people[who].public_id, author_name=who, live_id=live.public_id, body=f"dari {who}")
              for who in ("rival", "operator")]
    assert [first.next("chat")["data"]["body"] for _ in missed] == ["dari rival", "dari operator"]
    again = Reader(url, last_event_id=message.pk)
    state = again.next("status")["data"]
    assert [p["product_id"] for p in state["pinned"]] == [product]
    caught_up = [again.next("chat") for _ in missed]
    assert [int(e["id"]) for e in caught_up] == [m.pk for m in missed]
    time.sleep(0.5)
    assert [e for e in again.backlog + list(again.events.queue) if e["event"] == "chat"] == []  # no duplicates
    first.close()
    again.close()


def test_ending_the_live_tells_viewers_and_closes_the_stream(server, people):
    live = on_air(people["host"])
    url = f"{server}/live/{live.public_id}/events"
    reader = Reader(url)
    reader.next("status")
    live_end(actor=people["host"].public_id, live_id=live.public_id)
    assert reader.status_becomes("ended")
    assert reader.closed.wait(10)
    assert httpx.get(url, timeout=10).status_code == 204  # EventSource stops reconnecting
    assert httpx.get(f"{server}/live/liv_nothing/events", timeout=10).status_code == 404
    reader.close()


def test_the_poller_suspends_a_live_once_its_switch_is_off(server, people, monkeypatch):
    monkeypatch.setattr(live_hub, "SWITCH_EVERY", 0.3)
    live = on_air(people["host"])
    reader = Reader(f"{server}/live/{live.public_id}/events")
    reader.next("status")
    switch_live_shopping("off", reason="Darurat")
    assert reader.status_becomes("suspended")
    live.refresh_from_db()
    assert live.status == "suspended"
    reader.close()


def test_the_wsgi_variant_streams_from_a_sync_generator(people):
    live = on_air(people["host"])
    response = Client().get(f"/live/{live.public_id}/events")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/event-stream")
    chunks: queue.Queue = queue.Queue()

    def pump() -> None:
        for chunk in response.streaming_content:
            chunks.put(chunk.decode())
            if "event: chat" in chunk.decode():
                break

    threading.Thread(target=pump, daemon=True).start()
    assert "event: status" in chunks.get(timeout=10)
    chat_post(account=people["viewer"].public_id, author_name="Budi", live_id=live.public_id, body="lewat WSGI")
    received = ""
    deadline = time.monotonic() + 10
    while "lewat WSGI" not in received and time.monotonic() < deadline:
        received += chunks.get(timeout=10)
    assert "event: chat" in received and "lewat WSGI" in received
    response.close()
    live_hub.hubs_close_connections()
