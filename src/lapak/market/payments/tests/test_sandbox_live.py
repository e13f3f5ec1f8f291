"""End to end over real HTTP both ways: Lapak served by a live test server, the sandbox gateway in-process with
its notification URL pointing at Lapak's webhook; the sandbox retries, duplicates and forges on its own."""

from __future__ import annotations

import time

import httpx
import pytest

from lapak.gateway_sandbox.app import make_app
from lapak.gateway_sandbox.config import Config
from lapak.gateway_sandbox.server import serve_in_thread
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.models import JournalEntry
from lapak.market.orders.models import Order
from lapak.market.payments.models import PaymentNotification
from lapak.market.payments.services import payment_intent_create

KEY = "SB-Mid-server-live"


def wait_until(check, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_the_sandbox_notifies_lapak_over_http(racing_db, live_server, tmp_path, settings, place, cart, buyer):
    config = Config(server_key=KEY, db_path=tmp_path / "gateway.sqlite3", controls=True,
                    notify_url=f"{live_server.url}/api/v1/payments/webhooks/midtrans",
                    retry_delays=(0.05, 0.1, 0.2), notify_timeout=5.0, sweep_interval=0.1)
    app = make_app(config)
    server, base_url = serve_in_thread(app)
    settings.MIDTRANS_BASE_URL, settings.MIDTRANS_SERVER_KEY = base_url, KEY
    try:
        order = place()
        intent = payment_intent_create(order=order, buyer=buyer, method="qris")
        wait_until(lambda: PaymentNotification.objects.filter(outcome="no_change").exists())  # "pending"
        with httpx.Client(base_url=base_url, timeout=10) as control:
            control.post(f"/pay/{intent.provider_order_id}")  # the demo buyer pays on the sandbox's page
            wait_until(lambda: Order.objects.get(pk=order.pk).status == "paid")
            control.post(f"/_control/{intent.provider_order_id}/notify",
                         json={"status": "settlement", "duplicates": 5, "concurrent": True})
            control.post(f"/_control/{intent.provider_order_id}/notify", json={"corrupt_signature": True})
            wait_until(lambda: PaymentNotification.objects.filter(outcome__in=["duplicate", "forged"]).count() >= 7)
        assert PaymentNotification.objects.filter(outcome="paid").count() == 1
        assert JournalEntry.objects.count() == 1 and ledger_check() == []
    finally:
        server.shutdown()
        server.server_close()
        app.close()
