"""What Xendit's answers and callbacks mean for Lapak: statuses as EventKind, amounts as whole rupiah, event keys.

Lapak sends its provider order id (the intent's public id) as the payment request's `reference_id`, and as the
inline payment method's `reference_id` too, so every payment callback and payment-method callback names the
intent. Refund callbacks name only Xendit's payment, so Lapak puts its order id in the refund's `metadata`.

Event keys: a one-time payment request changes status at most once per status, so the key is the order id, the
status and the amount. A status answer we fetched (`status()`) and the callback of the same change share it, so
reconciliation and the webhook never apply one change twice; a copy claiming another amount is another event
(recorded as an amount mismatch). Refunds are keyed by Xendit's refund id and status.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import MalformedRequest
from lapak.market.payments.gateways.base import EventKind, GatewayEvent

# Payment request statuses (status answers) and payment statuses (payment.* callbacks).
STATUS_KINDS = {"SUCCEEDED": EventKind.PAID, "PENDING": EventKind.PENDING, "REQUIRES_ACTION": EventKind.PENDING,
                "AWAITING_CAPTURE": EventKind.PENDING, "FAILED": EventKind.FAILED, "EXPIRED": EventKind.EXPIRED,
                "CANCELED": EventKind.CANCELLED, "VOIDED": EventKind.CANCELLED}
PAYMENT_EVENTS = {"payment.succeeded": "SUCCEEDED", "payment.failed": "FAILED", "payment.pending": "PENDING",
                  "payment.awaiting_capture": "AWAITING_CAPTURE"}
PM_EXPIRED = "payment_method.expired"
REFUND_EVENTS = {"refund.succeeded": "SUCCEEDED", "refund.failed": "FAILED"}
ORDER_KEY = "lapak_order_id"  # our key in a refund's metadata


def malformed(message: Any) -> MalformedRequest:
    return MalformedRequest(message, code="payment_notification_malformed")


def parse_amount(raw: object) -> int:
    """A Xendit amount (a JSON number: 150000 or 150000.0) as whole rupiah; MalformedRequest for anything else,
    fractions of a rupiah, negative amounts and booleans included."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise malformed(_("amount is not a number."))
    if raw < 0 or raw != int(raw) or raw > 10**15:
        raise malformed(_("amount is not a whole number of rupiah."))
    return int(raw)


def _text(data: Mapping[str, Any], name: str, *, limit: int = 50) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not 1 <= len(value) <= limit:
        raise malformed(_("%(field)s is missing or too long.") % {"field": name})
    return value


def _when(raw: object) -> datetime | None:
    if isinstance(raw, datetime):
        return raw
    try:
        return datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        return None


def key_of(order_id: str, status: str, amount: int) -> str:
    return f"xendit:{order_id}|{status}|{amount}"[:200]


def request_event(answer: Mapping[str, Any]) -> GatewayEvent:
    """The event a payment request (a status answer, as a plain dict) describes."""
    order_id = _text(answer, "reference_id")
    status = str(answer.get("status") or "")
    amount = parse_amount(answer.get("amount"))
    return GatewayEvent(provider_order_id=order_id, kind=STATUS_KINDS.get(status, EventKind.OTHER), amount=amount,
                        event_key=key_of(order_id, status, amount), provider_ref=str(answer.get("id") or "")[:100],
                        raw_status=status, occurred_at=_when(answer.get("updated")), raw=dict(answer))


def callback_event(body: Mapping[str, Any], *, amount_of: Any = None) -> GatewayEvent:
    """The event one callback body describes (its token already checked). `amount_of(order_id)` gives the payment
    request's amount for a callback that carries none (a payment method of an e-wallet or a card)."""
    event, data = body.get("event"), body.get("data")
    if not isinstance(event, str) or not isinstance(data, dict):
        raise malformed(_("event and data are missing."))
    if event in PAYMENT_EVENTS:
        return _payment(event, data)
    if event in REFUND_EVENTS:
        return refund_event(data, event=event)
    return _other(event[:50], data, amount_of)


def _payment(event: str, data: Mapping[str, Any]) -> GatewayEvent:
    order_id = _text(data, "reference_id")
    status = str(data.get("status") or PAYMENT_EVENTS[event])
    if status != PAYMENT_EVENTS[event]:  # a body contradicting its own event name is not one we act on
        raise malformed(_("The payment status contradicts the event."))
    amount = parse_amount(data.get("amount"))
    return GatewayEvent(provider_order_id=order_id, kind=STATUS_KINDS[status], amount=amount,
                        event_key=key_of(order_id, status, amount),
                        provider_ref=str(data.get("payment_request_id") or "")[:100], raw_status=status,
                        occurred_at=_when(data.get("updated")), raw=dict(data))


def _other(event: str, data: Mapping[str, Any], amount_of: Any) -> GatewayEvent:
    """Payment-method callbacks (the inline method's reference_id is our order id): an expired method closes the
    intent; activation and anything else are recorded without effect. A method states its amount only for
    virtual accounts and QR codes; for the others the payment request's amount is asked from Xendit."""
    order_id = _text(data, "reference_id")
    kind = EventKind.EXPIRED if event == PM_EXPIRED else EventKind.OTHER
    detail = data.get(str(data.get("type") or "").lower())
    raw_amount = detail.get("amount") if isinstance(detail, dict) else data.get("amount")
    amount = parse_amount(raw_amount) if raw_amount is not None else amount_of(order_id) if amount_of else None
    if amount is None:
        raise malformed(_("The callback states no amount."))
    status = "EXPIRED" if kind is EventKind.EXPIRED else event
    return GatewayEvent(provider_order_id=order_id, kind=kind, amount=amount,
                        event_key=key_of(order_id, status, amount), raw_status=status,
                        occurred_at=_when(data.get("updated")), raw=dict(data))


def refund_event(data: Mapping[str, Any], *, event: str = "") -> GatewayEvent:
    """A refund's state — a refund callback's data, or Xendit's answer when we read the refund — as an event of the
    order in its metadata. Our refund key (the refund's reference_id) is listed, in the shape
    refunds_confirm_from_gateway reads: under `refunds` when the refund succeeded, under `refunds_failed` (with
    Xendit's failure code) when it failed, in neither while it is pending (nothing changes)."""
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    order_id = _text(metadata, ORDER_KEY)
    refund_id = _text(data, "id", limit=100)
    status = str(data.get("status") or REFUND_EVENTS.get(event, ""))[:20]
    amount = parse_amount(data.get("amount"))
    item = {"refund_key": str(data.get("reference_id") or ""), "refund_chargeback_id": refund_id}
    listed = [item] if status == "SUCCEEDED" and item["refund_key"] else []
    failed = [item | {"error": str(data.get("failure_code") or status)[:100]}] \
        if status == "FAILED" and item["refund_key"] else []
    return GatewayEvent(provider_order_id=order_id, kind=EventKind.REFUNDED, amount=amount, raw_status=status,
                        event_key=f"xendit:refund|{refund_id}|{status}", provider_ref="",
                        occurred_at=_when(data.get("updated")),
                        raw={**data, "refunds": listed, "refunds_failed": failed})
