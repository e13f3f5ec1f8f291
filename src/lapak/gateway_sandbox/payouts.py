"""Disbursements, modelled small on Midtrans Iris: create payouts (queued), approve them (processed, then
completed — or failed for an account number starting "000", the sandbox's unknown account), read one, and a
status callback to the notification URL signed like the payment notifications:
SHA512(reference_no + status + amount + server_key).

    POST /api/v1/payouts           {"payouts": [{beneficiary_name, beneficiary_account, beneficiary_bank,
                                    amount, notes}]}; header X-Idempotency-Key replays the first answer
    POST /api/v1/payouts/approve   {"reference_nos": [...]}
    GET  /api/v1/payouts/{reference_no}
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import uuid
from typing import Any

from lapak.gateway_sandbox import errors
from lapak.gateway_sandbox.payloads import jakarta_time, money

SCHEMA = """
CREATE TABLE IF NOT EXISTS payouts (
    reference_no TEXT PRIMARY KEY,
    idempotency_key TEXT UNIQUE,
    beneficiary_name TEXT NOT NULL,
    beneficiary_account TEXT NOT NULL,
    beneficiary_bank TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    notes TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    error_message TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
"""
_ACCOUNT = re.compile(r"[0-9]{6,20}")
_AMOUNT = re.compile(r"[0-9]{1,15}(\.00?)?")


def callback_signature(reference_no: str, status: str, amount: str, server_key: str) -> str:
    return hashlib.sha512((reference_no + status + amount + server_key).encode("utf-8")).hexdigest()


class Payouts:
    def __init__(self, app: Any) -> None:
        self.app = app
        with app.store.transaction() as conn:
            conn.execute(SCHEMA)

    def routes(self) -> list[tuple[str, re.Pattern[str], Any, bool]]:
        return [("POST", re.compile(r"^/api/v1/payouts$"), self.create, True),
                ("POST", re.compile(r"^/api/v1/payouts/approve$"), self.approve, True),
                ("GET", re.compile(r"^/api/v1/payouts/(?P<key>[A-Za-z0-9\-]{1,64})$"), self.get, True)]

    def _answer(self, status: int, data: Any) -> Any:
        from lapak.gateway_sandbox.app import _json

        return _json(status, data)

    def _parse(self, item: Any) -> dict[str, Any]:
        if not isinstance(item, dict):
            raise errors.invalid("each payout is an object")
        problems = [f"{name} is required" for name in ("beneficiary_name", "beneficiary_account",
                                                         "beneficiary_bank", "amount")
                    if not isinstance(item.get(name), str) or not item[name].strip()]
        if problems:
            raise errors.invalid(*problems)
        if not _ACCOUNT.fullmatch(item["beneficiary_account"]):
            raise errors.invalid("beneficiary_account must be 6 to 20 digits")
        if not _AMOUNT.fullmatch(item["amount"]) or int(float(item["amount"])) <= 0:
            raise errors.invalid("amount must be a positive whole amount")
        return {"beneficiary_name": item["beneficiary_name"][:100], "beneficiary_account": item["beneficiary_account"],
                "beneficiary_bank": item["beneficiary_bank"].lower()[:20], "amount": int(float(item["amount"])),
                "notes": str(item.get("notes") or "")[:100]}

    def create(self, environ: dict[str, Any]) -> Any:
        body = self.app._json_body(environ)
        items = body.get("payouts") if isinstance(body, dict) else None
        if not isinstance(items, list) or len(items) != 1:
            raise errors.invalid("payouts must list one payout (the sandbox takes one at a time)")
        item = self._parse(items[0])
        key = environ.get("HTTP_X_IDEMPOTENCY_KEY", "").strip()[:100] or None
        with self.app.store.transaction() as conn:
            if key is not None:
                row = conn.execute("SELECT * FROM payouts WHERE idempotency_key = ?", (key,)).fetchone()
                if row is not None:
                    if row["amount"] != item["amount"] or row["beneficiary_account"] != item["beneficiary_account"]:
                        raise errors.GatewayError(409, "X-Idempotency-Key was used for a different payout")
                    return self._answer(201, {"payouts": [{"status": row["status"],
                                                           "reference_no": row["reference_no"]}]})
            reference = uuid.uuid4().hex[:20]
            conn.execute("INSERT INTO payouts (reference_no, idempotency_key, beneficiary_name, beneficiary_account,"
                         " beneficiary_bank, amount, notes, status, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                         (reference, key, item["beneficiary_name"], item["beneficiary_account"],
                          item["beneficiary_bank"], item["amount"], item["notes"], "queued", jakarta_time(time.time())))
        return self._answer(201, {"payouts": [{"status": "queued", "reference_no": reference}]})

    def approve(self, environ: dict[str, Any]) -> Any:
        body = self.app._json_body(environ)
        refs = body.get("reference_nos") if isinstance(body, dict) else None
        if not isinstance(refs, list) or not refs or not all(isinstance(r, str) for r in refs):
            raise errors.invalid("reference_nos must list reference numbers")
        done = []
        with self.app.store.transaction() as conn:
            for ref in refs:
                row = conn.execute("SELECT * FROM payouts WHERE reference_no = ?", (ref,)).fetchone()
                if row is None:
                    raise errors.GatewayError(404, f"Payout {ref} not found")
                if row["status"] != "queued":
                    continue  # approving twice is harmless
                failed = row["beneficiary_account"].startswith("000")
                status, error = ("failed", "Account does not exist") if failed else ("completed", "")
                conn.execute("UPDATE payouts SET status = ?, error_message = ? WHERE reference_no = ?",
                             (status, error, ref))
                done.append((ref, status, row["amount"]))
        for ref, status, amount in done:
            self._callback(ref, status, amount)
        return self._answer(202, {"status": "ok"})

    def _callback(self, reference_no: str, status: str, amount: int) -> None:
        body = {"reference_no": reference_no, "amount": money(amount), "status": status,
                "updated_at": jakarta_time(time.time()),
                "signature_key": callback_signature(reference_no, status, money(amount), self.app.config.server_key)}
        url = self.app.config.payout_notify_url or self.app.config.notify_url
        self.app.notifier.send(order_id=f"payout:{reference_no}", url=url, body=body)

    def get(self, environ: dict[str, Any], key: str) -> Any:
        with self.app.store.transaction() as conn:
            row = conn.execute("SELECT * FROM payouts WHERE reference_no = ?", (key,)).fetchone()
        if row is None:
            raise errors.GatewayError(404, f"Payout {key} not found")
        data = {k: row[k] for k in ("reference_no", "beneficiary_name", "beneficiary_account", "beneficiary_bank",
                                    "notes", "status", "created_at")}
        data["amount"] = money(row["amount"])
        if row["error_message"]:
            data["error_message"] = row["error_message"]
        return self._answer(200, json.loads(json.dumps(data)))
