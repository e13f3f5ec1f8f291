"""The interface every courier adapter implements, and the plain values that cross it.

Adapters talk to the network; they never touch the database, so services can call them outside any
transaction (STYLE.md: never hold a row lock across a network call).
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import LapakError, NotAuthenticated
from lapak.market.shipping.quotes import Parcel, Quote


class CourierUnavailable(LapakError):
    status = 502
    code = "courier_unavailable"
    default_message = _("The courier could not be reached or refused the request. Try again later.")


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str
    address: str
    region: str  # village code


@dataclass(frozen=True)
class BookingRequest:
    shipment_ref: str  # the shipment's public id, sent as the provider's order id
    courier_code: str  # the courier's code at the provider
    service_code: str
    sender: Contact
    recipient: Contact
    parcels: Sequence[Parcel]
    item_name: str
    item_value: int
    shipping_cost: int
    cod_amount: int = 0  # cash the courier collects from the recipient on delivery; 0: none


@dataclass(frozen=True)
class BookingResult:
    provider_reference: str
    tracking_number: str | None  # some providers assign the airway bill later, by webhook


@dataclass(frozen=True)
class TrackingUpdate:
    provider_event_id: str
    status: str  # a ShipmentStatus value
    occurred_at: datetime
    shipment_ref: str | None = None
    tracking_number: str | None = None
    description: str = ""
    location: str = ""


class CourierAdapter(Protocol):
    def quote(self, *, origin_region: str, destination_region: str, parcels: Sequence[Parcel]) -> list[Quote]: ...

    def book(self, request: BookingRequest) -> BookingResult: ...

    def track(self, *, shipment_ref: str, tracking_number: str | None) -> list[TrackingUpdate]: ...

    def webhook_updates(self, *, headers: Mapping[str, str], body: bytes) -> list[TrackingUpdate]:
        """The updates in one webhook delivery; raises NotAuthenticated (forged) or MalformedRequest."""
        ...


def secrets_match(given: str, expected: str) -> bool:
    """Constant-time comparison; an empty expected secret matches nothing (an unconfigured courier)."""
    if not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode("utf-8"))


def forged() -> NotAuthenticated:
    return NotAuthenticated(_("The webhook signature is missing or wrong."), code="webhook_signature_invalid")
