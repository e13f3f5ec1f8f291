"""The shipping API under /api/v1/shipping/: couriers, rate quotes, and the couriers' tracking webhooks.

Couriers and quotes are public reads (a buyer sees rates before signing in). Webhooks authenticate the
courier, not a user: each provider's own scheme (HMAC signature, or KiriminAja's bearer token), so they take
no bearer token and no CSRF token, and are exempt from Idempotency-Key (a provider's event id already is one).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from lapak.core.errors import PayloadTooLarge, ValidationFailed
from lapak.market.shipping.selectors import couriers_active, shipping_quote
from lapak.market.shipping.tracking import tracking_webhook_receive

router = Router(tags=["shipping"])
_DIMENSIONS = re.compile(r"([1-9][0-9]{0,3})x([1-9][0-9]{0,3})x([1-9][0-9]{0,3})")


class ServiceOut(Schema):
    code: str
    name: str
    level: str


class CourierOut(Schema):
    code: str
    name: str
    services: list[ServiceOut]


class QuoteOut(Schema):
    courier: str
    courier_name: str
    service: str
    service_name: str
    level: str
    price: int
    chargeable_grams: int
    eta_min_days: int
    eta_max_days: int


class WebhookOut(Schema):
    received: int
    recorded: int


@router.get("/couriers", response=list[CourierOut], auth=None, summary="Active couriers and their services")
def couriers(request: HttpRequest) -> list[dict]:
    return [{"code": c.code, "name": c.name,
             "services": [{"code": s.code, "name": s.name, "level": s.level} for s in c.active_services]}
            for c in couriers_active()]


@router.get("/quote", response=list[QuoteOut], auth=None, summary="Rates for one parcel between two villages")
def quote(request: HttpRequest, origin: str, destination: str, weight: int, dimensions: str = "") -> list:
    """`weight` in grams; `dimensions` as `LxWxH` in millimetres (e.g. `300x200x100`), optional."""
    if dimensions:
        match = _DIMENSIONS.fullmatch(dimensions)
        if match is None:
            raise ValidationFailed(fields={"dimensions": [_("Write dimensions as LxWxH in mm, e.g. 300x200x100.")]})
        sides = tuple(int(side) for side in match.groups())
    else:
        sides = (1, 1, 1)
    if not 0 < weight <= 150_000:
        raise ValidationFailed(fields={"weight": [_("Enter the weight in grams, 1 to 150000.")]})
    return shipping_quote(origin_region=origin, destination_region=destination, parcels=[(weight, *sides)])


@router.post("/webhooks/{provider}", response=WebhookOut, auth=None, summary="Tracking events from a courier")
def webhook(request: HttpRequest, provider: str) -> dict:
    try:
        body = request.body
    except RequestDataTooBig as exc:
        raise PayloadTooLarge() from exc
    if len(body) > getattr(settings, "SHIPPING_WEBHOOK_MAX_BYTES", 64 * 1024):
        raise PayloadTooLarge()
    results = tracking_webhook_receive(provider=provider, headers=request.headers, body=body)
    return {"received": len(results), "recorded": sum(r.created for r in results)}
