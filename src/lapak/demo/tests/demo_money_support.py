"""Ground for the demo's money walk (test_demo_money.py): the demo data seeded as `make demo` seeds it (scale 0:
the fixed logins, the two demo shops and their listings), the API called as the demo people, the sandbox
gateway's notifications and the sandbox courier's tracking handed to Lapak's webhooks, and the books checked
both ways (`ledger_check()` and `manage.py ledger_check`)."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.utils import translation

from lapak.market.ledger.checks import ledger_check

WEBHOOK = "/api/v1/payments/webhooks/midtrans"
PAYOUT_WEBHOOK = "/api/v1/payouts/webhooks/midtrans"


def demo_seed() -> dict:
    """What `make demo-data` does, at the smallest scale that still makes the fixed logins and the demo shops."""
    call_command("shipping_load_couriers", stdout=StringIO())
    out = StringIO()
    call_command("demo_seed", scale=0, seed=2026, products=0, quiet=True, stdout=out)
    return json.loads(out.getvalue())


def books_ok() -> None:
    """The ledger balances: no problem found by the check, and the command says OK (exits 0)."""
    assert ledger_check() == []
    out = StringIO()
    with translation.override("en"):
        call_command("ledger_check", stdout=out)  # a problem raises CommandError: exit status 1 from manage.py
    assert out.getvalue().startswith("OK: ")


class Api:
    """Calls /api/v1 as a user with a bearer token (each unsafe call with its own Idempotency-Key), running
    what the request's commit queued (outbox deliveries, tasks), as the worker would."""

    def __init__(self, capture) -> None:
        self.client, self.capture, self.tokens, self.n = Client(HTTP_ACCEPT_LANGUAGE="en"), capture, {}, 0

    def headers(self, user) -> dict[str, str]:
        from lapak.accounts.services import api_token_issue

        if user.pk not in self.tokens:
            self.tokens[user.pk] = api_token_issue(user=user, name="demo-money")[1]
        return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[user.pk]}"}

    def __call__(self, user, method: str, path: str, body: dict | None = None, *, expect: int | None = None):
        kwargs = dict(self.headers(user))
        if method != "get":
            self.n += 1
            kwargs["HTTP_IDEMPOTENCY_KEY"] = f"demo-money-{self.n}"
            kwargs.update(data=json.dumps(body or {}), content_type="application/json")
        with self.capture(execute=True):
            response = getattr(self.client, method)(f"/api/v1{path}", **kwargs)
        assert response.status_code == expect if expect else response.status_code in (200, 201), (
            path, response.status_code, response.content[:600])
        return response.json()

    def webhook(self, path: str, raw: bytes) -> tuple[int, dict]:
        with self.capture(execute=True):
            response = Client().post(path, raw, content_type="application/json")
        return response.status_code, response.json()


def forward(api: Api, receiver, *, gateway_order: str | None = None, payout_ref: str | None = None,
            count: int = 1) -> list[object]:
    """Wait for `count` new notifications the sandbox sent about a payment (or callbacks about a payout) and hand
    each, byte for byte, to Lapak's webhook; returns each answer's outcome (or status code when refused)."""

    def mine(body: dict) -> bool:
        return body.get("order_id") == gateway_order if gateway_order else body.get("reference_no") == payout_ref

    deadline = time.monotonic() + 5
    while True:
        with receiver.lock:
            raws = [raw for raw, body in zip(receiver.raw, receiver.received, strict=True) if mine(body)]
        if len(raws) >= count or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert len(raws) >= count, f"{len(raws)} notifications, expected {count}"
    outcomes = []
    for raw in raws[:count]:
        status, data = api.webhook(WEBHOOK if gateway_order else PAYOUT_WEBHOOK, raw)
        outcomes.append(data.get("outcome") if status == 200 else status)
    with receiver.lock:  # handed over: forget them, so the next call sees only newer ones
        kept = [(r, b) for r, b in zip(receiver.raw, receiver.received, strict=True) if r not in raws[:count]]
        receiver.raw[:], receiver.received[:] = [r for r, _b in kept], [b for _r, b in kept]
    return outcomes


def courier_runs(api: Api, *, start: datetime, minutes: int = 3) -> None:
    """The sandbox courier takes its steps for `minutes`, each signed event posted to Lapak's shipping webhook."""
    from lapak.market.shipping.services import sandbox_tick

    def post(body: bytes, headers: dict[str, str]) -> int:
        with api.capture(execute=True):
            return Client().post("/api/v1/shipping/webhooks/sandbox", data=body, content_type="application/json",
                                 headers=headers).status_code

    for minute in range(1, minutes + 1):
        with api.capture(execute=True):
            sandbox_tick(now=start + timedelta(minutes=minute * 2), deliver=post)
