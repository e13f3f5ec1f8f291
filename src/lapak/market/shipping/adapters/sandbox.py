"""The sandbox courier: books instantly, and its tracking events come from `sandbox.py`, signed like a real one."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence

from django.conf import settings

from lapak.market.shipping.adapters.base import BookingRequest, BookingResult, TrackingUpdate
from lapak.market.shipping.adapters.signed import signed_updates
from lapak.market.shipping.quotes import Parcel, Quote, shipping_quote

CODE = "sandbox"


def sandbox_secret() -> str:
    """SHIPPING_WEBHOOK_SECRETS["sandbox"], or one derived from SECRET_KEY so the demo needs no setup."""
    configured = getattr(settings, "SHIPPING_WEBHOOK_SECRETS", {}).get(CODE)
    if configured:
        return configured
    return hmac.new(settings.SECRET_KEY.encode(), b"lapak.shipping.sandbox", hashlib.sha256).hexdigest()


class SandboxAdapter:
    def quote(self, *, origin_region: str, destination_region: str, parcels: Sequence[Parcel]) -> list[Quote]:
        quotes = shipping_quote(origin_region=origin_region, destination_region=destination_region, parcels=parcels)
        return [q for q in quotes if q.courier == CODE]

    def book(self, request: BookingRequest) -> BookingResult:
        number = "SBX" + "".join(secrets.choice("0123456789") for _ in range(12))
        return BookingResult(provider_reference=request.shipment_ref, tracking_number=number)

    def track(self, *, shipment_ref: str, tracking_number: str | None) -> list[TrackingUpdate]:
        return []  # the sandbox pushes every event; there is nothing more to pull

    def webhook_updates(self, *, headers: Mapping[str, str], body: bytes) -> list[TrackingUpdate]:
        return signed_updates(headers=headers, body=body, secret=sandbox_secret())
