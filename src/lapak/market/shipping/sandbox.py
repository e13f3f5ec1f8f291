"""The sandbox courier's road: every tick moves each sandbox shipment one step and posts the event to Lapak.

created -> picked_up -> in_transit -> delivered, one step per SHIPPING_SANDBOX_STEP_SECONDS (default 60).
Events go to SHIPPING_SANDBOX_WEBHOOK_URL signed like a real courier's, so the demo exercises the webhook
end to end; without a URL they are handed to the same webhook service in-process. The event id is the
shipment and the step, so a tick retried after a lost response is a harmless replay.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

import httpx
from django.conf import settings
from django.utils import timezone

from lapak.market.shipping.adapters.sandbox import CODE, sandbox_secret
from lapak.market.shipping.adapters.signed import SIGNATURE_HEADER, signature_for
from lapak.market.shipping.models import Shipment, ShipmentStatus
from lapak.market.shipping.tracking import tracking_webhook_receive

logger = logging.getLogger(__name__)
S = ShipmentStatus
NEXT = {S.CREATED: (S.PICKED_UP, "Paket diambil kurir"), S.PICKED_UP: (S.IN_TRANSIT, "Paket dalam perjalanan"),
        S.IN_TRANSIT: (S.DELIVERED, "Paket diterima")}
Deliver = Callable[[bytes, dict[str, str]], int]  # body, headers -> HTTP status


def _post(body: bytes, headers: dict[str, str]) -> int:
    url = getattr(settings, "SHIPPING_SANDBOX_WEBHOOK_URL", "")
    if url:
        return httpx.post(url, content=body, headers=headers, timeout=10).status_code
    tracking_webhook_receive(provider=CODE, headers=headers, body=body)
    return 200


def sandbox_event(shipment: Shipment, *, now: datetime) -> tuple[bytes, dict[str, str]] | None:
    """The signed delivery for the shipment's next step, or None when it has none."""
    step = NEXT.get(shipment.status)
    if step is None or not shipment.tracking_number:
        return None
    status, description = step
    body = json.dumps({"event_id": f"{shipment.public_id}:{status}", "tracking_number": shipment.tracking_number,
                       "status": status, "description": description, "location": shipment.destination_region
                       if status == S.DELIVERED else shipment.origin_region, "occurred_at": now.isoformat()}).encode()
    return body, {SIGNATURE_HEADER: signature_for(body, sandbox_secret()), "Content-Type": "application/json"}


def sandbox_tick(*, now: datetime | None = None, deliver: Deliver | None = None, limit: int = 200) -> int:
    """Posts the next event of every booked sandbox shipment whose step time has passed; returns how many."""
    now = now or timezone.now()
    step = timedelta(seconds=getattr(settings, "SHIPPING_SANDBOX_STEP_SECONDS", 60))
    due = Shipment.objects.filter(courier__code=CODE, status__in=list(NEXT), tracking_number__isnull=False,
                                  status_occurred_at__lte=now - step).order_by("pk")[:limit]
    sent = 0
    for shipment in due:
        event = sandbox_event(shipment, now=now)
        if event is None:
            continue
        try:
            status = (deliver or _post)(*event)
        except Exception:  # one shipment's failure must not stop the others; it is retried next tick
            logger.exception("Sandbox event for %s could not be delivered", shipment.public_id)
            continue
        sent += 200 <= status < 300
    return sent
