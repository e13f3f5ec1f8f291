"""What the gateway does: charge, status, cancel, expire, refund, pay (settle), 3DS, expiry sweep, notify.

Every state change happens inside one store transaction; its notification is queued after the commit.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from typing import Any

from lapak.gateway_sandbox import errors
from lapak.gateway_sandbox.config import Config
from lapak.gateway_sandbox.methods import STATUS_MESSAGES, method_details
from lapak.gateway_sandbox.notify import Notifier
from lapak.gateway_sandbox.payloads import API_STATUS_CODES, jakarta_time, money, notification_body, status_view
from lapak.gateway_sandbox.store import Store
from lapak.gateway_sandbox.validation import NotifyOptions, parse_charge, parse_refund

# Midtrans refunds through the provider only for cards, e-wallets and QRIS; a VA payment has no way back.
REFUNDABLE_TYPES = ("credit_card", "gopay", "shopeepay", "qris")


class Gateway:
    """The sandbox's behaviour, independent of HTTP (the WSGI layer in app.py only parses and renders)."""

    def __init__(self, config: Config, store: Store, notifier: Notifier) -> None:
        self.config = config
        self.store = store
        self.notifier = notifier

    # Helpers ------------------------------------------------------------------------------------------

    def _get(self, conn: sqlite3.Connection, key: str) -> dict[str, Any]:
        tx = self.store.find(conn, key)
        if tx is None:
            raise errors.not_found()
        return tx

    def _notify(self, tx: dict[str, Any], refunds: list[dict[str, Any]]) -> None:
        body = notification_body(tx, refunds, server_key=self.config.server_key, merchant_id=self.config.merchant_id)
        self.notifier.send(order_id=tx["order_id"], url=tx["notify_url"], body=body)

    def _view(self, conn: sqlite3.Connection, tx: dict[str, Any]) -> dict[str, Any]:
        refunds = self.store.refunds(conn, tx["order_id"])
        return status_view(tx, refunds, server_key=self.config.server_key, merchant_id=self.config.merchant_id)

    def _change(self, key: str, allowed: tuple[str, ...], new_status: str, *, settle: bool = False) -> dict[str, Any]:
        """Move a transaction from one of `allowed` to `new_status`, then notify; returns the status view."""
        self.expire_due()
        with self.store.transaction() as conn:
            tx = self._get(conn, key)
            if tx["status"] not in allowed:
                raise errors.cannot_modify()
            settled_at = jakarta_time(time.time()) if settle else None
            tx = self.store.set_status(conn, tx, new_status, settlement_time=settled_at)
            refunds = self.store.refunds(conn, tx["order_id"])
            view = self._view(conn, tx)
        self._notify(tx, refunds)
        return view

    # Core API -----------------------------------------------------------------------------------------

    def charge(self, body: Any, *, base_url: str, notify_url: str | None = None) -> dict[str, Any]:
        """Create a pending transaction (406 if the order_id was used before) and send its pending notification."""
        request = parse_charge(body)
        now = time.time()
        transaction_id = str(uuid.uuid4())
        details = method_details(
            body, order_id=request.order_id, transaction_id=transaction_id, amount=request.gross_amount,
            base_url=base_url,
        )
        expiry = (request.order_ts if request.order_ts is not None else now) + request.expiry_seconds
        tx = {
            "order_id": request.order_id, "transaction_id": transaction_id, "payment_type": request.payment_type,
            "status": "pending", "gross_amount": request.gross_amount, "transaction_time": jakarta_time(now),
            "expiry_ts": expiry, "expiry_time": jakarta_time(expiry), "settlement_time": None,
            "notify_url": notify_url if notify_url is not None else self.config.notify_url,
            "details": details, "history": ["pending"],
        }
        with self.store.transaction() as conn:
            if self.store.find(conn, request.order_id) is not None:
                raise errors.duplicate_order()
            try:
                self.store.insert(conn, tx)
            except sqlite3.IntegrityError:
                raise errors.duplicate_order() from None
        answer = {
            "status_code": "201", "status_message": STATUS_MESSAGES[request.payment_type],
            "transaction_id": transaction_id, "order_id": request.order_id, "merchant_id": self.config.merchant_id,
            "gross_amount": money(request.gross_amount), "currency": "IDR", "payment_type": request.payment_type,
            "transaction_time": tx["transaction_time"], "transaction_status": "pending", "fraud_status": "accept",
            "expiry_time": tx["expiry_time"], **details,
        }
        self._notify(tx, [])
        return answer

    def status(self, key: str) -> dict[str, Any]:
        """GET /v2/{order_id or transaction_id}/status."""
        self.expire_due()
        with self.store.transaction() as conn:
            return self._view(conn, self._get(conn, key))

    def cancel(self, key: str) -> dict[str, Any]:
        """Cancel a pending (or captured, not yet settled card) transaction."""
        view = self._change(key, ("pending", "capture"), "cancel")
        return {**view, "status_code": "200", "status_message": "Success, transaction is canceled"}

    def expire(self, key: str) -> dict[str, Any]:
        """Expire a pending transaction now (Midtrans answers status_code 407)."""
        view = self._change(key, ("pending",), "expire")
        return {**view, "status_code": "407", "status_message": "Success, transaction has expired"}

    def refund(self, key: str, body: Any) -> dict[str, Any]:
        """Refund all or part of a settled transaction, at most what is left; a repeated refund_key replays."""
        request = parse_refund(body)
        with self.store.transaction() as conn:
            tx = self._get(conn, key)
            refunds = self.store.refunds(conn, tx["order_id"])
            refund_key = request.refund_key or str(uuid.uuid4())
            previous = next((r for r in refunds if r["refund_key"] == refund_key), None)
            if previous is not None:
                if request.amount is not None and request.amount != previous["amount"]:
                    raise errors.GatewayError(409, "refund_key has been used for a different amount")
                return self._refund_answer(tx, previous)
            if tx["payment_type"] not in REFUNDABLE_TYPES:
                raise errors.GatewayError(412, f"Refund is not supported for payment_type {tx['payment_type']}")
            if tx["status"] not in ("settlement", "partial_refund"):
                raise errors.cannot_modify()
            left = tx["gross_amount"] - sum(r["amount"] for r in refunds)
            amount = left if request.amount is None else request.amount
            if amount > left:
                raise errors.GatewayError(412, f"Refund amount exceeds the refundable amount of {money(left)}")
            refund = self.store.add_refund(
                conn, order_id=tx["order_id"], refund_key=refund_key, amount=amount, reason=request.reason,
                at=jakarta_time(time.time()),
            )
            tx = self.store.set_status(conn, tx, "refund" if amount == left else "partial_refund")
            refunds = [*refunds, refund]
        self._notify(tx, refunds)
        return self._refund_answer(tx, refund)

    def _refund_answer(self, tx: dict[str, Any], refund: dict[str, Any]) -> dict[str, Any]:
        return {
            "status_code": "200", "status_message": "Success, refund request is approved",
            "transaction_id": tx["transaction_id"], "order_id": tx["order_id"],
            "gross_amount": money(tx["gross_amount"]), "currency": "IDR", "payment_type": tx["payment_type"],
            "transaction_time": tx["transaction_time"], "transaction_status": tx["status"],
            "refund_chargeback_id": refund["id"], "refund_amount": money(refund["amount"]),
            "refund_key": refund["refund_key"],
        }

    # Buyer side and controls --------------------------------------------------------------------------

    def settle(self, key: str, *, force: bool = False) -> dict[str, Any]:
        """The buyer paid: pending (or captured card) → settlement. `force` also settles an expired, cancelled
        or denied one — a payment that arrives late, which Lapak must refund rather than lose."""
        allowed = ("pending", "capture", "expire", "cancel", "deny") if force else ("pending", "capture")
        return self._change(key, allowed, "settlement", settle=True)

    def authenticate_card(self, key: str, *, approve: bool) -> dict[str, Any]:
        """The 3DS page's answer: capture the card payment or deny it."""
        return self._change(key, ("pending",), "capture" if approve else "deny", settle=approve)

    def expire_due(self) -> int:
        """Expire every pending transaction past its expiry time and notify each; returns how many."""
        with self.store.transaction() as conn:
            changed = [
                (self.store.set_status(conn, tx, "expire"), self.store.refunds(conn, tx["order_id"]))
                for tx in self.store.due_for_expiry(conn, time.time())
            ]
        for tx, refunds in changed:
            self._notify(tx, refunds)
        return len(changed)

    def expire_now(self, key: str) -> dict[str, Any]:
        """Control: make a pending transaction due now, so the ordinary expiry path expires it."""
        with self.store.transaction() as conn:
            tx = self._get(conn, key)
            if tx["status"] != "pending":
                raise errors.cannot_modify()
            conn.execute("UPDATE transactions SET expiry_ts = ? WHERE order_id = ?", (time.time(), tx["order_id"]))
        self.expire_due()
        return self.status(key)

    def notify(self, key: str, options: NotifyOptions) -> list[int]:
        """Control: send notifications as told (duplicates, delay, newest-first order, forged, other amount)."""
        with self.store.transaction() as conn:
            tx = self._get(conn, key)
            refunds = self.store.refunds(conn, tx["order_id"])
        status = options.status or tx["status"]
        sequence = [status]
        if options.reorder:
            earlier = tx["history"][: tx["history"].index(status)] if status in tx["history"] else tx["history"]
            sequence = [status, *reversed(list(dict.fromkeys(s for s in earlier if s != status)))]
        ids: list[int] = []
        for index, each in enumerate(sequence):
            body = notification_body(
                tx, refunds, server_key=self.config.server_key, merchant_id=self.config.merchant_id, status=each,
                amount_override=options.amount_override, corrupt_signature=options.corrupt_signature,
            )
            copies = options.duplicates + 1
            if options.concurrent and copies > 1:
                ids += self.notifier.send_burst(order_id=tx["order_id"], url=tx["notify_url"], body=body, copies=copies)
                continue
            for copy in range(copies):
                # A hair apart, so the sender keeps the order even when every copy is due at once.
                delay = options.delay_seconds + (index * copies + copy) * 0.001
                ids.append(self.notifier.send(order_id=tx["order_id"], url=tx["notify_url"], body=body, delay=delay))
        return ids

    def inspect(self, key: str) -> dict[str, Any]:
        """Control: the stored state, refunds, status history and every notification with its attempts."""
        with self.store.transaction() as conn:
            tx = self._get(conn, key)
            view = self._view(conn, tx)
            refunds = self.store.refunds(conn, tx["order_id"])
        return {
            "transaction": view, "history": tx["history"], "notify_url": tx["notify_url"],
            "charge": {k: v for k, v in tx["details"].items()}, "refunds": refunds,
            "notifications": self.store.notifications(tx["order_id"]),
        }

    def listing(self) -> list[dict[str, Any]]:
        """Control: every transaction, newest first, in short."""
        with self.store.transaction() as conn:
            rows = self.store.all_transactions(conn)
        return [
            {"order_id": r["order_id"], "transaction_id": r["transaction_id"], "payment_type": r["payment_type"],
             "transaction_status": r["status"], "gross_amount": money(r["gross_amount"]),
             "status_code": API_STATUS_CODES[r["status"]]}
            for r in rows
        ]
