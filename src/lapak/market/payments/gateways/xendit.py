"""Xendit (Payment Request API, Refund API, Payouts v2, Transactions; callbacks) through its official SDK,
`xendit-python` 7.0.0.

The SDK builds and reads every call: its models make the request bodies (`PaymentRequestParameters`,
`CreateRefund`, `CreatePayoutRequest`), its `ApiClient` adds Basic auth with the secret key and the idempotency
key, and it deserialises the answers into its models. Only the transport is ours: the SDK speaks urllib3, so
xendit_transport.HttpxRestClient sends its requests over the httpx client every adapter shares (timeouts in
production, a MockTransport in tests). `base_url` points it at Xendit or a stand-in.

Lapak's order id (the intent's public id) is the payment request's `reference_id` and its idempotency key, so a
repeated charge cannot make a second payment request, and status, cancel and refund find the request by it.

Methods: QRIS; virtual accounts of BCA, BNI, BRI, Mandiri, Permata and CIMB; ShopeePay (Xendit has no GoPay
channel: refused); cards through the 3-D Secure page Xendit answers with (real Xendit wants the card tokenised in
the buyer's browser first, as with Midtrans). VA, QRIS and card expiry is sent as an absolute time, counted from
the intent's creation; Xendit's e-wallet channels take no expiry, so ours (payment_intents_expire) decides.

Callbacks are authenticated by our constant-time comparison of the `x-callback-token` header with the
verification token of Xendit's dashboard (XENDIT_CALLBACK_TOKEN); see xendit_events.py for what they mean.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from xendit.apis import PaymentMethodApi, PaymentRequestApi, PayoutApi, RefundApi, TransactionApi
from xendit.exceptions import OpenApiException, XenditSdkException

from lapak.core.errors import MalformedRequest
from lapak.market.payments.gateways import xendit_models as m
from lapak.market.payments.gateways.base import (
    ChargeRequest,
    EventKind,
    GatewayEvent,
    GatewayRefused,
    GatewayUnavailable,
    Instructions,
    RefundAnswer,
    SettlementRecord,
    forged,
    secrets_match,
)
from lapak.market.payments.gateways.iris import REVERSED, DisbursementOrder, DisbursementResult
from lapak.market.payments.gateways.xendit_events import (
    ORDER_KEY,
    callback_event,
    malformed,
    parse_amount,
    refund_event,
    request_event,
)
from lapak.market.payments.gateways.xendit_transport import api_client

JAKARTA = ZoneInfo("Asia/Jakarta")
TOKEN_HEADER = "x-callback-token"  # noqa: S105 (a header name, not a secret)
_LIVE = frozenset({"PENDING", "REQUIRES_ACTION"})
_CLOSED = frozenset({"FAILED", "CANCELED", "EXPIRED", "VOIDED"})
_REDIRECTS = ("DEEPLINK", "MOBILE", "WEB")  # the buyer is on a phone first
_PAYOUT_STATUS = {"SUCCEEDED": "completed", "FAILED": "failed", "CANCELLED": "failed", "REVERSED": REVERSED}
SETTLEMENT_PAGES = 100


class XenditGateway:
    code = "xendit"

    def __init__(self, *, secret_key: str, callback_token: str, base_url: str, http_client: httpx.Client,
                 return_url: str = "") -> None:
        self._configured = bool(secret_key)
        self._callback_token, self._return_url = callback_token, return_url
        client = api_client(secret_key=secret_key, base_url=base_url, http_client=http_client)
        self._requests, self._methods = PaymentRequestApi(client), PaymentMethodApi(client)
        self._refunds, self._payouts, self._transactions = RefundApi(client), PayoutApi(client), TransactionApi(client)

    def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> dict:
        """The SDK call's answer as a plain dict; Xendit's refusals (4xx) as GatewayRefused, the rest (5xx, rate
        limits, the network, an answer the SDK cannot read) as GatewayUnavailable."""
        try:
            return method(*args, **kwargs).to_dict()
        except XenditSdkException as exc:
            if _status(exc) in (0, 429) or _status(exc) >= 500:
                raise GatewayUnavailable() from exc
            raise GatewayRefused() from exc
        except (httpx.HTTPError, OpenApiException, TypeError, KeyError, ValueError) as exc:
            # The SDK raises TypeError or one of its own errors for an answer its models cannot hold.
            raise GatewayUnavailable() from exc

    # --- Money in -------------------------------------------------------------------------------------------

    def charge_parameters(self, request: ChargeRequest) -> m.PaymentRequestParameters:
        """The SDK model of the payment request for `request`; GatewayRefused for a channel Xendit lacks."""
        start = request.order_time or timezone.now()
        expires_at = (start + timedelta(minutes=request.expiry_minutes)).astimezone(JAKARTA)
        method = m.payment_method(request.method, request.channel, reference_id=request.provider_order_id,
                                  customer_name=request.customer_name or "Lapak", expires_at=expires_at,
                                  return_url=self._return_url)
        if method is None:
            raise GatewayRefused(_("This payment method is not offered through Xendit."))
        return m.payment_request(reference_id=request.provider_order_id, amount=request.amount, method=method,
                                 description=f"Lapak {request.provider_order_id}")

    def charge(self, request: ChargeRequest) -> Instructions:
        answer = self._call(self._requests.create_payment_request, idempotency_key=request.provider_order_id,
                            payment_request_parameters=self.charge_parameters(request))
        if answer.get("status") in _CLOSED:  # refused at once (a paid one still comes as a callback)
            raise GatewayRefused(_("Xendit did not accept this payment. Choose another method or try again."))
        method = answer.get("payment_method") or {}
        detail = method.get(str(method.get("type") or "").lower()) or {}
        props = detail.get("channel_properties") or {}
        actions = [a for a in answer.get("actions") or [] if isinstance(a, dict)]
        urls = {a.get("url_type"): a.get("url") for a in actions if a.get("url")}
        qr = props.get("qr_string") or next((a.get("qr_code") for a in actions if a.get("qr_code")), "")
        expires = props.get("expires_at")
        return Instructions(provider_ref=str(answer.get("id") or ""), qr_string=qr or "",
                            va_number=str(props.get("virtual_account_number") or ""),
                            redirect_url=next((urls[t] for t in _REDIRECTS if urls.get(t)), ""),
                            expires_at=expires if isinstance(expires, datetime) else None)

    def _find(self, provider_order_id: str) -> dict | None:
        """The latest payment request Lapak made under `provider_order_id`, as a dict; None if there is none."""
        found = self._call(self._requests.get_all_payment_requests, reference_id=[provider_order_id])
        matching = [r for r in found.get("data") or [] if r.get("reference_id") == provider_order_id]
        return max(matching, key=lambda r: str(r.get("created") or ""), default=None)

    def status(self, provider_order_id: str) -> GatewayEvent | None:
        answer = self._find(provider_order_id)
        if answer is None:
            return None
        try:
            return request_event(answer)
        except MalformedRequest as exc:
            raise GatewayUnavailable() from exc

    def cancel(self, provider_order_id: str) -> None:
        """Expires the request's payment method (a VA number or QR code stops taking money). Unknown, already
        closed or already expired: nothing to do."""
        answer = self._find(provider_order_id)
        method_id = (answer or {}).get("payment_method", {}).get("id")
        if answer is None or answer.get("status") not in _LIVE or not method_id:
            return
        with contextlib.suppress(GatewayRefused):  # already expired, or paid meanwhile (then a callback comes)
            self._call(self._methods.expire_payment_method, method_id)

    def refund(self, provider_order_id: str, *, amount: int, key: str, reason: str = "") -> RefundAnswer:
        """Refunds through Xendit once per `key` (its idempotency key and the refund's reference_id). Our order id
        rides in the metadata, since Xendit's refund callbacks name only its own payment. Xendit usually answers
        PENDING: not final, its refund.* callback or `refund_status` says how it ended."""
        answer = self._find(provider_order_id)
        if answer is None or answer.get("status") != "SUCCEEDED":
            raise GatewayRefused(_("Xendit holds no paid payment for this order."))
        body = m.refund(payment_request_id=str(answer["id"]), key=key, amount=amount,
                        metadata={ORDER_KEY: provider_order_id, "note": reason[:200]})
        try:
            refund = self._call(self._refunds.create_refund, idempotency_key=key, create_refund=body)
        except GatewayRefused:
            refund = self._earlier_refund(str(answer["id"]), key)  # a retry Xendit took for a duplicate
        return _refund_answer(refund, default_reference=key)

    def refund_status(self, reference: str) -> RefundAnswer:
        """The refund Xendit answered as not final, read again by its id (GET /refunds/{id})."""
        return _refund_answer(self._call(self._refunds.get_refund, reference), default_reference=reference)

    def confirm(self, event: GatewayEvent) -> GatewayEvent | None:
        """A verified callback as Xendit states it when asked: a refund callback by reading the refund (the payment
        request of a refunded payment still says SUCCEEDED), any other by the order's status. None when Xendit does
        not know the refund."""
        if event.kind is not EventKind.REFUNDED:
            return self.status(event.provider_order_id)
        try:
            answer = self._call(self._refunds.get_refund, str(event.raw.get("id")))
        except GatewayRefused:  # 404: no such refund
            return None
        try:
            return refund_event(answer)
        except MalformedRequest as exc:
            raise GatewayUnavailable() from exc

    def _earlier_refund(self, payment_request_id: str, key: str) -> dict:
        listed = self._call(self._refunds.get_all_refunds, payment_request_id=payment_request_id)
        found = next((r for r in listed.get("data") or [] if r.get("reference_id") == key), None)
        if found is None:
            raise GatewayRefused(_("Xendit refused the refund."))
        return found

    def settlements(self, day: date) -> list[SettlementRecord]:
        """Successful payments and refunds created on `day` (WIB), from Xendit's transaction list. Without a
        secret key Lapak never charged through Xendit, so it has settled nothing (and is not asked)."""
        if not self._configured:
            return []
        start = datetime.combine(day, time(), tzinfo=JAKARTA)
        window = m.date_range(start, start + timedelta(days=1) - timedelta(microseconds=1))
        records: list[SettlementRecord] = []
        after: str | None = None
        for _page in range(SETTLEMENT_PAGES):
            page = self._call(self._transactions.get_all_transactions, **m.transaction_filter(window, after))
            data = [t for t in page.get("data") or [] if isinstance(t, dict)]
            records += [m.settlement_record(t) for t in data if m.is_settlement(t)]
            if not page.get("has_more") or not data:
                return records
            after = str(data[-1].get("id"))
        raise GatewayUnavailable()

    # --- Money out ------------------------------------------------------------------------------------------

    def disburse(self, order: DisbursementOrder) -> DisbursementResult:
        """Pays a seller through Payouts v2 once per `order.key` (idempotency key and reference_id); a retry that
        Xendit refuses as a duplicate reads the payout made the first time."""
        body = m.payout(order)
        if body is None:
            raise GatewayRefused(_("This bank cannot receive payouts through Xendit."))
        try:
            payout = self._call(self._payouts.create_payout, idempotency_key=order.key, create_payout_request=body)
        except GatewayRefused:
            listed = self._call(self._payouts.get_payouts, reference_id=order.key)
            payout = next((p for p in listed.get("data") or [] if p.get("reference_id") == order.key), None)
            if payout is None:
                raise
        return _disbursement(payout)

    # --- Callbacks ------------------------------------------------------------------------------------------

    def _verified(self, headers: Mapping[str, str], body: bytes) -> dict:
        """The callback's JSON object, once its token matched (NotAuthenticated first, then MalformedRequest)."""
        given = next((v for k, v in headers.items() if str(k).lower() == TOKEN_HEADER), None)
        if not isinstance(given, str) or not secrets_match(given, self._callback_token):
            raise forged()
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise MalformedRequest() from exc
        if not isinstance(data, dict):
            raise malformed(_("The callback is not a JSON object."))
        return data

    def parse_notification(self, *, headers: Mapping[str, str], body: bytes) -> GatewayEvent:
        return callback_event(self._verified(headers, body), amount_of=self._amount_of)

    def parse_payout_callback(self, *, headers: Mapping[str, str], body: bytes) -> tuple[DisbursementResult, int]:
        """The payout a payout callback (payout.succeeded, payout.failed...) names, as Xendit states it when asked:
        the callback only says which payout to look at, so a replayed or doctored body cannot move money."""
        payout = self._verified(headers, body).get("data")
        reference = payout.get("id") if isinstance(payout, dict) else None
        if not isinstance(reference, str) or not 1 <= len(reference) <= 100:
            raise malformed(_("The payout id is missing."))
        answer = self._call(self._payouts.get_payout_by_id, reference)
        try:
            return _disbursement(answer), parse_amount(answer.get("amount"))
        except MalformedRequest as exc:
            raise GatewayUnavailable() from exc

    def _amount_of(self, provider_order_id: str) -> int | None:
        answer = self._find(provider_order_id)
        return request_event(answer).amount if answer is not None else None


def _refund_answer(refund: Mapping[str, Any], *, default_reference: str) -> RefundAnswer:
    if refund.get("status") == "FAILED":
        raise GatewayRefused(str(refund.get("failure_code") or _("Xendit refused the refund.")))
    return RefundAnswer(reference=str(refund.get("id") or default_reference), final=refund.get("status") == "SUCCEEDED")


def _disbursement(payout: Mapping[str, Any]) -> DisbursementResult:
    """A Xendit payout in the statuses payouts_disburse reads (Iris'): completed, failed, else processed."""
    return DisbursementResult(reference=str(payout.get("id") or ""),
                              status=_PAYOUT_STATUS.get(str(payout.get("status") or ""), "processed"),
                              error=str(payout.get("failure_code") or "")[:200])


def _status(exc: XenditSdkException) -> int:
    try:
        return int(exc.status)
    except (TypeError, ValueError):
        return 0
