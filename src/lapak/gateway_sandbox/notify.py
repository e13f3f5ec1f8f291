"""Delivery of HTTP notifications: logged before sending, POSTed from one background thread, re-sent with
back-off while the receiver answers non-2xx or not at all (as Midtrans does)."""

from __future__ import annotations

import heapq
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from lapak.gateway_sandbox.config import Config
from lapak.gateway_sandbox.payloads import jakarta_time
from lapak.gateway_sandbox.store import Store


@dataclass(order=True)
class _Job:
    due: float
    seq: int
    notification_id: int = field(compare=False)
    url: str = field(compare=False)
    payload: bytes = field(compare=False)
    attempt: int = field(compare=False, default=0)


class Notifier:
    """A small persistent-log, in-memory-queue sender. Jobs due at the same time go out in the order queued."""

    def __init__(self, store: Store, config: Config) -> None:
        self._store = store
        self._config = config
        self._queue: list[_Job] = []
        self._cond = threading.Condition()
        self._seq = itertools.count()
        self._stopping = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the sender thread (idempotent)."""
        with self._cond:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="gateway-notifier", daemon=True)
                self._thread.start()

    def stop(self) -> None:
        """Stop the sender thread; queued jobs are dropped (their log rows stay)."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def send(self, *, order_id: str, url: str, body: dict[str, Any], delay: float = 0.0) -> int:
        """Log one notification and queue it for delivery after `delay` seconds; returns its log id."""
        now = jakarta_time(time.time())
        notification_id = self._store.add_notification(order_id=order_id, url=url, body=body, at=now)
        if not url:
            self._store.record_attempt(notification_id, {"at": now, "error": "no URL"}, delivered=False)
            return notification_id
        self._push(_Job(time.monotonic() + delay, next(self._seq), notification_id, url, json.dumps(body).encode()))
        return notification_id

    def send_burst(self, *, order_id: str, url: str, body: dict[str, Any], copies: int) -> list[int]:
        """Send `copies` identical notifications at the same moment, each from its own thread (a race on purpose)."""
        ids = [self._store.add_notification(order_id=order_id, url=url, body=body, at=jakarta_time(time.time()))
               for _ in range(copies)]
        payload = json.dumps(body).encode()
        barrier = threading.Barrier(copies)

        def fire(notification_id: int) -> None:
            barrier.wait(timeout=10)
            self._deliver(_Job(time.monotonic(), next(self._seq), notification_id, url, payload))

        for notification_id in ids:
            threading.Thread(target=fire, args=(notification_id,), daemon=True).start()
        return ids

    def _push(self, job: _Job) -> None:
        with self._cond:
            heapq.heappush(self._queue, job)
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopping and (not self._queue or self._queue[0].due > time.monotonic()):
                    wait = self._queue[0].due - time.monotonic() if self._queue else None
                    self._cond.wait(timeout=wait)
                if self._stopping:
                    return
                job = heapq.heappop(self._queue)
            self._deliver(job)

    def _deliver(self, job: _Job) -> None:
        status: int | None = None
        error = ""
        request = urllib.request.Request(  # noqa: S310 - the URL comes from the operator's own settings
            job.url,
            data=job.payload,
            method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json", "User-Agent": "Veritrans"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self._config.notify_timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (OSError, ValueError) as exc:
            error = f"{type(exc).__name__}: {exc}"
        delivered = status is not None and 200 <= status < 300
        attempt: dict[str, Any] = {"at": jakarta_time(time.time()), "attempt": job.attempt + 1, "http_status": status}
        if error:
            attempt["error"] = error
        self._store.record_attempt(job.notification_id, attempt, delivered=delivered)
        delays = self._config.retry_delays
        if not delivered and job.attempt < len(delays):
            job.due = time.monotonic() + delays[job.attempt]
            job.attempt += 1
            self._push(job)
