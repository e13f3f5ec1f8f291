"""Checks of request bodies: every malformed or mistyped field becomes a Midtrans-style 400, never a crash."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lapak.gateway_sandbox.errors import invalid
from lapak.gateway_sandbox.methods import DEFAULT_EXPIRY, PAYMENT_TYPES
from lapak.gateway_sandbox.payloads import STATUSES

# Midtrans allows letters, digits and - _ ~ . in order ids, at most 50 characters.
ORDER_ID = re.compile(r"^[A-Za-z0-9\-_.~]{1,50}$")
UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def _integer(value: Any) -> int | None:
    """An integer given as a JSON integer (or a float with no fraction); bools and strings are not numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


@dataclass(frozen=True)
class Charge:
    """A valid charge request."""

    payment_type: str
    order_id: str
    gross_amount: int
    expiry_seconds: int
    order_ts: float | None = None  # custom_expiry.order_time: the expiry counts from it instead of from now


def _check_items(items: Any, gross: int) -> None:
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise invalid("item_details must be an array of objects")
    total = 0
    for item in items:
        price, quantity = _integer(item.get("price")), _integer(item.get("quantity"))
        if price is None or quantity is None or quantity < 1:
            raise invalid("item_details.price and item_details.quantity must be integers")
        total += price * quantity
    if total != gross:
        raise invalid("transaction_details.gross_amount is not equal to the sum of item_details")


def _expiry_seconds(body: dict[str, Any], payment_type: str) -> int:
    custom = body.get("custom_expiry")
    if custom is None:
        return DEFAULT_EXPIRY[payment_type]
    if not isinstance(custom, dict):
        raise invalid("custom_expiry must be an object")
    duration = _integer(custom.get("expiry_duration"))
    unit = custom.get("unit", "minute")
    if duration is None or duration < 1:
        raise invalid("custom_expiry.expiry_duration must be a positive integer")
    if not isinstance(unit, str) or unit.rstrip("s") not in UNITS:
        raise invalid("custom_expiry.unit must be second, minute, hour or day")
    return duration * UNITS[unit.rstrip("s")]


def _order_ts(body: dict[str, Any]) -> float | None:
    custom = body.get("custom_expiry")
    text = custom.get("order_time") if isinstance(custom, dict) else None
    if text is None:
        return None
    try:
        return datetime.strptime(str(text), "%Y-%m-%d %H:%M:%S %z").timestamp()
    except ValueError:
        raise invalid("custom_expiry.order_time must look like 2026-11-28 19:30:00 +0700") from None


def parse_charge(body: Any) -> Charge:
    """Validate a POST /v2/charge body."""
    if not isinstance(body, dict):
        raise invalid("request body must be a JSON object")
    payment_type = body.get("payment_type")
    details = body.get("transaction_details")
    problems = []
    if payment_type not in PAYMENT_TYPES:
        problems.append(f"payment_type must be one of {', '.join(PAYMENT_TYPES)}")
    if not isinstance(details, dict):
        problems.append("transaction_details is required")
        raise invalid(*problems)
    order_id = details.get("order_id")
    gross = _integer(details.get("gross_amount"))
    if order_id is None:
        problems.append("transaction_details.order_id is required")
    elif not isinstance(order_id, str) or not ORDER_ID.match(order_id):
        problems.append("transaction_details.order_id must be 1-50 letters, digits or - _ ~ .")
    if "gross_amount" not in details:
        problems.append("transaction_details.gross_amount is required")
    elif gross is None or gross < 1:
        problems.append("transaction_details.gross_amount must be a positive integer")
    if problems:
        raise invalid(*problems)
    assert isinstance(order_id, str) and gross is not None  # narrowed by the checks above
    if "item_details" in body:
        _check_items(body["item_details"], gross)
    return Charge(payment_type, order_id, gross, _expiry_seconds(body, payment_type), _order_ts(body))


@dataclass(frozen=True)
class Refund:
    """A valid refund request; amount None means "what is left"."""

    refund_key: str | None
    amount: int | None
    reason: str


def parse_refund(body: Any) -> Refund:
    """Validate a POST /v2/{id}/refund body (an empty body refunds the whole remaining amount)."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise invalid("request body must be a JSON object")
    key, reason = body.get("refund_key"), body.get("reason", "")
    if key is not None and (not isinstance(key, str) or not 1 <= len(key) <= 100):
        raise invalid("refund_key must be a string of 1 to 100 characters")
    if not isinstance(reason, str):
        raise invalid("reason must be a string")
    amount = None
    if body.get("amount") is not None:
        amount = _integer(body["amount"])
        if amount is None or amount < 1:
            raise invalid("amount must be a positive integer")
    return Refund(key, amount, reason)


@dataclass(frozen=True)
class NotifyOptions:
    """What the notify control should send. It never changes the stored transaction.

    status: show the transaction in this status (default: its current one).
    duplicates: extra identical copies (n + 1 are sent in all); concurrent: send the copies at the same
    instant, each from its own thread, instead of one after another.
    delay_seconds: wait this long before sending. reorder: send `status` first, then the statuses the
    transaction had before it, newest first (a stale "pending" arriving after "settlement").
    corrupt_signature: sign with a wrong key. amount_override: put this gross_amount string in the body
    (validly signed, so only the amount is wrong).
    """

    status: str | None = None
    duplicates: int = 0
    delay_seconds: float = 0.0
    reorder: bool = False
    corrupt_signature: bool = False
    amount_override: str | None = None
    concurrent: bool = False


def parse_notify(body: Any) -> NotifyOptions:
    """Validate a POST /_control/{id}/notify body."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise invalid("request body must be a JSON object")
    status = body.get("status")
    if status is not None and status not in STATUSES:
        raise invalid(f"status must be one of {', '.join(STATUSES)}")
    duplicates = _integer(body.get("duplicates", 0))
    if duplicates is None or not 0 <= duplicates <= 500:
        raise invalid("duplicates must be an integer from 0 to 500")
    delay = body.get("delay_seconds", 0)
    if isinstance(delay, bool) or not isinstance(delay, int | float) or not 0 <= delay <= 300:
        raise invalid("delay_seconds must be a number from 0 to 300")
    flags = {name: body.get(name, False) for name in ("reorder", "corrupt_signature", "concurrent")}
    if not all(isinstance(value, bool) for value in flags.values()):
        raise invalid("reorder, corrupt_signature and concurrent must be booleans")
    override = body.get("amount_override")
    if override is not None and not isinstance(override, str):
        raise invalid("amount_override must be a string such as \"1000.00\"")
    return NotifyOptions(
        status, duplicates, float(delay), flags["reorder"], flags["corrupt_signature"], override, flags["concurrent"]
    )
