"""A stand-in for Midtrans' Core API on an httpx.MockTransport, answering with the shapes of Midtrans' API
documentation (charge per payment type, status, cancel, refund, its error answers), so the adapter runs the
official SDK offline. It keeps the transactions it was asked to make and writes notifications signed the way
Midtrans signs them. Used where the sandbox gateway server is not needed; the integration test runs the real
sandbox (test_sandbox_integration.py)."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from dataclasses import dataclass, field

import httpx

SERVER_KEY = "SB-Mid-server-test-key"
BASE_URL = "http://midtrans.test"
JAKARTA_TIME = "2026-11-28 17:40:00"


def sign(order_id: str, status_code: str, gross_amount: str, key: str = SERVER_KEY) -> str:
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{key}".encode()).hexdigest()


@dataclass
class FakeMidtrans:
    transactions: dict = field(default_factory=dict)
    requests: list = field(default_factory=list)
    fail_with: int | None = None  # answer every call with this HTTP status

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.fail_with:
            return httpx.Response(self.fail_with, json={"status_code": str(self.fail_with),
                                                        "status_message": "Internal Server Error"})
        if request.headers.get("authorization") != "Basic " + base64.b64encode(f"{SERVER_KEY}:".encode()).decode():
            return httpx.Response(401, json={"status_code": "401", "status_message": "Access denied"})
        parts = request.url.path.strip("/").split("/")
        if parts == ["v2", "charge"]:
            return self._charge(json.loads(request.content))
        order_id, action = parts[1], parts[2]
        tx = self.transactions.get(order_id)
        if tx is None:
            return httpx.Response(404, json={"status_code": "404",
                                             "status_message": "Transaction doesn't exist."})
        if action == "status":
            return httpx.Response(200, json=self.body(order_id))
        if action == "cancel":
            if tx["transaction_status"] not in ("pending", "capture"):
                return httpx.Response(412, json={"status_code": "412", "status_message": "Transaction status cannot "
                                                 "be updated."})
            tx["transaction_status"] = "cancel"
            return httpx.Response(200, json=self.body(order_id))
        if action == "refund":
            return httpx.Response(200, json={"status_code": "200", "refund_key": json.loads(request.content)
                                             ["refund_key"], "order_id": order_id})
        return httpx.Response(404, json={"status_code": "404"})

    def _charge(self, body: dict) -> httpx.Response:
        order_id = body["transaction_details"]["order_id"]
        if order_id in self.transactions:
            return httpx.Response(406, json={"status_code": "406", "status_message": "The request could not be "
                                             "completed due to a conflict with the current state of the target "
                                             "resource, please try again"})
        kind = body["payment_type"]
        amount = body["transaction_details"]["gross_amount"]
        tx = {"order_id": order_id, "transaction_id": str(uuid.uuid4()), "payment_type": kind,
              "gross_amount": f"{amount}.00", "transaction_status": "pending", "transaction_time": JAKARTA_TIME,
              "fraud_status": "accept", "charge": body}
        self.transactions[order_id] = tx
        answer = {"status_code": "201", "status_message": "Success", "transaction_id": tx["transaction_id"],
                  "order_id": order_id, "gross_amount": tx["gross_amount"], "currency": "IDR", "payment_type": kind,
                  "transaction_time": JAKARTA_TIME, "transaction_status": "pending", "fraud_status": "accept",
                  "expiry_time": "2026-11-28 17:55:00"}
        if kind == "qris":
            answer.update(qr_string="00020101021226620014COM.GO-JEK.WWW01189360091434506469550210G4506469550303UMI"
                                    "51440014ID.CO.QRIS.WWW0215ID10243341364120303UMI5204569753033605406" + str(amount),
                          actions=[{"name": "generate-qr-code", "method": "GET",
                                    "url": f"{BASE_URL}/v2/qris/{tx['transaction_id']}/qr-code"}])
        elif kind == "bank_transfer":
            answer["va_numbers"] = [{"bank": body["bank_transfer"]["bank"], "va_number": "12345678901"}]
        elif kind == "permata":
            answer["permata_va_number"] = "8778000011112222"
        elif kind == "echannel":
            answer.update(bill_key="778899001122", biller_code="70012")
        elif kind in ("gopay", "shopeepay"):
            answer["actions"] = [{"name": "deeplink-redirect", "method": "GET",
                                  "url": f"https://wallet.test/pay?tref={tx['transaction_id']}"}]
        elif kind == "credit_card":
            answer["redirect_url"] = f"{BASE_URL}/3ds/{tx['transaction_id']}"
        return httpx.Response(201 if kind != "credit_card" else 200, json=answer)

    def body(self, order_id: str, status: str | None = None, *, code: str | None = None,
             amount: str | None = None, key: str = SERVER_KEY, fraud: str = "accept") -> dict:
        """A status answer or notification of the order, signed (with `key`) over the amount as written."""
        tx = self.transactions[order_id]
        status = status or tx["transaction_status"]
        code = code or {"pending": "201", "expire": "407", "deny": "202"}.get(status, "200")
        gross = amount if amount is not None else tx["gross_amount"]
        return {"transaction_time": tx["transaction_time"], "transaction_status": status,
                "transaction_id": tx["transaction_id"], "status_message": "midtrans payment notification",
                "status_code": code, "signature_key": sign(order_id, code, gross, key),
                "payment_type": tx["payment_type"], "order_id": order_id, "merchant_id": "G000TEST",
                "gross_amount": gross, "fraud_status": fraud, "currency": "IDR"}

    def settle(self, order_id: str) -> dict:
        return self.move(order_id, "settlement")

    def move(self, order_id: str, status: str, *, amount: str | None = None) -> dict:
        """The gateway's transaction changes (what a status request then answers); its notification."""
        tx = self.transactions[order_id]
        tx["transaction_status"] = status
        if amount is not None:
            tx["gross_amount"] = amount
        return self.body(order_id)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handler))
