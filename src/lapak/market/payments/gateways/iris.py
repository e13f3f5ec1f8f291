"""Disbursement through Midtrans Iris (or the sandbox's copy of it): create one payout under our idempotency
key, approve it, read its status. Plain values in and out; no database (services call it with no transaction
open and no row locked)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from lapak.market.payments.gateways.base import GatewayRefused, GatewayUnavailable

FINAL_OK = "completed"
REVERSED = "reversed"  # Xendit: paid, then sent back by the bank (after a paid payout: returned to the seller)
FINAL_FAILED = frozenset({"failed", "rejected", REVERSED})


@dataclass(frozen=True)
class DisbursementOrder:
    """What to pay, to whom: `key` (the payout's public id) makes a repeated request pay once."""

    key: str
    amount: int
    bank_code: str
    account_number: str
    holder_name: str
    notes: str = ""


@dataclass(frozen=True)
class DisbursementResult:
    reference: str
    status: str  # queued, processed, completed, failed, rejected, reversed
    error: str = ""


def _call(client: httpx.Client, method: str, url: str, **kwargs: object) -> dict:
    try:
        response = client.request(method, url, **kwargs)
    except httpx.HTTPError as exc:
        raise GatewayUnavailable() from exc
    if response.status_code >= 500:
        raise GatewayUnavailable()
    try:
        data = response.json()
    except ValueError as exc:
        raise GatewayUnavailable() from exc
    if response.status_code >= 400:
        raise GatewayRefused(str(data.get("status_message") or data.get("error_message") or response.status_code)
                             if isinstance(data, dict) else None)
    return data if isinstance(data, dict) else {}


def iris_disburse(order: DisbursementOrder, *, base_url: str, api_key: str, client: httpx.Client) -> DisbursementResult:
    """Creates (idempotently) and approves the payout, then reads its status once."""
    base, auth = base_url.rstrip("/"), (api_key, "")
    body = {"payouts": [{"beneficiary_name": order.holder_name, "beneficiary_account": order.account_number,
                         "beneficiary_bank": order.bank_code.lower(), "amount": f"{order.amount}.00",
                         "notes": order.notes[:100]}]}
    created = _call(client, "POST", f"{base}/api/v1/payouts", json=body, auth=auth,
                    headers={"X-Idempotency-Key": order.key})
    try:
        reference = str(created["payouts"][0]["reference_no"])
    except (KeyError, IndexError, TypeError) as exc:
        raise GatewayUnavailable() from exc
    _call(client, "POST", f"{base}/api/v1/payouts/approve", json={"reference_nos": [reference]}, auth=auth)
    details = _call(client, "GET", f"{base}/api/v1/payouts/{reference}", auth=auth)
    return DisbursementResult(reference=reference, status=str(details.get("status") or ""),
                              error=str(details.get("error_message") or "")[:200])
