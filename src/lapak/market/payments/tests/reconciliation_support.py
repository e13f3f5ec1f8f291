"""Fixtures for the reconciliation tests: the project's sandbox gateway served in-process (with its store at
hand, so a test can delete or alter what the gateway recorded), and orders paid through it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import httpx
import pytest
from django.utils import timezone

from lapak.gateway_sandbox.app import SandboxApp, make_app
from lapak.gateway_sandbox.config import Config
from lapak.gateway_sandbox.server import serve_in_thread
from lapak.market.payments.services.reconciliation import WIB

KEY = "SB-Mid-server-reconciliation"


@dataclass
class Gateway:
    control: httpx.Client  # the sandbox's pages and controls
    app: SandboxApp

    def sql(self, statement: str, *params: object) -> int:
        """Change the gateway's own records behind its back (what reconciliation is there to catch)."""
        with self.app.store.transaction() as conn:
            return conn.execute(statement, params).rowcount


@pytest.fixture
def gateway(tmp_path, receiver, settings):
    from lapak.market.payments.gateways import registry

    config = Config(server_key=KEY, db_path=tmp_path / "gateway.sqlite3", notify_url=receiver.url, controls=True,
                    retry_delays=(0.05, 0.1), notify_timeout=2.0, sweep_interval=0.1)
    app = make_app(config)
    server, base_url = serve_in_thread(app)
    settings.MIDTRANS_BASE_URL, settings.MIDTRANS_SERVER_KEY = base_url, KEY
    assert registry.http_client_factory is registry._default_client  # the real HTTP client
    control = httpx.Client(base_url=base_url, timeout=10)
    yield Gateway(control, app)
    control.close()
    server.shutdown()
    server.server_close()
    app.close()


def today() -> date:
    return timezone.now().astimezone(WIB).date()


def another_order(buyer, address, market, key: str):
    """A second order of the buyer: one tea from Toko Budi (120,000 plus shipping)."""
    from lapak.market.checkout.services import checkout_place
    from lapak.market.orders.tests.support import fill

    fill(buyer, (market.tea, 1))
    return checkout_place(buyer=buyer, address_public_id=address.public_id, voucher_codes=[], idempotency_key=key,
                          shipping_choices={market.budi.public_id: ("jne", "REG")})
