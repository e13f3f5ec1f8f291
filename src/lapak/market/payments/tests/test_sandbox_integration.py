"""Lapak's midtrans adapter against the project's sandbox gateway (lapak.gateway_sandbox), served in-process:
charges made through the official SDK, notifications the sandbox signs and POSTs (caught by a receiver and
handed to Lapak's webhook byte for byte), and its controls for duplicate, reordered, forged and late ones."""

from __future__ import annotations

import time

import httpx
import pytest

from lapak.gateway_sandbox.app import make_app
from lapak.gateway_sandbox.config import Config
from lapak.gateway_sandbox.server import serve_in_thread
from lapak.gateway_sandbox.tests.conftest import receiver  # noqa: F401  (a fixture)
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.models import JournalEntry
from lapak.market.orders.models import Order
from lapak.market.payments.models import IntentStatus, PaymentIntent, PaymentNotification, PaymentRefundNeeded
from lapak.market.payments.services import payment_intent_create, payment_intents_reconcile
from lapak.market.payments.tests.conftest import notify

KEY = "SB-Mid-server-integration"


@pytest.fixture
def sandbox(tmp_path, receiver, settings):  # noqa: F811
    from lapak.market.payments.gateways import registry

    config = Config(server_key=KEY, db_path=tmp_path / "gateway.sqlite3", notify_url=receiver.url, controls=True,
                    retry_delays=(0.05, 0.1), notify_timeout=2.0, sweep_interval=0.1)
    app = make_app(config)
    server, base_url = serve_in_thread(app)
    settings.MIDTRANS_BASE_URL, settings.MIDTRANS_SERVER_KEY = base_url, KEY
    assert registry.http_client_factory is registry._default_client  # the real HTTP client, no fake
    control = httpx.Client(base_url=base_url, timeout=10)
    yield control
    control.close()
    server.shutdown()
    server.server_close()
    app.close()


def forward(receiver, order_id: str, count: int) -> list[object]:  # noqa: F811
    """Wait for `count` new notifications of the order and hand each, as sent, to Lapak's webhook; returns each
    answer's outcome (or its status code when refused)."""
    deadline = time.monotonic() + 5
    while True:
        with receiver.lock:
            bodies = [raw for raw, body in zip(receiver.raw, receiver.received, strict=True)
                      if body.get("order_id") == order_id]
        if len(bodies) >= count or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert len(bodies) >= count, f"{len(bodies)} notifications of {order_id}, expected {count}"
    outcomes = []
    for raw in bodies[:count]:
        response = notify(raw)
        outcomes.append(response.json().get("outcome") if response.status_code == 200 else response.status_code)
    with receiver.lock:  # handed over: forget them, so the next call sees only newer ones
        kept = [(r, b) for r, b in zip(receiver.raw, receiver.received, strict=True) if r not in bodies[:count]]
        receiver.raw[:], receiver.received[:] = [r for r, _b in kept], [b for _r, b in kept]
    return outcomes


def test_qris_paid_through_the_sandbox(sandbox, receiver, placed, buyer):  # noqa: F811
    intent = payment_intent_create(order=placed, buyer=buyer, method="qris")
    assert intent.status == IntentStatus.REQUIRES_ACTION and intent.qr_string.startswith("000201")
    assert intent.qr_string[-8:-4] == "6304"  # the CRC field closes the EMVCo payload
    assert forward(receiver, intent.provider_order_id, 1) == ["no_change"]  # the sandbox's "pending"
    page = sandbox.get(f"/pay/{intent.provider_order_id}")
    assert page.status_code == 200
    sandbox.post(f"/pay/{intent.provider_order_id}")  # the demo buyer presses "Pay"
    assert forward(receiver, intent.provider_order_id, 1) == ["paid"]
    assert Order.objects.get(pk=placed.pk).status == "paid"
    assert JournalEntry.objects.count() == 1 and ledger_check() == []


@pytest.mark.parametrize(("bank", "field"), [("bca", "va_number"), ("permata", "va_number"), ("mandiri", "bill_key")])
def test_virtual_accounts_through_the_sandbox(sandbox, receiver, placed, buyer, bank, field):  # noqa: F811
    intent = payment_intent_create(order=placed, buyer=buyer, method="va", bank=bank)
    assert getattr(intent, field)
    forward(receiver, intent.provider_order_id, 1)
    sandbox.post(f"/_control/{intent.provider_order_id}/settle")
    assert forward(receiver, intent.provider_order_id, 1) == ["paid"]
    assert Order.objects.get(pk=placed.pk).status == "paid"


def test_duplicates_reordering_and_forgeries_from_the_sandbox(sandbox, receiver, placed, buyer):  # noqa: F811
    intent = payment_intent_create(order=placed, buyer=buyer, method="ewallet", bank="gopay")
    forward(receiver, intent.provider_order_id, 1)
    sandbox.post(f"/_control/{intent.provider_order_id}/settle")
    assert forward(receiver, intent.provider_order_id, 1) == ["paid"]
    sandbox.post(f"/_control/{intent.provider_order_id}/notify", json={"status": "settlement", "duplicates": 4})
    assert forward(receiver, intent.provider_order_id, 5) == ["duplicate"] * 5
    # A signed notification is confirmed with the gateway's status before it is applied: a replay claiming
    # another status or another amount applies what the gateway says, the settlement, already processed.
    sandbox.post(f"/_control/{intent.provider_order_id}/notify", json={"status": "expire"})
    assert forward(receiver, intent.provider_order_id, 1) == ["duplicate"]
    sandbox.post(f"/_control/{intent.provider_order_id}/notify", json={"corrupt_signature": True})
    assert forward(receiver, intent.provider_order_id, 1) == [401]
    sandbox.post(f"/_control/{intent.provider_order_id}/notify", json={"amount_override": "1.00"})
    assert forward(receiver, intent.provider_order_id, 1) == ["duplicate"]
    assert JournalEntry.objects.count() == 1 and Order.objects.get(pk=placed.pk).status == "paid"
    assert PaymentIntent.objects.get(pk=intent.pk).status == IntentStatus.PAID


def test_a_late_settlement_after_expiry_is_kept_and_refunded(sandbox, receiver, placed, buyer):  # noqa: F811
    intent = payment_intent_create(order=placed, buyer=buyer, method="qris")
    forward(receiver, intent.provider_order_id, 1)
    sandbox.post(f"/_control/{intent.provider_order_id}/expire")
    assert forward(receiver, intent.provider_order_id, 1) == ["closed"]
    assert Order.objects.get(pk=placed.pk).status == "cancelled"
    sandbox.post(f"/_control/{intent.provider_order_id}/settle", json={"force": True})
    assert forward(receiver, intent.provider_order_id, 1) == ["refund_needed"]
    assert PaymentRefundNeeded.objects.get(intent=intent).amount == placed.grand_total
    assert ledger_check() == []


def test_reconciliation_asks_the_sandbox(sandbox, receiver, placed, buyer, settings):  # noqa: F811
    from datetime import timedelta

    from django.utils import timezone

    intent = payment_intent_create(order=placed, buyer=buyer, method="va", bank="bni")
    sandbox.post(f"/_control/{intent.provider_order_id}/settle")  # its notifications are never handed over
    assert payment_intents_reconcile(now=timezone.now() + timedelta(minutes=11)) == {"asked": 1, "failed": 0}
    assert Order.objects.get(pk=placed.pk).status == "paid"
    assert PaymentNotification.objects.get(source="status").outcome == "paid"
