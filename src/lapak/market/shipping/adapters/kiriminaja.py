"""KiriminAja (an aggregator that books JNE, J&T, SiCepat, AnterAja and others) through its official SDK.

The SDK (`kiriminaja` on PyPI) takes any `httpx.Client` as its HTTP layer (`http_client=`), so production
passes a client with timeouts and tests pass one whose transport answers from JSON fixtures: the SDK's own
request building and response handling run, only the socket is replaced.

KiriminAja identifies areas by its own kecamatan (district) ids; `district_ids` maps our district codes
("31.71.01") to them. Its callbacks carry `Authorization: Bearer <token>` (the token set for the account),
which is the only authentication it documents; we compare it in constant time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx
from django.utils.translation import gettext_lazy as _
from kiriminaja import KiriminAja, PricingExpressPayload, RequestPickupPackage, RequestPickupPayload
from kiriminaja.http import HttpError

from lapak.core.errors import MalformedRequest, ValidationFailed
from lapak.market.shipping.adapters.base import (
    BookingRequest,
    BookingResult,
    CourierUnavailable,
    TrackingUpdate,
    forged,
    secrets_match,
)
from lapak.market.shipping.models import ServiceLevel, ShipmentStatus
from lapak.market.shipping.quotes import Parcel, Quote

# KiriminAja's volumetric rule for regular parcels: cm³ / 6 grams, i.e. mm³ / 6000 grams.
VOLUMETRIC_DIVISOR = 6000
_GROUPS = {"regular": ServiceLevel.REGULAR, "express": ServiceLevel.EXPRESS, "next_day": ServiceLevel.EXPRESS,
           "same_day": ServiceLevel.SAME_DAY, "instant": ServiceLevel.SAME_DAY}
_CALLBACKS = {  # callback method -> (status, field holding the time it happened)
    "processed_packages": (ShipmentStatus.CREATED, "date"),
    "shipped_packages": (ShipmentStatus.IN_TRANSIT, "shipped_at"),
    "finished_packages": (ShipmentStatus.DELIVERED, "finished_at"),
    "returned_packages": (ShipmentStatus.RETURNED, "returned_at"),
    "canceled_packages": (ShipmentStatus.FAILED, "canceled_at"),
}


def _time(raw: object) -> datetime:
    # KiriminAja sends both "2022-05-05 00:00:00" (WIB is not stated; we read it as UTC) and ISO with Z.
    if not isinstance(raw, str) or not raw:
        raise ValueError("no time")
    moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class KiriminAjaAdapter:
    def __init__(self, *, api_key: str, base_url: str, http_client: httpx.Client, district_ids: Mapping[str, int],
                 callback_token: str, couriers: Sequence[str] = ("jne", "jnt", "sicepat", "anteraja")) -> None:
        self._client = KiriminAja(api_key=api_key, base_url=base_url, http_client=http_client)
        self._district_ids = district_ids
        self._callback_token = callback_token
        self._couriers = list(couriers)

    def _district(self, village: str, field: str) -> int:
        district = self._district_ids.get(village[:8])
        if district is None:
            raise ValidationFailed(code="courier_area_unknown",
                                   fields={field: [_("The courier does not serve this area.")]})
        return district

    def _call(self, method: Callable[..., Any], *args: object) -> dict:
        try:
            data = method(*args)
        except (HttpError, httpx.HTTPError, json.JSONDecodeError) as exc:
            raise CourierUnavailable() from exc
        if not isinstance(data, dict) or data.get("status") is not True:
            raise CourierUnavailable()
        return data

    def quote(self, *, origin_region: str, destination_region: str, parcels: Sequence[Parcel]) -> list[Quote]:
        grams = sum(max(w, -(-(ln * wd * h) // VOLUMETRIC_DIVISOR)) for w, ln, wd, h in parcels)
        payload = PricingExpressPayload(origin=self._district(origin_region, "origin"),
                                        destination=self._district(destination_region, "destination"),
                                        weight=grams, item_value=0, insurance=0, courier=self._couriers)
        data = self._call(self._client.coverage_area.pricing_express, payload)
        quotes = []
        for row in data.get("results") or []:
            level = _GROUPS.get(str(row.get("group", "")))
            if level is None:
                continue  # trucking and cargo are not parcels
            low, _sep, high = str(row.get("etd", "")).partition("-")
            eta_min = int(low) if low.strip().isdigit() else 0
            eta_max = int(high) if high.strip().isdigit() else eta_min
            quotes.append(Quote(courier=str(row["service"]), courier_name=str(row.get("service_name", "")),
                                service=str(row["service_type"]), service_name=str(row.get("service_name", "")),
                                level=level, price=int(row["cost"]), chargeable_grams=grams,
                                eta_min_days=eta_min, eta_max_days=eta_max))
        return sorted(quotes, key=lambda q: (q.price, q.courier, q.service))

    def book(self, request: BookingRequest) -> BookingResult:
        schedules = self._call(self._client.pickup.schedules)
        schedule = (schedules.get("schedules") or [{}])[0].get("clock")
        if not schedule:
            raise CourierUnavailable(_("The courier has no pickup time available."))
        grams = sum(max(w, -(-(ln * wd * h) // VOLUMETRIC_DIVISOR)) for w, ln, wd, h in request.parcels)
        length, width, height = (max(p[i] for p in request.parcels) // 10 or 1 for i in (1, 2, 3))
        package = RequestPickupPackage(
            order_id=request.shipment_ref, destination_name=request.recipient.name,
            destination_phone=request.recipient.phone, destination_address=request.recipient.address,
            destination_kecamatan_id=self._district(request.recipient.region, "recipient"), weight=grams,
            width=width, length=length, height=height, item_value=request.item_value,
            shipping_cost=request.shipping_cost, service=request.courier_code, service_type=request.service_code,
            cod=request.cod_amount, package_type_id=1, item_name=request.item_name)
        payload = RequestPickupPayload(address=request.sender.address, phone=request.sender.phone,
                                       name=request.sender.name,
                                       kecamatan_id=self._district(request.sender.region, "sender"),
                                       packages=[package], schedule=schedule, platform_name="Lapak")
        data = self._call(self._client.order.express.request_pickup, payload)
        detail = (data.get("details") or [{}])[0]
        return BookingResult(provider_reference=str(data.get("pickup_number") or request.shipment_ref),
                             tracking_number=detail.get("awb") or None)

    def track(self, *, shipment_ref: str, tracking_number: str | None) -> list[TrackingUpdate]:
        data = self._call(self._client.order.express.track, shipment_ref)
        updates = []
        for row in data.get("histories") or []:
            status = _history_status(int(row.get("status_code", 0)))
            if status is None:
                continue
            occurred_at = _time(row.get("created_at"))
            updates.append(TrackingUpdate(
                provider_event_id=f"track:{shipment_ref}:{row.get('status_code')}:{occurred_at.isoformat()}",
                shipment_ref=shipment_ref, tracking_number=tracking_number, status=status,
                occurred_at=occurred_at, description=str(row.get("status", ""))[:300]))
        return updates

    def webhook_updates(self, *, headers: Mapping[str, str], body: bytes) -> list[TrackingUpdate]:
        scheme, _sep, token = headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not secrets_match(token, self._callback_token):
            raise forged()
        try:
            data = json.loads(body)
            status, time_field = _CALLBACKS[data["method"]]
            rows = data["data"]
            if not isinstance(rows, list) or not rows:
                raise ValueError("no rows")
            # KiriminAja sends no event id: the method, order and time identify one event.
            return [TrackingUpdate(
                provider_event_id=f"{data['method']}:{row['order_id']}:{_time(row.get(time_field)).isoformat()}"[:128],
                shipment_ref=str(row["order_id"]), tracking_number=(row.get("awb") or None), status=status,
                occurred_at=_time(row.get(time_field)), description=str(row.get("reason") or data["method"])[:300],
            ) for row in rows]
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise MalformedRequest(_("This is not a KiriminAja callback Lapak understands.")) from exc


def _history_status(code: int) -> str | None:
    # Tracking history status codes as documented for express orders (1xx: in KiriminAja's pipeline).
    return {100: ShipmentStatus.CREATED, 101: ShipmentStatus.PICKED_UP, 103: ShipmentStatus.IN_TRANSIT,
            104: ShipmentStatus.IN_TRANSIT, 105: ShipmentStatus.IN_TRANSIT, 200: ShipmentStatus.DELIVERED,
            300: ShipmentStatus.RETURNED}.get(code)
