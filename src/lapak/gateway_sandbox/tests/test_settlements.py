"""GET /v1/settlements: the sandbox's settled payments and refunds of one Jakarta day, and Lapak's midtrans
adapter reading them (`settlements(day)`), served in-process."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from lapak.gateway_sandbox.payloads import JAKARTA
from lapak.market.payments.gateways.base import SettlementKind
from lapak.market.payments.gateways.midtrans import MidtransGateway

from .conftest import SERVER_KEY


def _today():
    return datetime.now(UTC).astimezone(JAKARTA).date()


def test_the_days_settlements_and_refunds(sandbox):
    sandbox.charge("ord-paid", "qris", 150000)
    sandbox.charge("ord-pending", "bank_transfer", 90000, bank_transfer={"bank": "bca"})
    sandbox.charge("ord-wallet", "gopay", 70000)
    sandbox.client.post("/_control/ord-paid/settle")
    sandbox.client.post("/_control/ord-wallet/settle")
    sandbox.client.post("/v2/ord-wallet/refund", json={"refund_key": "ref-1", "amount": 20000})
    answer = sandbox.client.get("/v1/settlements", params={"date": _today().isoformat()})
    assert answer.status_code == 200
    records = answer.json()["records"]
    assert [(r["type"], r["order_id"], r["amount"], r["refund_key"]) for r in records] == [
        ("payment", "ord-paid", "150000.00", ""), ("payment", "ord-wallet", "70000.00", ""),
        ("refund", "ord-wallet", "20000.00", "ref-1")]
    assert all(r["settled_at"].startswith(_today().isoformat()) for r in records)
    other_day = (_today() - timedelta(days=1)).isoformat()
    assert sandbox.client.get("/v1/settlements", params={"date": other_day}).json()["records"] == []


def test_bad_requests(sandbox):
    assert sandbox.client.get("/v1/settlements", params={"date": "28-11-2026"}).status_code == 400
    assert sandbox.client.get("/v1/settlements").status_code == 400
    assert httpx.get(f"{sandbox.base_url}/v1/settlements?date=2026-11-28").status_code == 401


def test_the_midtrans_adapter_reads_them(sandbox):
    sandbox.charge("ord-card", "qris", 55000)
    sandbox.client.post("/_control/ord-card/settle")
    with httpx.Client(timeout=10) as client:
        adapter = MidtransGateway(server_key=SERVER_KEY, base_url=sandbox.base_url, http_client=client)
        [record] = adapter.settlements(_today())
    assert record.kind is SettlementKind.PAYMENT and record.provider_order_id == "ord-card"
    assert record.amount == 55000 and record.transaction_id and record.refund_key == ""
    assert record.settled_at.astimezone(JAKARTA).date() == _today()
