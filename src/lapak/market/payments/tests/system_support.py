"""Ground for the system invariants test: a fake Midtrans that also pays out (Iris) and keeps, as the gateway's
own books, what it settled, refunded and disbursed; the notifications it would send, to be delivered late,
twice or out of order; and the world's small steps (fill a cart, deliver a parcel) through real services."""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass, field

import httpx
from django.utils import timezone

from lapak.market.payments.tests.fake_midtrans import SERVER_KEY, FakeMidtrans

AUTH = "Basic " + base64.b64encode(f"{SERVER_KEY}:".encode()).decode()


@dataclass
class SystemGateway(FakeMidtrans):
    """FakeMidtrans plus the gateway's side of the money: settled charges, refunds (once per refund key, never
    more than was settled) and payouts (once per idempotency key). Every status change it makes is queued in
    `sent` as the signed notification Midtrans would post."""

    refunds: dict[str, tuple[str, int]] = field(default_factory=dict)  # refund key -> (order id, amount)
    payouts: dict[str, dict] = field(default_factory=dict)  # reference -> {key, amount, status}
    sent: list[bytes] = field(default_factory=list)
    refunds_down: bool = False  # refund calls answer 503 (the gateway is unavailable)
    payout_outcome: str = "completed"  # what an approved payout becomes: completed, processed (later) or failed

    def reset(self) -> None:
        self.refunds_down, self.payout_outcome = False, "completed"
        self.transactions.clear()
        self.requests.clear()
        self.refunds.clear()
        self.payouts.clear()
        self.sent.clear()

    # -- the gateway's books ------------------------------------------------------------------------------------
    def status_of(self, order_id: str) -> str:
        return self.transactions[order_id]["transaction_status"]

    def amount_of(self, order_id: str) -> int:
        return int(self.transactions[order_id]["gross_amount"].split(".")[0])

    def refunded(self, order_id: str | None = None) -> int:
        return sum(amount for oid, amount in self.refunds.values() if order_id is None or oid == order_id)

    def paid_out(self) -> int:
        return sum(p["amount"] for p in self.payouts.values() if p["status"] == "completed")

    def in_flight(self, account: str) -> int:
        """Approved payouts to the bank account the bank has not finished yet."""
        return sum(p["amount"] for p in self.payouts.values() if p["status"] == "processed" and p["account"] == account)

    def payouts_finish(self) -> None:
        for payout in self.payouts.values():
            if payout["status"] == "processed":
                payout["status"] = "completed"

    def move(self, order_id: str, status: str) -> None:
        """The transaction changes status at the gateway (the buyer paid, it expired): a notification is sent."""
        self.transactions[order_id]["transaction_status"] = status
        self.sent.append(json.dumps(self.body(order_id)).encode())

    # -- HTTP -------------------------------------------------------------------------------------------------
    def handler(self, request: httpx.Request) -> httpx.Response:
        parts = request.url.path.strip("/").split("/")
        if parts[:3] == ["api", "v1", "payouts"]:
            self.requests.append(request)
            if request.headers.get("authorization") != AUTH:
                return httpx.Response(401, json={"error_message": "unauthorized"})
            return self._iris(request, parts[3:])
        if len(parts) == 3 and parts[2] == "refund" and parts[1] in self.transactions:
            return self._refund(request, parts[1])
        before = {oid: tx["transaction_status"] for oid, tx in self.transactions.items()}
        response = super().handler(request)
        for oid, tx in self.transactions.items():  # a charge (pending) or a cancel: Midtrans notifies both
            if before.get(oid) != tx["transaction_status"]:
                self.sent.append(json.dumps(self.body(oid)).encode())
        return response

    def _refund(self, request: httpx.Request, order_id: str) -> httpx.Response:
        self.requests.append(request)
        if self.refunds_down:
            return httpx.Response(503, json={"status_code": "503", "status_message": "Service unavailable"})
        body = json.loads(request.content)
        key, amount = str(body["refund_key"]), int(body["amount"])
        if key not in self.refunds:
            settled = self.status_of(order_id) in ("settlement", "capture")
            if not settled or self.refunded(order_id) + amount > self.amount_of(order_id):
                return httpx.Response(412, json={"status_code": "412", "status_message": "Refund is not allowed."})
            self.refunds[key] = (order_id, amount)
        return httpx.Response(200, json={"status_code": "200", "refund_key": key, "order_id": order_id,
                                         "refund_amount": f"{self.refunds[key][1]}.00"})

    def _iris(self, request: httpx.Request, rest: list[str]) -> httpx.Response:
        if request.method == "POST" and not rest:
            key = request.headers.get("x-idempotency-key", "")
            found = next((ref for ref, p in self.payouts.items() if p["key"] == key), None) if key else None
            if found is None:
                item = json.loads(request.content)["payouts"][0]
                found = uuid.uuid4().hex[:16]
                self.payouts[found] = {"key": key, "amount": int(item["amount"].split(".")[0]), "status": "queued",
                                       "account": item["beneficiary_account"]}
            return httpx.Response(201, json={"payouts": [{"status": self.payouts[found]["status"],
                                                          "reference_no": found}]})
        if request.method == "POST" and rest == ["approve"]:
            for ref in json.loads(request.content)["reference_nos"]:
                if self.payouts.get(ref, {}).get("status") == "queued":
                    self.payouts[ref]["status"] = self.payout_outcome
            return httpx.Response(200, json={"status": "ok"})
        if request.method == "GET" and len(rest) == 1 and rest[0] in self.payouts:
            payout = self.payouts[rest[0]]
            return httpx.Response(200, json={"reference_no": rest[0], "status": payout["status"],
                                             "amount": f"{payout['amount']}.00",
                                             "beneficiary_account": payout["account"]})
        return httpx.Response(404, json={"error_message": "not found"})


def cart_fill(buyer: object, items: list[tuple[object, int]]) -> None:
    """The buyer's cart holds exactly `items` (variant, quantity), through the cart services."""
    from lapak.market.checkout.models import CartLine
    from lapak.market.checkout.services import cart_line_add, cart_open

    cart = cart_open(user=buyer)
    CartLine.objects.filter(cart=cart).delete()  # what a previous placement left (none, normally)
    for variant, quantity in items:
        cart_line_add(cart=cart, variant_id=variant.public_id, quantity=quantity)


def restock(variants: list[object], units: int = 500) -> None:
    """Plenty of every listing, so placements never fail for stock (not what this test is about)."""
    from lapak.market.inventory.models import Stock
    from lapak.market.inventory.services import stock_restock

    for variant in variants:
        stock = Stock.objects.filter(variant=variant).select_related("warehouse").first()
        stock_restock(variant=variant, warehouse=stock.warehouse, quantity=units, actor="test")


def courier_delivers(seller_order: object) -> None:
    """The courier reports the parcel delivered (its tracking event; orders follow through the outbox)."""
    from lapak.market.shipping.adapters.base import TrackingUpdate
    from lapak.market.shipping.models import Shipment
    from lapak.market.shipping.services import tracking_event_record

    shipment = Shipment.objects.get(seller_order_ref=seller_order.public_id)
    tracking_event_record(shipment=shipment, actor="test", update=TrackingUpdate(
        provider_event_id=f"{shipment.public_id}:delivered", status="delivered", occurred_at=timezone.now(),
        tracking_number=shipment.tracking_number))
