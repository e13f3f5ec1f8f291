"""The JSON a transaction is shown as: status answers and HTTP notifications, signed the Midtrans way."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

# Midtrans writes its times in Jakarta time (GMT+7) as "YYYY-MM-DD HH:MM:SS".
JAKARTA = timezone(timedelta(hours=7))
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
STATUSES = ("pending", "settlement", "capture", "deny", "cancel", "expire", "refund", "partial_refund")
# status_code per transaction_status in API answers; notifications say "202" for expire (as Midtrans' samples do).
API_STATUS_CODES = {
    "pending": "201", "settlement": "200", "capture": "200", "deny": "202", "cancel": "200",
    "expire": "407", "refund": "200", "partial_refund": "200",
}
NOTIFICATION_STATUS_CODES = {**API_STATUS_CODES, "expire": "202"}
# Method-specific fields that belong to the charge answer only.
CHARGE_ONLY = ("actions", "redirect_url", "qr_string")


def jakarta_time(moment: float) -> str:
    """A Unix time in Midtrans' format."""
    return datetime.fromtimestamp(moment, UTC).astimezone(JAKARTA).strftime(TIME_FORMAT)


def money(amount: int) -> str:
    """Rupiah as Midtrans writes them: "150000.00"."""
    return f"{amount}.00"


def signature(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    """SHA512(order_id + status_code + gross_amount + server_key), hex, over the strings exactly as sent."""
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{server_key}".encode()).hexdigest()


def _common(tx: dict[str, Any], merchant_id: str) -> dict[str, Any]:
    return {
        "transaction_id": tx["transaction_id"],
        "order_id": tx["order_id"],
        "merchant_id": merchant_id,
        "gross_amount": money(tx["gross_amount"]),
        "currency": "IDR",
        "payment_type": tx["payment_type"],
        "transaction_time": tx["transaction_time"],
        "expiry_time": tx["expiry_time"],
        "fraud_status": "deny" if tx["status"] == "deny" else "accept",
    }


def _refund_fields(refunds: list[dict[str, Any]]) -> dict[str, Any]:
    if not refunds:
        return {}
    return {
        "refund_amount": money(sum(r["amount"] for r in refunds)),
        "refunds": [
            {
                "refund_chargeback_id": r["id"],
                "refund_amount": money(r["amount"]),
                "created_at": r["created_at"],
                "reason": r["reason"],
                "refund_key": r["refund_key"],
                "refund_method": "",
            }
            for r in refunds
        ],
    }


def status_view(tx: dict[str, Any], refunds: list[dict[str, Any]], *, server_key: str, merchant_id: str) -> dict:
    """The answer of GET /v2/{id}/status."""
    status = tx["status"]
    code = API_STATUS_CODES[status]
    data: dict[str, Any] = {"status_code": code, "status_message": "Success, transaction is found"}
    data.update(_common(tx, merchant_id))
    data["transaction_status"] = status
    data.update({k: v for k, v in tx["details"].items() if k not in CHARGE_ONLY})
    if tx.get("settlement_time"):
        data["settlement_time"] = tx["settlement_time"]
    data.update(_refund_fields(refunds))
    data["signature_key"] = signature(tx["order_id"], code, data["gross_amount"], server_key)
    return data


def notification_body(
    tx: dict[str, Any],
    refunds: list[dict[str, Any]],
    *,
    server_key: str,
    merchant_id: str,
    status: str | None = None,
    amount_override: str | None = None,
    corrupt_signature: bool = False,
) -> dict[str, Any]:
    """One HTTP notification as Midtrans POSTs it.

    `status` shows the transaction in another status than its current one (controls send stale or early
    states on purpose); `amount_override` replaces gross_amount and is signed as sent, so only the amount is
    wrong; `corrupt_signature` signs with another key, so only the signature is wrong.
    """
    status = status or tx["status"]
    code = NOTIFICATION_STATUS_CODES[status]
    data: dict[str, Any] = {"status_code": code, "status_message": "midtrans payment notification"}
    data.update(_common({**tx, "status": status}, merchant_id))
    data["transaction_status"] = status
    data.update({k: v for k, v in tx["details"].items() if k not in CHARGE_ONLY})
    if status in ("settlement", "capture", "refund", "partial_refund") and tx.get("settlement_time"):
        data["settlement_time"] = tx["settlement_time"]
    if status in ("refund", "partial_refund"):
        data.update(_refund_fields(refunds))
    if amount_override is not None:
        data["gross_amount"] = amount_override
    key = server_key + "-forged" if corrupt_signature else server_key
    data["signature_key"] = signature(tx["order_id"], code, data["gross_amount"], key)
    return data
