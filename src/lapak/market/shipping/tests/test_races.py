"""Two deliveries of the same tracking event at the same moment: exactly one is recorded."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lapak.core.audit.models import AuditEvent
from lapak.core.testing import race
from lapak.market.shipping.models import Shipment, TrackingEvent
from lapak.market.shipping.tests.support import booked_sandbox_shipment, event_body, signed_headers
from lapak.market.shipping.tracking import tracking_webhook_receive

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_event_delivered_twice_at_once_is_recorded_once(racing_db, villages, couriers, contacts):
    shipment = booked_sandbox_shipment(villages, contacts)
    body = event_body(shipment, "picked_up", datetime(2030, 1, 1, tzinfo=UTC), event_id="ev-race")
    headers = signed_headers(body)
    outcomes = race(*[lambda: tracking_webhook_receive(provider="sandbox", headers=headers, body=body)] * 4)
    assert all(isinstance(o, list) for o in outcomes), outcomes
    assert sorted(o[0].created for o in outcomes) == [False, False, False, True]
    assert TrackingEvent.objects.filter(provider_event_id="ev-race").count() == 1
    assert AuditEvent.objects.filter(action="shipping.shipment.status_changed").count() == 1
    assert Shipment.objects.get(pk=shipment.pk).status == "picked_up"


def test_two_different_events_at_once_both_land_and_the_status_is_the_newest(racing_db, villages, couriers,
                                                                              contacts):
    shipment = booked_sandbox_shipment(villages, contacts)
    bodies = [event_body(shipment, status, datetime(2030, 1, 1, hour, tzinfo=UTC))
              for status, hour in (("in_transit", 9), ("delivered", 12))]
    outcomes = race(*[lambda b=b: tracking_webhook_receive(provider="sandbox", headers=signed_headers(b), body=b)
                      for b in bodies])
    assert all(isinstance(o, list) for o in outcomes), outcomes
    assert TrackingEvent.objects.count() == 2
    assert Shipment.objects.get(pk=shipment.pk).status == "delivered"
