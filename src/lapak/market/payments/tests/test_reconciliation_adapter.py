"""The midtrans adapter's `settlements(day)` offline: the official SDK's HTTP client over an httpx.MockTransport
answering what the sandbox's GET /v1/settlements answers (ADR 0013), and its failures."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from lapak.market.payments.gateways.base import GatewayRefused, GatewayUnavailable, SettlementKind
from lapak.market.payments.gateways.midtrans import JAKARTA, MidtransGateway
from lapak.market.payments.tests.fake_midtrans import BASE_URL, SERVER_KEY

ANSWER = {"status_code": "200", "status_message": "Success", "date": "2026-11-27", "currency": "IDR", "records": [
    {"type": "payment", "order_id": "pay_a", "transaction_id": "t-1", "payment_type": "qris",
     "amount": "150000.00", "settled_at": "2026-11-27 23:59:58", "refund_key": ""},
    {"type": "refund", "order_id": "pay_b", "transaction_id": "t-2", "payment_type": "gopay",
     "amount": "20000.00", "settled_at": "2026-11-27 08:00:00", "refund_key": "rfd_x"}]}


def _adapter(handler) -> tuple[MidtransGateway, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    client = httpx.Client(transport=httpx.MockTransport(record))
    return MidtransGateway(server_key=SERVER_KEY, base_url=BASE_URL, http_client=client), seen


def test_records_are_parsed():
    adapter, seen = _adapter(lambda request: httpx.Response(200, json=ANSWER))
    payment, refund = adapter.settlements(date(2026, 11, 27))
    assert str(seen[0].url) == f"{BASE_URL}/v1/settlements?date=2026-11-27" and seen[0].method == "GET"
    assert seen[0].headers["authorization"].startswith("Basic ")
    assert (payment.kind, payment.provider_order_id, payment.amount) == (SettlementKind.PAYMENT, "pay_a", 150000)
    assert payment.settled_at.tzinfo is JAKARTA and payment.settled_at.hour == 23
    assert (refund.kind, refund.refund_key, refund.amount) == (SettlementKind.REFUND, "rfd_x", 20000)


@pytest.mark.parametrize("body", [{"status_code": "200"}, {"status_code": "200", "records": [{"type": "x"}]},
                                  {"status_code": "200", "records": [{**ANSWER["records"][0], "amount": "1.5"}]}])
def test_a_malformed_answer_is_unavailable(body):
    adapter, _seen = _adapter(lambda request: httpx.Response(200, json=body))
    with pytest.raises(GatewayUnavailable):
        adapter.settlements(date(2026, 11, 27))


def test_errors_map_to_the_adapter_errors():
    adapter, _seen = _adapter(lambda request: httpx.Response(401, json={"status_code": "401"}))
    with pytest.raises(GatewayRefused):
        adapter.settlements(date(2026, 11, 27))
    adapter, _seen = _adapter(lambda request: httpx.Response(503, json={"status_code": "503"}))
    with pytest.raises(GatewayUnavailable):
        adapter.settlements(date(2026, 11, 27))
