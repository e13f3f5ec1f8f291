"""Midtrans (Core API v2 and HTTP notifications) through its official SDK, `midtransclient` 1.4.2.

Pointing the SDK elsewhere: `ApiConfig.get_core_api_base_url()` only knows Midtrans' two hosts, so
`_BaseUrlConfig` overrides it with `base_url` (the sandbox gateway in the demo and in tests, Midtrans in
production). The SDK sends through `CoreApi.http_client.http_client`, which is the `requests` module with no
timeout; we put `HttpxTransport` there, which speaks `requests.request`'s signature over an `httpx.Client` (with
timeouts in production, a MockTransport or the in-process sandbox in tests). The SDK's own request building
(URLs, Basic auth with the server key, JSON bodies) and error handling (`MidtransAPIError`) run unchanged.

The notification signature is ours: SHA512(order_id + status_code + gross_amount + server_key), hex, over
the gross_amount string exactly as received, compared in constant time.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from django.utils.translation import gettext_lazy as _
from midtransclient import CoreApi
from midtransclient.config import ApiConfig
from midtransclient.error_midtrans import JSONDecodeError, MidtransAPIError

from lapak.core.errors import MalformedRequest
from lapak.market.payments.gateways.base import (
    ChargeRequest,
    EventKind,
    GatewayEvent,
    GatewayRefused,
    GatewayUnavailable,
    Instructions,
    RefundAnswer,
    SettlementKind,
    SettlementRecord,
    forged,
    secrets_match,
)
from lapak.market.payments.gateways.iris import DisbursementOrder, DisbursementResult, iris_disburse

_AMOUNT = re.compile(r"[0-9]{1,15}(\.[0-9]{1,2})?")
_KINDS = {"settlement": EventKind.PAID, "pending": EventKind.PENDING, "expire": EventKind.EXPIRED,
          "cancel": EventKind.CANCELLED, "deny": EventKind.FAILED, "failure": EventKind.FAILED,
          "refund": EventKind.REFUNDED, "partial_refund": EventKind.REFUNDED, "authorize": EventKind.PENDING}
_CAPTURE = {"accept": EventKind.PAID, "challenge": EventKind.PENDING, "deny": EventKind.FAILED}
_VA_BANKS = {"bca", "bni", "bri", "cimb"}
JAKARTA = ZoneInfo("Asia/Jakarta")  # Midtrans writes its times in WIB


class _BaseUrlConfig(ApiConfig):
    def __init__(self, *, base_url: str, server_key: str, is_production: bool) -> None:
        super().__init__(is_production=is_production, server_key=server_key)
        self.base_url = base_url.rstrip("/")

    def get_core_api_base_url(self) -> str:
        return self.base_url


class HttpxTransport:
    """`requests.request(method, url, auth=…, data=…, params=…, headers=…, …)` as the SDK calls it, over httpx."""

    def __init__(self, client: httpx.Client) -> None:
        self._client = client

    def request(self, method: str, url: str, *, auth: Any = None, data: Any = None, params: Any = None,
                headers: Mapping[str, str] | None = None, **_ignored: Any) -> httpx.Response:
        basic = (auth.username, auth.password) if auth is not None else None
        return self._client.request(method.upper(), url, auth=basic, content=data, params=params or None,
                                    headers=dict(headers or {}))


def parse_amount(raw: object) -> int:
    """Midtrans' gross_amount ("150000.00") as whole rupiah; MalformedRequest for anything else, fractions too."""
    if not isinstance(raw, str) or not _AMOUNT.fullmatch(raw):
        raise MalformedRequest(_("gross_amount is not an amount."), code="payment_notification_malformed")
    amount = Decimal(raw)
    if amount != amount.to_integral_value():
        raise MalformedRequest(_("gross_amount has a fraction of a rupiah."), code="payment_notification_malformed")
    return int(amount)


def signature_of(*, order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    return hashlib.sha512((order_id + status_code + gross_amount + server_key).encode("utf-8")).hexdigest()


def event_key(data: Mapping[str, Any]) -> str:
    # Midtrans sends no event id. One gateway order changes status at most once per (transaction_status,
    # status_code); transaction_time is the transaction's creation time, which separates two transactions that
    # could ever share an order id. Redeliveries of one change therefore share the key; different changes differ.
    # The amount is part of it too, so a signed copy claiming another amount is not taken for a redelivery: it
    # is processed, and recorded as an amount mismatch where an operator sees it.
    # Two partial refunds of one payment share all of those, so a refund's key also names how much has been
    # refunded so far (the notification's refund_amount grows with each one).
    parts = [data.get("order_id"), data.get("transaction_status"), data.get("status_code"),
             data.get("transaction_time") or "", data.get("gross_amount")]
    if str(data.get("transaction_status", "")).endswith("refund"):
        parts.append(data.get("refund_amount") or "")
    return "midtrans:" + "|".join(str(p) for p in parts)


def _malformed(message: Any) -> MalformedRequest:
    return MalformedRequest(message, code="payment_notification_malformed")


def event_of(data: Mapping[str, Any]) -> GatewayEvent:
    """The event a notification body or a status answer describes (its authenticity already established)."""
    status = data.get("transaction_status")
    if not isinstance(status, str) or not status:
        raise _malformed(_("transaction_status is missing."))
    order_id = data.get("order_id")
    if not isinstance(order_id, str) or not 1 <= len(order_id) <= 50:
        raise _malformed(_("order_id is missing or too long."))
    # A capture counts only with an explicit "accept": a missing fraud_status is not a verdict.
    kind = _CAPTURE.get(str(data.get("fraud_status", "")), EventKind.PENDING) if status == "capture" \
        else _KINDS.get(status, EventKind.OTHER)
    return GatewayEvent(provider_order_id=order_id, kind=kind, amount=parse_amount(data.get("gross_amount")),
                        event_key=event_key(data)[:200], provider_ref=str(data.get("transaction_id") or "")[:100],
                        raw_status=status, raw=dict(data))


def settlement_record(item: Any) -> SettlementRecord:
    """One record of the sandbox's settlement answer; GatewayUnavailable when it is not one."""
    try:
        kind = SettlementKind(item["type"])
        settled = datetime.strptime(item["settled_at"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=JAKARTA)
        return SettlementRecord(provider_order_id=str(item["order_id"]), transaction_id=str(item["transaction_id"]),
                                kind=kind, amount=parse_amount(item["amount"]), settled_at=settled,
                                refund_key=str(item.get("refund_key") or ""))
    except (KeyError, TypeError, ValueError, MalformedRequest) as exc:
        raise GatewayUnavailable() from exc


class MidtransGateway:
    code = "midtrans"

    def __init__(self, *, server_key: str, base_url: str, http_client: httpx.Client,
                 is_production: bool = False, notification_url: str = "", iris_url: str = "") -> None:
        self._server_key = server_key
        self._notification_url = notification_url
        self._core = CoreApi(is_production=is_production, server_key=server_key)
        self._core.api_config = _BaseUrlConfig(base_url=base_url, server_key=server_key,
                                               is_production=is_production)
        if notification_url:  # Midtrans' per-request notification URL, instead of the dashboard's
            self._core.api_config.custom_headers = {"X-Override-Notification": notification_url}
        self._core.http_client.http_client = HttpxTransport(http_client)
        self._http, self._iris_url = http_client, iris_url

    def _call(self, method: Any, *args: Any) -> dict:
        try:
            return method(*args)
        except MidtransAPIError as exc:
            if exc.http_status_code >= 500:
                raise GatewayUnavailable() from exc
            raise GatewayRefused() from exc
        except (httpx.HTTPError, JSONDecodeError, ValueError) as exc:
            raise GatewayUnavailable() from exc

    def charge_body(self, request: ChargeRequest) -> dict:
        body: dict[str, Any] = {
            "transaction_details": {"order_id": request.provider_order_id, "gross_amount": request.amount},
            "custom_expiry": {"expiry_duration": request.expiry_minutes, "unit": "minute"},
        }
        if request.order_time is not None:
            body["custom_expiry"]["order_time"] = request.order_time.astimezone(JAKARTA).strftime(
                "%Y-%m-%d %H:%M:%S +0700")
        customer = {k: v for k, v in (("first_name", request.customer_name), ("email", request.customer_email),
                                      ("phone", request.customer_phone)) if v}
        if customer:
            body["customer_details"] = customer
        method, channel = request.method, request.channel
        if method == "qris":
            body["payment_type"] = "qris"
        elif method == "va" and channel in _VA_BANKS:
            body.update(payment_type="bank_transfer", bank_transfer={"bank": channel})
        elif method == "va" and channel == "permata":
            body["payment_type"] = "permata"
        elif method == "va" and channel == "mandiri":
            body.update(payment_type="echannel",
                        echannel={"bill_info1": "Lapak", "bill_info2": request.provider_order_id})
        elif method == "ewallet" and channel in ("gopay", "shopeepay"):
            body["payment_type"] = channel
        elif method == "card":
            # Core API cards normally carry a token made in the buyer's browser by Midtrans' JS; the sandbox
            # (and Midtrans' 3DS redirect) take the card details on their own page instead.
            body.update(payment_type="credit_card", credit_card={"authentication": True})
        else:
            raise GatewayRefused(_("This payment method is not offered through Midtrans."))
        return body

    def charge(self, request: ChargeRequest) -> Instructions:
        answer = self._call(self._core.charge, self.charge_body(request))
        actions = {a.get("name"): a.get("url", "") for a in answer.get("actions") or [] if isinstance(a, dict)}
        va = next((v.get("va_number", "") for v in answer.get("va_numbers") or [] if isinstance(v, dict)), "")
        redirect = answer.get("redirect_url") or actions.get("deeplink-redirect") or ""
        return Instructions(provider_ref=str(answer.get("transaction_id", "")), qr_string=answer.get("qr_string", ""),
                            va_number=va or answer.get("permata_va_number", ""), bill_key=answer.get("bill_key", ""),
                            biller_code=answer.get("biller_code", ""), redirect_url=redirect)

    def status(self, provider_order_id: str) -> GatewayEvent | None:
        try:
            answer = self._core.transactions.status(provider_order_id)
        except MidtransAPIError as exc:
            if str((exc.api_response_dict or {}).get("status_code")) == "404" or exc.http_status_code == 404:
                return None
            raise GatewayUnavailable() from exc
        except (httpx.HTTPError, JSONDecodeError, ValueError) as exc:
            raise GatewayUnavailable() from exc
        return event_of(answer)

    def cancel(self, provider_order_id: str) -> None:
        try:
            self._core.transactions.cancel(provider_order_id)
        except MidtransAPIError as exc:
            # 404: never charged; 412: already final (a settlement then arrives as a notification).
            if exc.http_status_code >= 500:
                raise GatewayUnavailable() from exc
        except (httpx.HTTPError, JSONDecodeError, ValueError) as exc:
            raise GatewayUnavailable() from exc

    def refund(self, provider_order_id: str, *, amount: int, key: str, reason: str = "") -> RefundAnswer:
        """Midtrans' refund answer is final: a 200 means the money is on its way back."""
        answer = self._call(self._core.transactions.refund, provider_order_id,
                            {"refund_key": key, "amount": amount, "reason": reason})
        return RefundAnswer(reference=str(answer.get("refund_key") or key), final=True)

    def settlements(self, day: date) -> list[SettlementRecord]:
        """The day's settled payments and refunds. Only the sandbox serves them at GET /v1/settlements; with real
        Midtrans they come from the MAP report instead (ADR 0013), so production plugs a file reader in here."""
        config = self._core.api_config
        answer = self._call(self._core.http_client.request, "get", self._server_key,
                            f"{config.get_core_api_base_url()}/v1/settlements", {"date": day.isoformat()},
                            config.custom_headers, config.proxies)[0]
        records = answer.get("records") if isinstance(answer, dict) else None
        if not isinstance(records, list):
            raise GatewayUnavailable()
        return [settlement_record(item) for item in records]

    def disburse(self, order: DisbursementOrder) -> DisbursementResult:
        """Pays a seller through Iris (the sandbox serves it at the same base URL and key)."""
        return iris_disburse(order, base_url=self._iris_url or self._core.api_config.base_url,
                             api_key=self._server_key, client=self._http)

    def parse_notification(self, *, headers: Mapping[str, str], body: bytes) -> GatewayEvent:
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise MalformedRequest() from exc
        if not isinstance(data, dict):
            raise _malformed(_("The notification is not a JSON object."))
        fields = [data.get(name) for name in ("order_id", "status_code", "gross_amount")]
        if not all(isinstance(value, str) and value.isascii() for value in fields):
            raise _malformed(_("order_id, status_code and gross_amount must be strings."))
        given = data.get("signature_key")
        if not isinstance(given, str) or not given.isascii():
            raise forged()
        expected = signature_of(order_id=fields[0], status_code=fields[1], gross_amount=fields[2],
                                server_key=self._server_key)
        if not isinstance(given, str) or not secrets_match(given, expected):
            raise forged()
        return event_of(data)
