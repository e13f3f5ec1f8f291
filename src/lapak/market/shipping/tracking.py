"""Applying tracking events: the one place a shipment's status changes.

Status moves only forward along TRANSITIONS, and only on an event at least as recent as the one that set the
current status; any other event (a late "in_transit" after "delivered", a repeat) joins the timeline without
moving the status. A provider's event id is unique per courier, so a replayed delivery is acknowledged and
ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import NotFound
from lapak.core.outbox.services import outbox_emit
from lapak.market.shipping.adapters.base import TrackingUpdate
from lapak.market.shipping.adapters.registry import adapter_for
from lapak.market.shipping.models import Shipment, ShipmentStatus, TrackingEvent

S = ShipmentStatus
# Orders subscribe to this to move a seller order to shipped/delivered (no signals: an outbox event after commit).
STATUS_CHANGED_TOPIC = "shipping.shipment.status_changed"
TRANSITIONS: Mapping[str, frozenset[str]] = {
    S.CREATED: frozenset({S.PICKED_UP, S.IN_TRANSIT, S.DELIVERED, S.FAILED}),
    S.PICKED_UP: frozenset({S.IN_TRANSIT, S.DELIVERED, S.FAILED}),
    S.IN_TRANSIT: frozenset({S.DELIVERED, S.FAILED, S.RETURNED}),
    S.FAILED: frozenset({S.IN_TRANSIT, S.DELIVERED, S.RETURNED}),  # a failed attempt may be retried or returned
    S.DELIVERED: frozenset(),
    S.RETURNED: frozenset(),
}


@dataclass(frozen=True)
class RecordResult:
    event: TrackingEvent
    created: bool  # False: this provider event was already recorded (a replay)
    applied: bool  # True: it changed the shipment's status


def tracking_event_record(*, shipment: Shipment, update: TrackingUpdate, actor: str) -> RecordResult:
    """Records one tracking event for a shipment and applies it to the status when it may.

    Guarantees: each (courier, provider event id) is recorded at most once, also under concurrent deliveries
    (the shipment row is locked, and the unique constraint backs it up); a status change is audited in the same
    transaction, with an outbox event (STATUS_CHANGED_TOPIC) delivered after commit; a tracking number the
    shipment lacks is taken from the event.
    """
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        existing = TrackingEvent.objects.filter(courier_id=locked.courier_id,
                                                provider_event_id=update.provider_event_id).first()
        if existing is not None:
            return RecordResult(event=existing, created=False, applied=False)
        applies = update.status in TRANSITIONS[locked.status] and update.occurred_at >= locked.status_occurred_at
        try:
            with transaction.atomic():
                event = TrackingEvent.objects.create(
                    shipment=locked, courier_id=locked.courier_id, provider_event_id=update.provider_event_id,
                    status=update.status, description=update.description, location=update.location,
                    occurred_at=update.occurred_at, applied=applies)
        except IntegrityError:
            event = TrackingEvent.objects.get(courier_id=locked.courier_id, provider_event_id=update.provider_event_id)
            return RecordResult(event=event, created=False, applied=False)
        fields = []
        if update.tracking_number and not locked.tracking_number:
            locked.tracking_number = update.tracking_number
            fields.append("tracking_number")
        if applies:
            before = locked.status
            locked.status, locked.status_occurred_at = update.status, update.occurred_at
            fields += ["status", "status_occurred_at"]
            audit_append(actor=actor, action="shipping.shipment.status_changed", subject_type="shipment",
                         subject_id=locked.public_id, before={"status": before},
                         after={"status": update.status, "event": update.provider_event_id,
                                "occurred_at": update.occurred_at})
            outbox_emit(topic=STATUS_CHANGED_TOPIC, payload={
                "shipment": locked.public_id, "seller_order_ref": locked.seller_order_ref, "status": update.status,
                "previous_status": before, "occurred_at": update.occurred_at.isoformat(),
                "tracking_number": locked.tracking_number})
        if fields:
            locked.save(update_fields=fields)
    return RecordResult(event=event, created=True, applied=applies)


def _shipment_for(provider: str, update: TrackingUpdate) -> Shipment:
    shipments = Shipment.objects.select_related("courier").filter(courier__booking=provider)
    if update.shipment_ref:
        found = shipments.filter(public_id=update.shipment_ref).first()
    else:
        found = shipments.filter(tracking_number=update.tracking_number).first()
    if found is None:
        raise NotFound(_("There is no shipment with this tracking number."), code="shipment_not_found")
    return found


def tracking_webhook_receive(*, provider: str, headers: Mapping[str, str], body: bytes) -> list[RecordResult]:
    """Authenticates one webhook delivery from a booking provider and records its events.

    Guarantees: nothing is written unless the delivery is authentic (per the provider's scheme) and every
    event in it is well formed and names a known shipment of that provider; all of its events are recorded
    in one transaction.
    """
    updates = adapter_for(provider).webhook_updates(headers=headers, body=body)
    targets = [(_shipment_for(provider, update), update) for update in updates]
    actor = f"system:webhook:{provider}"
    with transaction.atomic():
        return [tracking_event_record(shipment=shipment, update=update, actor=actor) for shipment, update in targets]
