"""Lapak's own webhook format, signed with HMAC-SHA256 of the raw body (the sandbox courier speaks it).

Headers: `X-Lapak-Signature: sha256=<hex>`. Body::

    {"event_id": "...", "tracking_number": "...", "status": "in_transit", "description": "...",
     "location": "...", "occurred_at": "2026-11-28T08:00:00Z"}
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import MalformedRequest
from lapak.market.shipping.adapters.base import TrackingUpdate, forged, secrets_match
from lapak.market.shipping.models import ShipmentStatus

SIGNATURE_HEADER = "X-Lapak-Signature"


def signature_for(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def signed_updates(*, headers: Mapping[str, str], body: bytes, secret: str) -> list[TrackingUpdate]:
    """The one update in a signed delivery. The signature is checked before the body is even parsed."""
    if not secret or not secrets_match(headers.get(SIGNATURE_HEADER, ""), signature_for(body, secret)):
        raise forged()
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedRequest() from exc
    texts = ("event_id", "tracking_number", "status", "occurred_at")
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) and data[k] for k in texts):
        raise MalformedRequest(_("A tracking event needs event_id, tracking_number, status and occurred_at."))
    try:
        occurred_at = datetime.fromisoformat(data["occurred_at"])
    except ValueError as exc:
        raise MalformedRequest(_("occurred_at is not an ISO 8601 time.")) from exc
    if data["status"] not in ShipmentStatus.values or occurred_at.tzinfo is None or len(data["event_id"]) > 128:
        raise MalformedRequest(_("The tracking event has an unknown status, a time without zone or a long id."))
    return [TrackingUpdate(provider_event_id=data["event_id"], tracking_number=data["tracking_number"][:64],
                           status=data["status"], occurred_at=occurred_at,
                           description=str(data.get("description") or "")[:300],
                           location=str(data.get("location") or "")[:120])]
