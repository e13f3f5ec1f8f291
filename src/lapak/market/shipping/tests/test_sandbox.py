"""The sandbox courier end to end: booked, then moved along by ticks that post signed events to the webhook."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings

from lapak.core.errors import Conflict
from lapak.core.tasks.periodic import periodic_jobs
from lapak.market.shipping.models import Shipment
from lapak.market.shipping.sandbox import sandbox_tick
from lapak.market.shipping.selectors import shipment_timeline
from lapak.market.shipping.shipments import shipment_book
from lapak.market.shipping.tests.support import WEBHOOK, booked_sandbox_shipment

pytestmark = pytest.mark.django_db


@pytest.fixture
def via_webhook():
    """Delivers each sandbox event as an HTTP POST to the webhook view, and keeps the answers."""
    client, answers = Client(enforce_csrf_checks=True), []

    def deliver(body, headers):
        response = client.post(WEBHOOK, data=body, content_type="application/json", headers=headers)
        answers.append(response.json())
        return response.status_code

    deliver.answers = answers
    return deliver


def test_a_sandbox_shipment_goes_from_pickup_to_delivered(villages, couriers, contacts, via_webhook):
    shipment = booked_sandbox_shipment(villages, contacts)
    assert shipment.tracking_number.startswith("SBX") and shipment.status == "created"
    start = shipment.status_occurred_at
    assert sandbox_tick(now=start + timedelta(seconds=30), deliver=via_webhook) == 0  # its step time has not come
    seen = []
    for minute in (1, 2, 3):
        assert sandbox_tick(now=start + timedelta(minutes=minute, seconds=1), deliver=via_webhook) == 1
        seen.append(Shipment.objects.get(pk=shipment.pk).status)
    assert seen == ["picked_up", "in_transit", "delivered"]
    assert sandbox_tick(now=start + timedelta(hours=1), deliver=via_webhook) == 0  # delivered is the end
    assert [e.status for e in shipment_timeline(shipment)] == ["picked_up", "in_transit", "delivered"]
    assert via_webhook.answers == [{"received": 1, "recorded": 1}] * 3


def test_a_tick_retried_after_a_lost_answer_is_a_harmless_replay(villages, couriers, contacts, via_webhook):
    shipment = booked_sandbox_shipment(villages, contacts)
    later = shipment.status_occurred_at + timedelta(minutes=5)

    def lost(body, headers):  # the webhook got it, but the answer never came back
        via_webhook(body, headers)
        raise TimeoutError

    assert sandbox_tick(now=later, deliver=lost) == 0
    Shipment.objects.filter(pk=shipment.pk).update(status="created")  # as if the first delivery had not applied
    assert sandbox_tick(now=later + timedelta(minutes=5), deliver=via_webhook) == 1
    assert len(via_webhook.answers) == 2 and via_webhook.answers[-1] == {"received": 1, "recorded": 0}
    assert len(shipment_timeline(shipment)) == 1


@override_settings(SHIPPING_SANDBOX_STEP_SECONDS=0, SHIPPING_SANDBOX_WEBHOOK_URL="")
def test_the_periodic_task_runs_the_demo_in_process(villages, couriers, contacts):
    from lapak.market.shipping.tasks import sandbox_tick_task

    assert "shipping.sandbox" in {job.name for job in periodic_jobs()}
    shipment = booked_sandbox_shipment(villages, contacts)
    for _ in range(3):
        sandbox_tick_task.enqueue()  # the test task backend runs it at once
    assert Shipment.objects.get(pk=shipment.pk).status == "delivered"


def test_an_unbooked_shipment_does_not_move(villages, couriers, contacts, via_webhook):
    from lapak.market.shipping.shipments import shipment_create

    shipment = shipment_create(seller_order_ref="so_9", courier_code="sandbox", service_code="REG",
                               origin_region=villages["gambir"], destination_region=villages["bandung"],
                               parcels=[(1000, 100, 100, 100)], actor="test")
    assert sandbox_tick(now=shipment.status_occurred_at + timedelta(hours=1), deliver=via_webhook) == 0


def test_booking_twice_is_a_conflict_and_keeps_the_first_airway_bill(villages, couriers, contacts):
    shipment = booked_sandbox_shipment(villages, contacts)
    with pytest.raises(Conflict):
        shipment_book(shipment=shipment, sender=contacts[0], recipient=contacts[1], parcels=[(1000, 1, 1, 1)],
                      item_name="Kaos", item_value=1, actor="test")
    assert Shipment.objects.get(pk=shipment.pk).tracking_number == shipment.tracking_number


def test_a_failed_booking_releases_the_claim(villages, couriers, contacts):
    from lapak.market.shipping.adapters.base import CourierUnavailable
    from lapak.market.shipping.adapters.sandbox import SandboxAdapter
    from lapak.market.shipping.shipments import shipment_create

    class Down(SandboxAdapter):
        def book(self, request):
            raise CourierUnavailable()

    shipment = shipment_create(seller_order_ref="so_2", courier_code="sandbox", service_code="REG",
                               origin_region=villages["gambir"], destination_region=villages["bandung"],
                               parcels=[(1000, 100, 100, 100)], actor="test")
    kwargs = dict(sender=contacts[0], recipient=contacts[1], parcels=[(1000, 1, 1, 1)], item_name="Kaos",
                  item_value=1, actor="test")
    with pytest.raises(CourierUnavailable):
        shipment_book(shipment=shipment, adapter=Down(), **kwargs)
    assert shipment_book(shipment=shipment, **kwargs).tracking_number


def test_a_kiriminaja_courier_without_an_api_key_cannot_be_booked(villages, couriers, contacts):
    from lapak.market.shipping.shipments import shipment_create

    shipment = shipment_create(seller_order_ref="so_3", courier_code="jne", service_code="REG",
                               origin_region=villages["gambir"], destination_region=villages["bandung"],
                               parcels=[(1000, 100, 100, 100)], actor="test")
    with override_settings(KIRIMINAJA_API_KEY=""), pytest.raises(Conflict) as caught:
        shipment_book(shipment=shipment, sender=contacts[0], recipient=contacts[1], parcels=[(1000, 1, 1, 1)],
                      item_name="Kaos", item_value=1, actor="test")
    assert caught.value.code == "courier_booking_unavailable"
    assert Shipment.objects.get(pk=shipment.pk).booking_claimed_at is None
