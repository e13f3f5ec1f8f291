"""What each payment method adds to a charge: VA numbers, bill keys, a QRIS payload, deeplinks, a 3DS page.

Numbers are derived from the order_id, so a demo shows the same VA number for the same order every time.
"""

from __future__ import annotations

import hashlib
from typing import Any

from lapak.gateway_sandbox.errors import invalid
from lapak.gateway_sandbox.qr import qris_payload

VA_BANKS = {"bca": ("12345", 11), "bni": ("988", 13), "bri": ("", 18), "cimb": ("", 16)}
PAYMENT_TYPES = ("qris", "bank_transfer", "permata", "echannel", "gopay", "shopeepay", "credit_card")
# Default time to pay, in seconds, per method (Midtrans: 24 h for bank transfers, minutes for QR and wallets).
DEFAULT_EXPIRY = {
    "qris": 15 * 60, "gopay": 15 * 60, "shopeepay": 5 * 60, "credit_card": 10 * 60,
    "bank_transfer": 24 * 3600, "permata": 24 * 3600, "echannel": 24 * 3600,
}
STATUS_MESSAGES = {
    "qris": "QRIS transaction is created",
    "bank_transfer": "Success, Bank Transfer transaction is created",
    "permata": "Success, PERMATA VA transaction is successful",
    "echannel": "OK, Mandiri Bill transaction is successful",
    "gopay": "GoPay transaction is created",
    "shopeepay": "ShopeePay transaction is created",
    "credit_card": "Success, Credit Card transaction is waiting for 3DS authentication",
}


def _digits(seed: str, length: int) -> str:
    number = int.from_bytes(hashlib.sha256(seed.encode()).digest(), "big")
    return str(number % 10**length).zfill(length)


def _custom_number(options: dict[str, Any], field: str) -> str | None:
    value = options.get(field)
    if value is None:
        return None
    if not isinstance(value, str) or not value.isdigit() or not 6 <= len(value) <= 18:
        raise invalid(f"{field} must be a string of 6 to 18 digits")
    return value


def _object(body: dict[str, Any], name: str) -> dict[str, Any]:
    value = body.get(name, {})
    if not isinstance(value, dict):
        raise invalid(f"{name} must be an object")
    return value


def method_details(
    body: dict[str, Any], *, order_id: str, transaction_id: str, amount: int, base_url: str
) -> dict[str, Any]:
    """The method-specific fields of the charge response (and of later status answers and notifications)."""
    payment_type = body["payment_type"]
    pay_page = f"{base_url}/pay/{order_id}"
    if payment_type == "bank_transfer":
        options = _object(body, "bank_transfer")
        bank = options.get("bank")
        if bank not in VA_BANKS:
            raise invalid("bank_transfer.bank must be one of bca, bni, bri, cimb")
        prefix, length = VA_BANKS[bank]
        number = _custom_number(options, "va_number") or prefix + _digits(f"{bank}:{order_id}", length)
        return {"va_numbers": [{"bank": bank, "va_number": number}]}
    if payment_type == "permata":
        options = _object(body, "permata")
        return {"permata_va_number": _custom_number(options, "va_number") or "8778" + _digits(order_id, 12)}
    if payment_type == "echannel":
        options = _object(body, "echannel")
        return {"bill_key": _custom_number(options, "bill_key") or _digits(order_id, 12), "biller_code": "70012"}
    if payment_type == "qris":
        acquirer = _object(body, "qris").get("acquirer", "gopay")
        if acquirer not in ("gopay", "airpay shopee"):
            raise invalid("qris.acquirer must be gopay or airpay shopee")
        return {
            "acquirer": acquirer,
            "qr_string": qris_payload(amount=amount, reference=transaction_id),
            "actions": [
                {"name": "generate-qr-code", "method": "GET", "url": f"{base_url}/v2/qris/{transaction_id}/qr-code"}
            ],
        }
    if payment_type in ("gopay", "shopeepay"):
        _object(body, payment_type)
        actions = [{"name": "deeplink-redirect", "method": "GET", "url": pay_page}]
        if payment_type == "gopay":
            actions = [
                {"name": "generate-qr-code", "method": "GET", "url": f"{base_url}/v2/gopay/{transaction_id}/qr-code"},
                *actions,
                {"name": "get-status", "method": "GET", "url": f"{base_url}/v2/{transaction_id}/status"},
                {"name": "cancel", "method": "POST", "url": f"{base_url}/v2/{transaction_id}/cancel"},
            ]
            return {"actions": actions, "qr_string": qris_payload(amount=amount, reference=transaction_id)}
        return {"actions": actions}
    if payment_type == "credit_card":
        options = _object(body, "credit_card")
        token = options.get("token_id", "")
        if not isinstance(token, str):
            raise invalid("credit_card.token_id must be a string")
        return {
            "redirect_url": f"{base_url}/3ds/{transaction_id}",
            "masked_card": "48111111-1114",
            "bank": options.get("bank", "bni") if isinstance(options.get("bank", "bni"), str) else "bni",
            "card_type": "credit",
        }
    raise invalid(f"payment_type must be one of {', '.join(PAYMENT_TYPES)}")


def wallet_qr_needed(payment_type: str) -> bool:
    """Methods whose pay page shows a QR code."""
    return payment_type in ("qris", "gopay")
