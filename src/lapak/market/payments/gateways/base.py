"""The interface every payment gateway adapter implements, and the plain values that cross it (ADR 0010).

Adapters talk to the network and never touch the database, so services call them with no transaction open and
no row locked (DESIGN.md: never hold a row lock across a network call).
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import LapakError, NotAuthenticated

if TYPE_CHECKING:
    from lapak.market.payments.gateways.iris import DisbursementOrder, DisbursementResult


class GatewayUnavailable(LapakError):
    status = 502
    code = "payment_gateway_unavailable"
    default_message = _("The payment gateway could not be reached or refused the request. Try again later.")


class GatewayRefused(LapakError):
    """The gateway answered and said no (a duplicate order id, an unsupported channel...)."""

    status = 502
    code = "payment_gateway_refused"
    default_message = _("The payment gateway refused this payment. Choose another method or try again later.")


class EventKind(StrEnum):
    """What a gateway status means for us, whatever the gateway calls it."""

    PENDING = "pending"  # waiting for the buyer (or a fraud review)
    PAID = "paid"  # the money is ours (settlement, or a card capture the fraud check accepted)
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    FAILED = "failed"  # denied or failed
    REFUNDED = "refunded"  # (partial) refund: handled by the refunds part
    OTHER = "other"


@dataclass(frozen=True)
class ChargeRequest:
    provider_order_id: str
    amount: int  # whole rupiah
    method: str  # a payments.models.Method value
    channel: str  # bank or e-wallet, "" when the method has none
    expiry_minutes: int
    # When the expiry is counted from: the intent's creation, not the moment the gateway receives the charge,
    # so the gateway's deadline never outlasts ours by the duration of the call.
    order_time: datetime | None = None
    customer_name: str = ""
    customer_email: str = ""
    customer_phone: str = ""


@dataclass(frozen=True)
class Instructions:
    """What the buyer needs to pay, as the gateway answered the charge."""

    provider_ref: str
    qr_string: str = ""
    va_number: str = ""
    bill_key: str = ""
    biller_code: str = ""
    redirect_url: str = ""
    expires_at: datetime | None = None


@dataclass(frozen=True)
class RefundAnswer:
    """The gateway's answer to a refund it accepted. `final`: the money has left (Midtrans answers so); otherwise
    the gateway is still working on it (Xendit's PENDING) and its callback, or a later `refund_status`, decides.
    A refund the gateway refused or failed is GatewayRefused instead."""

    reference: str  # the gateway's refund reference
    final: bool


@dataclass(frozen=True)
class GatewayEvent:
    """A verified status of one gateway order: from a notification whose signature matched, or from a status
    request we made ourselves. `event_key` is unique per state change of the gateway order."""

    provider_order_id: str
    kind: EventKind
    amount: int  # whole rupiah, as the gateway stated it
    event_key: str
    provider_ref: str = ""
    raw_status: str = ""
    occurred_at: datetime | None = None
    raw: Mapping[str, object] = field(default_factory=dict)  # the gateway's fields, as it sent them


class SettlementKind(StrEnum):
    PAYMENT = "payment"  # money the gateway received for an order
    REFUND = "refund"  # money the gateway gave back


@dataclass(frozen=True)
class SettlementRecord:
    """One line of the gateway's settlement data for a day (reconciliation, ADR 0013). `refund_key` is the key
    Lapak gave the refund (the RefundRequest's public id); empty for payments."""

    provider_order_id: str
    transaction_id: str
    kind: SettlementKind
    amount: int  # whole rupiah
    settled_at: datetime | None
    refund_key: str = ""


class PaymentGateway(Protocol):
    """Two optional methods, looked up with getattr, for a gateway whose refunds are not final at once (Xendit):
    `refund_status(reference) -> RefundAnswer` reads a refund it answered as not final (GatewayRefused when it
    failed), and `confirm(event) -> GatewayEvent | None` confirms a verified notification itself instead of the
    default `status(event.provider_order_id)` (a refund callback is confirmed by reading the refund)."""

    code: str

    def charge(self, request: ChargeRequest) -> Instructions:
        """Creates the gateway's transaction; GatewayUnavailable or GatewayRefused."""
        ...

    def status(self, provider_order_id: str) -> GatewayEvent | None:
        """The gateway's current status of the order; None when the gateway does not know it."""
        ...

    def cancel(self, provider_order_id: str) -> None:
        """Stops the buyer paying the order (idempotent: an unknown or already closed order is fine)."""
        ...

    def refund(self, provider_order_id: str, *, amount: int, key: str, reason: str = "") -> RefundAnswer:
        """Refunds `amount` of a paid order once per `key`; the gateway's reference, and whether the refund is final
        (GatewayRefused when it was refused or failed)."""
        ...

    def settlements(self, day: date) -> list[SettlementRecord]:
        """The payments settled and refunds made on `day` (the gateway's local calendar day)."""
        ...

    def disburse(self, order: DisbursementOrder) -> DisbursementResult:
        """Pays a seller's bank account once per `order.key` (payouts); the gateway's reference and status."""
        ...

    def parse_notification(self, *, headers: Mapping[str, str], body: bytes) -> GatewayEvent:
        """The verified event of one notification; NotAuthenticated (forged) or MalformedRequest."""
        ...


def secrets_match(given: str, expected: str) -> bool:
    """Constant-time comparison; an empty expected secret matches nothing (an unconfigured gateway)."""
    if not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode("utf-8"))


def forged() -> NotAuthenticated:
    return NotAuthenticated(_("The notification signature is missing or wrong."),
                            code="payment_signature_invalid")
