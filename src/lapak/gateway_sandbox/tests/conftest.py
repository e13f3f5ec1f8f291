"""Fixtures: the gateway served in-process by wsgiref (state in tmp_path) and a tiny notification receiver."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from lapak.gateway_sandbox.app import make_app
from lapak.gateway_sandbox.config import Config
from lapak.gateway_sandbox.server import serve_in_thread

SERVER_KEY = "SB-Mid-server-test-key"


def expected_signature(body: dict) -> str:
    """Midtrans' formula, computed here on its own so a slip in the gateway's code cannot hide."""
    raw = body["order_id"] + body["status_code"] + body["gross_amount"] + SERVER_KEY
    return hashlib.sha512(raw.encode("utf-8")).hexdigest()


def wait_until(predicate, timeout: float = 5.0):
    """Poll until `predicate()` is truthy and return its value (fails the test on timeout)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.01)
    raise AssertionError("condition not met in time")


@dataclass
class Receiver:
    """Records every POST; answers with the codes queued in `plan` first, then 200."""

    url: str = ""
    received: list[dict] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    plan: list[int] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[dict]:
        """Block until `count` notifications arrived (fails the test otherwise)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.01)
        raise AssertionError(f"expected {count} notifications, got {len(self.received)}: {self.received}")

    def for_order(self, order_id: str) -> list[dict]:
        with self.lock:
            return [body for body in self.received if body.get("order_id") == order_id]


@pytest.fixture
def receiver():
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with state.lock:
                code = state.plan.pop(0) if state.plan else 200
                state.answered.append(code)
                if code == 200:
                    state.raw.append(raw)
                    state.received.append(json.loads(raw))
                    state.times.append(time.monotonic())
            self.send_response(code)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format, *args):
            """Quiet: the tests read the state kept above, not the server's log."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_port}/api/v1/payments/webhooks/midtrans"
    yield state
    server.shutdown()
    server.server_close()


@dataclass
class Sandbox:
    base_url: str
    client: httpx.Client
    app: object

    def charge(self, order_id: str, payment_type: str = "qris", amount: int = 150000, **extra) -> httpx.Response:
        body = {"payment_type": payment_type, "transaction_details": {"order_id": order_id, "gross_amount": amount}}
        return self.client.post("/v2/charge", json={**body, **extra})

    def inspect(self, order_id: str) -> dict:
        return self.client.get(f"/_control/{order_id}").json()


@pytest.fixture
def sandbox(tmp_path, receiver):
    config = Config(
        server_key=SERVER_KEY,
        db_path=tmp_path / "gateway.sqlite3",
        notify_url=receiver.url,
        controls=True,
        retry_delays=(0.05, 0.1, 0.2),
        notify_timeout=2.0,
        sweep_interval=0.1,
    )
    app = make_app(config)
    server, base_url = serve_in_thread(app)
    client = httpx.Client(base_url=base_url, auth=(SERVER_KEY, ""), timeout=10)
    yield Sandbox(base_url, client, app)
    client.close()
    server.shutdown()
    server.server_close()
    app.close()
