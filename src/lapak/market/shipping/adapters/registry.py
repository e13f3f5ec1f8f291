"""Which adapter books and tracks a courier's shipments (Courier.booking), built from settings."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import Conflict, NotFound
from lapak.market.shipping.adapters.base import CourierAdapter
from lapak.market.shipping.adapters.kiriminaja import KiriminAjaAdapter
from lapak.market.shipping.adapters.sandbox import SandboxAdapter
from lapak.market.shipping.models import Booking

KIRIMINAJA_DISTRICTS_FILE = Path(__file__).resolve().parents[1] / "data" / "kiriminaja_districts.json"


def kiriminaja_adapter(*, http_client: httpx.Client | None = None) -> KiriminAjaAdapter:
    """From KIRIMINAJA_API_KEY, KIRIMINAJA_BASE_URL, KIRIMINAJA_CALLBACK_TOKEN (default: the API key)."""
    api_key = getattr(settings, "KIRIMINAJA_API_KEY", "")
    if not api_key:
        raise Conflict(_("Booking with this courier is not set up."), code="courier_booking_unavailable")
    with KIRIMINAJA_DISTRICTS_FILE.open(encoding="utf-8") as handle:
        districts = {code: int(ka_id) for code, ka_id in json.load(handle)["districts"].items()}
    return KiriminAjaAdapter(
        api_key=api_key, base_url=getattr(settings, "KIRIMINAJA_BASE_URL", "https://tdev.kiriminaja.com"),
        http_client=http_client or httpx.Client(timeout=10), district_ids=districts,
        callback_token=getattr(settings, "KIRIMINAJA_CALLBACK_TOKEN", "") or api_key)


def adapter_for(provider: str) -> CourierAdapter:
    """The adapter for a booking provider ("sandbox", "kiriminaja"); NotFound for any other name."""
    if provider == Booking.SANDBOX:
        return SandboxAdapter()
    if provider == Booking.KIRIMINAJA:
        return kiriminaja_adapter()
    raise NotFound(_("There is no such courier webhook."), code="courier_not_found")
