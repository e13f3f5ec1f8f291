"""A stand-in for Xendit's API on an httpx.MockTransport, answering with the shapes of Xendit's documentation (the
fixtures in fixtures/xendit/), so the adapter runs the official SDK offline: payment requests per method, their
list by reference_id, expiring a payment method, refunds (made, listed, read by id), payouts (v2), the
transaction list, and Xendit's error answers. It keeps what it was asked to make and writes callbacks the way
Xendit sends them."""

from __future__ import annotations

import base64
import copy
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

SECRET_KEY = "xnd_development_lapak_test_key"
CALLBACK_TOKEN = "lapak-xendit-verification-token"
BASE_URL = "http://xendit.test"
FIXTURES = Path(__file__).parent / "fixtures" / "xendit"
_BY_TYPE = {"VIRTUAL_ACCOUNT": "payment_request_va", "QR_CODE": "payment_request_qris",
            "EWALLET": "payment_request_ewallet", "CARD": "payment_request_card"}


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def _error(status: int, code: str, message: str) -> httpx.Response:
    return httpx.Response(status, json={"error_code": code, "message": message})


@dataclass
class FakeXendit:
    requests: dict = field(default_factory=dict)  # reference_id -> payment request
    refunds: dict = field(default_factory=dict)  # idempotency key -> refund
    payouts: dict = field(default_factory=dict)  # idempotency key -> payout
    seen: list = field(default_factory=list)
    fail_with: int | None = None

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if self.fail_with:
            return _error(self.fail_with, "SERVER_ERROR", "An unexpected error occurred")
        if request.headers.get("authorization") != "Basic " + base64.b64encode(f"{SECRET_KEY}:".encode()).decode():
            return _error(401, "INVALID_API_KEY", "API key is not authorized for this API service")
        path, method = request.url.path, request.method
        body = json.loads(request.content) if request.content else {}
        if (method, path) == ("POST", "/payment_requests"):
            return self._create(body)
        if (method, path) == ("GET", "/payment_requests"):
            wanted = request.url.params.get_list("reference_id")
            return httpx.Response(200, json={"data": [r for k, r in self.requests.items() if k in wanted],
                                             "has_more": False})
        if method == "POST" and path.startswith("/v2/payment_methods/") and path.endswith("/expire"):
            return self._expire(path.split("/")[3])
        if (method, path) == ("POST", "/refunds"):
            return self._refund(request.headers.get("idempotency-key", ""), body)
        if (method, path) == ("GET", "/refunds"):
            pr = request.url.params.get("payment_request_id")
            return httpx.Response(200, json={"data": [r for r in self.refunds.values()
                                                      if r["payment_request_id"] == pr], "has_more": False})
        if method == "GET" and path.startswith("/refunds/"):
            found = next((r for r in self.refunds.values() if r["id"] == path.split("/")[2]), None)
            return httpx.Response(200, json=found) if found else _error(404, "DATA_NOT_FOUND", "Refund not found")
        if (method, path) == ("POST", "/v2/payouts"):
            return self._payout(request.headers.get("idempotency-key", ""), body)
        if (method, path) == ("GET", "/v2/payouts"):
            key = request.url.params.get("reference_id")
            return httpx.Response(200, json={"data": [p for p in self.payouts.values() if p["reference_id"] == key],
                                             "has_more": False})
        if method == "GET" and path.startswith("/v2/payouts/"):
            found = next((p for p in self.payouts.values() if p["id"] == path.split("/")[3]), None)
            return httpx.Response(200, json=found) if found else _error(404, "DATA_NOT_FOUND", "Payout not found")
        if (method, path) == ("GET", "/transactions"):
            return httpx.Response(200, json=fixture("transactions"))
        return _error(404, "NOT_FOUND", "Not found")

    def _create(self, body: dict) -> httpx.Response:
        reference = body["reference_id"]
        if reference in self.requests:  # Xendit answers a repeated idempotency key with the first request
            return httpx.Response(200, json=self.requests[reference])
        method = body["payment_method"]
        if method["type"] == "EWALLET" and method["ewallet"]["channel_code"] not in ("SHOPEEPAY", "OVO", "DANA"):
            return _error(400, "CHANNEL_NOT_ACTIVATED", "Channel is not activated")
        answer = fixture(_BY_TYPE[method["type"]])
        answer.update(id=f"pr-{uuid.uuid4()}", reference_id=reference, amount=body["amount"])
        answer["payment_method"].update(id=f"pm-{uuid.uuid4()}", reference_id=method["reference_id"])
        detail = answer["payment_method"].get(method["type"].lower()) or {}
        sent = method.get(method["type"].lower()) or {}
        if "expires_at" in sent.get("channel_properties", {}):
            detail["channel_properties"]["expires_at"] = sent["channel_properties"]["expires_at"]
        if "amount" in detail:
            detail["amount"] = body["amount"]
        self.requests[reference] = answer
        return httpx.Response(201, json=answer)

    def _expire(self, method_id: str) -> httpx.Response:
        found = next((r for r in self.requests.values() if r["payment_method"]["id"] == method_id), None)
        if found is None:
            return _error(404, "DATA_NOT_FOUND", "Payment method not found")
        if found["payment_method"]["status"] == "EXPIRED":
            return _error(400, "INVALID_PAYMENT_METHOD", "Payment method is already expired")
        found["payment_method"]["status"] = "EXPIRED"
        found["status"] = "EXPIRED"
        return httpx.Response(200, json={"id": method_id, "type": found["payment_method"]["type"],
                                         "status": "EXPIRED", "reference_id": found["reference_id"]})

    def _refund(self, key: str, body: dict) -> httpx.Response:
        if key in self.refunds:
            return _error(409, "DUPLICATE_ERROR", "A refund with this idempotency key already exists")
        refund = fixture("refund")
        refund.update(id=f"rfd-{uuid.uuid4()}", payment_request_id=body["payment_request_id"],
                      reference_id=body["reference_id"], amount=body["amount"], metadata=body.get("metadata"))
        self.refunds[key] = refund
        return httpx.Response(200, json=refund)

    def _payout(self, key: str, body: dict) -> httpx.Response:
        if not key:
            return _error(400, "API_VALIDATION_ERROR", "Idempotency-key header is required")
        if key in self.payouts:
            return _error(409, "DUPLICATE_ERROR", "Idempotency key has been used before")
        if not body["channel_code"].startswith("ID_"):
            return _error(400, "CHANNEL_CODE_NOT_SUPPORTED", "Channel code is not supported")
        payout = fixture("payout")
        payout.update(id=f"disb-{uuid.uuid4()}", reference_id=body["reference_id"], amount=body["amount"],
                      channel_code=body["channel_code"], channel_properties=body["channel_properties"])
        self.payouts[key] = payout
        return httpx.Response(200, json=payout)

    # --- What Xendit sends us -------------------------------------------------------------------------------

    def pay(self, reference_id: str, *, amount: int | None = None) -> dict:
        """The payment.succeeded callback of a request it made, which is succeeded from then on (for `amount`, when
        given: the buyer paid another amount than was asked, as Xendit's own status then says too)."""
        made = self.requests[reference_id]
        made["status"] = "SUCCEEDED"
        if amount is not None:
            made["amount"] = amount
        body = fixture("callback_payment_succeeded")
        body["data"].update(reference_id=reference_id, payment_request_id=made["id"], amount=made["amount"])
        return body

    def expired(self, reference_id: str) -> dict:
        """The payment_method.expired callback; the request is expired from then on."""
        made = self.requests[reference_id]
        made["status"] = made["payment_method"]["status"] = "EXPIRED"
        body = fixture("callback_payment_method_expired")
        body["data"] = copy.deepcopy(made["payment_method"]) | {"status": "EXPIRED", "updated": body["data"]["updated"]}
        return body

    def refunded(self, key: str, *, status: str = "SUCCEEDED", failure_code: str | None = None) -> dict:
        """The refund.succeeded (or refund.failed) callback of the refund made under `key`, which has that status
        from then on."""
        made = self.refunds[key]
        made.update(status=status, failure_code=failure_code)
        body = fixture("callback_refund_succeeded")
        body["event"] = "refund.failed" if status == "FAILED" else "refund.succeeded"
        body["data"].update({name: made[name] for name in ("id", "reference_id", "amount", "metadata", "status",
                                                            "failure_code")})
        return body

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handler))


def headers(token: str | None = CALLBACK_TOKEN) -> dict[str, str]:
    return {"Content-Type": "application/json", **({"x-callback-token": token} if token is not None else {})}


@pytest.fixture(name="xendit")
def xendit_fixture(settings, monkeypatch) -> FakeXendit:
    """A fake Xendit the adapter reaches through the official SDK (XENDIT_BASE_URL points at it). Import it into a
    test module to use it."""
    from lapak.market.payments.gateways import registry

    fake = FakeXendit()
    settings.XENDIT_SECRET_KEY, settings.XENDIT_CALLBACK_TOKEN = SECRET_KEY, CALLBACK_TOKEN
    settings.XENDIT_BASE_URL = BASE_URL
    monkeypatch.setattr(registry, "http_client_factory", fake.client)
    return fake
