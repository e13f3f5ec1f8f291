"""The notification inbox: store raw, verify, confirm with the gateway, claim the event, process it exactly once
(ADR 0010).

Midtrans signs only the order id, status code and amount, so a signed notification says little about what
happened: a genuine body of one event could be replayed with another `transaction_status`. Before anything is
applied, the gateway is asked for the order's status (with our server key, over TLS) and its answer is what
is applied. A notification that only says "pending" changes nothing and is not confirmed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from lapak.core.errors import LapakError, MalformedRequest, NotAuthenticated
from lapak.market.payments.gateways.base import EventKind, GatewayEvent, PaymentGateway
from lapak.market.payments.gateways.registry import gateway_for
from lapak.market.payments.models import Outcome, PaymentNotification
from lapak.market.payments.services.apply import event_apply
from lapak.market.payments.services.intents import gateway_cancel_quietly

# Never kept: credentials a caller might send along (a forged request could carry anyone's), and Xendit's
# callback token, which is a standing secret: whoever reads it could sign callbacks.
_DROPPED_HEADERS = {"authorization", "cookie", "proxy-authorization", "x-callback-token"}


def _headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {str(k)[:100]: str(v)[:1000] for k, v in headers.items() if str(k).lower() not in _DROPPED_HEADERS}


def payment_notification_receive(*, provider: str, headers: Mapping[str, str], body: bytes) -> PaymentNotification:
    """Takes one notification from a gateway.

    Guarantees: the raw body and headers are stored (committed) before anything else is done with them; a
    missing or wrong signature is recorded as forged and raises NotAuthenticated, an unreadable body is recorded
    as malformed and raises MalformedRequest, and neither touches an intent; a verified event is processed
    exactly once per event key (the key is claimed by a unique index in the transaction that processes it, so
    concurrent copies wait and then record themselves as duplicates, and a failure releases the claim for the
    gateway's retry). Every event that could change something is confirmed first by asking the gateway for the
    order's status, and the gateway's answer is what is applied (a stale or replayed notification applies the
    current state, which is then usually a duplicate); if the gateway cannot be asked, the row stays received
    and GatewayUnavailable is raised, so the gateway retries and the reconciliation task asks again. The
    returned row's `outcome` says what happened; unknown orders and amounts that differ from the intent's are
    recorded (and, for money that arrived, a refund is queued), never raised."""
    gateway = gateway_for(provider)
    row = PaymentNotification.objects.create(provider=provider, headers=_headers(headers), body=bytes(body))
    try:
        event = gateway.parse_notification(headers=headers, body=bytes(body))
    except NotAuthenticated:
        _finish(row, outcome=Outcome.FORGED, signature_ok=False)
        raise
    except MalformedRequest as exc:
        _finish(row, outcome=Outcome.MALFORMED, error=str(exc.message))
        raise
    if event.kind not in _NOTHING_TO_CONFIRM and getattr(gateway, "confirms_by_status", True):
        notified, event = event, _confirmed(gateway, row, event)
        if event is None:
            return row
        if event.event_key != notified.event_key:
            row.error = f"notified {notified.raw_status}, the gateway's status is {event.raw_status}"[:500]
    return notification_process(row=row, provider=provider, event=event)


_NOTHING_TO_CONFIRM = frozenset({EventKind.PENDING, EventKind.OTHER})


def _confirmed(gateway: PaymentGateway, row: PaymentNotification, event: GatewayEvent) -> GatewayEvent | None:
    """The gateway's current status of the notified order, or None (recorded as unconfirmed) when it does not
    know the order. An adapter with its own `confirm` (Xendit: a refund callback is confirmed by reading the
    refund, not the payment) is asked through it instead."""
    confirm = getattr(gateway, "confirm", None)
    try:
        current = confirm(event) if confirm is not None else gateway.status(event.provider_order_id)
    except LapakError:
        PaymentNotification.objects.filter(pk=row.pk).update(
            signature_ok=True, error="the gateway could not be asked to confirm; waiting for its retry")
        raise
    if current is None or current.provider_order_id != event.provider_order_id:
        _finish(row, signature_ok=True, outcome=Outcome.UNCONFIRMED,
                error=f"the gateway does not know order {event.provider_order_id[:60]}")
        return None
    return current


def _finish(row: PaymentNotification, **fields: object) -> None:
    fields.setdefault("processed_at", timezone.now())
    PaymentNotification.objects.filter(pk=row.pk).update(**fields)
    for name, value in fields.items():
        setattr(row, name, value)


def notification_process(*, row: PaymentNotification, provider: str, event: GatewayEvent,
                         now: datetime | None = None) -> PaymentNotification:
    """Claims `event` for the stored `row` and applies it, or records the row as a duplicate."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            PaymentNotification.objects.filter(pk=row.pk).update(event_key=event.event_key, signature_ok=True)
            applied = event_apply(provider=provider, event=event, now=now)
            _finish(row, event_key=event.event_key, signature_ok=True, outcome=applied.outcome,
                    intent=applied.intent, error=(applied.error or row.error)[:500], processed_at=now)
    except IntegrityError:
        claimed = PaymentNotification.objects.filter(provider=provider, event_key=event.event_key).exclude(pk=row.pk)
        if not claimed.exists():
            raise
        _finish(row, signature_ok=True, outcome=Outcome.DUPLICATE, intent=claimed.first().intent)
        return row
    for other in applied.to_cancel:
        gateway_cancel_quietly(other)
    return row
