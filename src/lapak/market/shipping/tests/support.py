"""Helpers for the shipping tests: a booked sandbox shipment, and signed webhook deliveries."""

from __future__ import annotations

import json
from datetime import datetime

from lapak.market.shipping.adapters.sandbox import sandbox_secret
from lapak.market.shipping.adapters.signed import SIGNATURE_HEADER, signature_for
from lapak.market.shipping.shipments import shipment_book, shipment_create

WEBHOOK = "/api/v1/shipping/webhooks/sandbox"


def booked_sandbox_shipment(villages, contacts, ref="so_1"):
    shipment = shipment_create(seller_order_ref=ref, courier_code="sandbox", service_code="REG",
                               origin_region=villages["gambir"], destination_region=villages["bandung"],
                               parcels=[(1000, 100, 100, 100)], actor="test")
    return shipment_book(shipment=shipment, sender=contacts[0], recipient=contacts[1],
                         parcels=[(1000, 100, 100, 100)], item_name="Kaos", item_value=50_000, actor="test")


def event_body(shipment, status, occurred_at: datetime, event_id=None, **extra) -> bytes:
    return json.dumps({"event_id": event_id or f"ev-{status}-{occurred_at.isoformat()}",
                       "tracking_number": shipment.tracking_number, "status": status, "description": status,
                       "location": "Jakarta", "occurred_at": occurred_at.isoformat(), **extra}).encode()


def signed_headers(body: bytes, secret: str | None = None) -> dict[str, str]:
    return {SIGNATURE_HEADER: signature_for(body, secret or sandbox_secret())}


def post(client, body: bytes, headers: dict[str, str] | None = None, path: str = WEBHOOK):
    return client.post(path, data=body, content_type="application/json",
                       headers=signed_headers(body) if headers is None else headers)
