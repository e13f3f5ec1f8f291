"""The KiriminAja adapter driven through the official SDK, offline: an httpx transport answers from fixtures.

The SDK builds every request itself (paths, headers, JSON bodies); only the socket is replaced, so these tests
fail if the SDK's paths or our payloads change."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from django.test import override_settings

from lapak.core.errors import MalformedRequest, NotAuthenticated, ValidationFailed
from lapak.market.shipping.adapters.base import CourierUnavailable
from lapak.market.shipping.adapters.kiriminaja import KiriminAjaAdapter
from lapak.market.shipping.models import Shipment
from lapak.market.shipping.selectors import shipment_timeline
from lapak.market.shipping.shipments import shipment_book, shipment_create

FIXTURES = Path(__file__).parent / "fixtures" / "kiriminaja"
ROUTES = {
    "/api/mitra/v6.1/shipping_price": "shipping_price.json",
    "/api/mitra/v2/schedules": "schedules.json",
    "/api/mitra/v6.1/request_pickup": "request_pickup.json",
    "/api/mitra/tracking": "tracking.json",
}
DISTRICTS = {"31.71.01": 2101, "32.73.01": 1830}


def fixture(name: str, **values: str) -> bytes:
    text = (FIXTURES / name).read_text()
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text.encode()


def made_before_the_fixtures(shipment: Shipment) -> None:
    """The fixtures carry the courier's own dates; an event older than the shipment is rightly ignored as stale."""
    shipment.status_occurred_at = datetime(2026, 11, 28, 8, tzinfo=UTC)
    Shipment.objects.filter(pk=shipment.pk).update(status_occurred_at=shipment.status_occurred_at)


class Provider:
    """Answers like KiriminAja from fixtures and keeps every request it got."""

    def __init__(self, routes=None, **values):
        self.routes, self.values, self.requests = ROUTES if routes is None else routes, values, []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        name = self.routes.get(request.url.path)
        if name is None:
            return httpx.Response(404, json={"status": False, "text": "Not found"})
        return httpx.Response(200, content=fixture(name, **self.values), headers={"Content-Type": "application/json"})

    def adapter(self) -> KiriminAjaAdapter:
        client = httpx.Client(transport=httpx.MockTransport(self))
        return KiriminAjaAdapter(api_key="ka-key", base_url="https://tdev.kiriminaja.com", http_client=client,
                                 district_ids=DISTRICTS, callback_token="ka-callback")


def test_quote_sends_the_documented_request_and_reads_the_results(villages):
    provider = Provider()
    quotes = provider.adapter().quote(origin_region=villages["gambir"], destination_region=villages["bandung"],
                                      parcels=[(500, 400, 300, 200)])
    sent = provider.requests[0]
    assert sent.method == "POST" and sent.headers["Authorization"] == "Bearer ka-key"
    assert json.loads(sent.content) == {"origin": 2101, "destination": 1830, "weight": 4000, "item_value": 0,
                                        "insurance": 0, "courier": ["jne", "jnt", "sicepat", "anteraja"]}
    assert [(q.courier, q.service, q.level, q.price, q.eta_min_days, q.eta_max_days) for q in quotes] == [
        ("jnt", "EZ", "regular", 21000, 2, 4), ("jne", "REG23", "regular", 22000, 2, 3),
        ("jne", "YES23", "express", 44000, 1, 1)]  # trucking is left out


def test_an_area_without_a_kiriminaja_id_is_a_clear_error(villages):
    with pytest.raises(ValidationFailed) as caught:
        Provider().adapter().quote(origin_region=villages["medan"], destination_region=villages["bandung"],
                                   parcels=[(500, 1, 1, 1)])
    assert caught.value.code == "courier_area_unknown"


@pytest.mark.parametrize("routes", [{"/api/mitra/v6.1/shipping_price": "shipping_price_failed.json"}, {}])
def test_a_refusal_or_an_http_error_is_courier_unavailable(villages, routes):
    with pytest.raises(CourierUnavailable):
        Provider(routes).adapter().quote(origin_region=villages["gambir"], destination_region=villages["bandung"],
                                         parcels=[(500, 1, 1, 1)])


@pytest.mark.django_db
def test_booking_takes_a_pickup_slot_and_then_the_awb_arrives_by_callback(villages, couriers, contacts):
    shipment = shipment_create(seller_order_ref="so_1", courier_code="jne", service_code="REG",
                               origin_region=villages["gambir"], destination_region=villages["bandung"],
                               parcels=[(1000, 100, 100, 100)], actor="test")
    made_before_the_fixtures(shipment)
    provider = Provider(order_id=shipment.public_id)
    booked = shipment_book(shipment=shipment, sender=contacts[0], recipient=contacts[1],
                           parcels=[(1000, 100, 100, 100)], item_name="Kaos", item_value=50_000, actor="test",
                           adapter=provider.adapter())
    assert [r.url.path for r in provider.requests] == ["/api/mitra/v2/schedules", "/api/mitra/v6.1/request_pickup"]
    body = json.loads(provider.requests[1].content)
    assert body["schedule"] == "2026-11-28 14:00:00" and body["kecamatan_id"] == 2101
    package = body["packages"][0]
    assert (package["order_id"], package["service"], package["service_type"], package["destination_kecamatan_id"],
            package["shipping_cost"]) == (shipment.public_id, "jne", "REG", 1830, shipment.price)
    assert booked.tracking_number is None  # KiriminAja assigns the airway bill later

    from lapak.market.shipping.tracking import tracking_webhook_receive

    with override_settings(KIRIMINAJA_API_KEY="ka-key", KIRIMINAJA_CALLBACK_TOKEN="ka-callback"):
        for name in ("callback_processed.json", "callback_shipped.json", "callback_finished.json"):
            tracking_webhook_receive(provider="kiriminaja", headers={"Authorization": "Bearer ka-callback"},
                                     body=fixture(name, order_id=shipment.public_id, awb="JNE0012345678"))
    shipment = Shipment.objects.get(pk=shipment.pk)
    assert (shipment.tracking_number, shipment.status) == ("JNE0012345678", "delivered")
    assert [e.status for e in shipment_timeline(shipment)] == ["created", "in_transit", "delivered"]


def test_track_reads_the_history_and_skips_unknown_codes():
    updates = Provider(order_id="shp_X", awb="JNE1").adapter().track(shipment_ref="shp_X", tracking_number="JNE1")
    assert [(u.status, u.occurred_at) for u in updates] == [
        ("created", datetime(2026, 11, 28, 9, tzinfo=UTC)), ("picked_up", datetime(2026, 11, 28, 15, 10, tzinfo=UTC))]
    assert len({u.provider_event_id for u in updates}) == 2


@pytest.mark.parametrize("authorization", ["", "Bearer wrong", "Bearer ka-key", "Basic ka-callback",
                                           "Bearer ka-callback "])
def test_a_callback_without_the_callback_token_is_forged(authorization):
    body = fixture("callback_finished.json", order_id="shp_X")
    with pytest.raises(NotAuthenticated):
        Provider().adapter().webhook_updates(headers={"Authorization": authorization}, body=body)


@pytest.mark.parametrize("body", [b"{", b"[]", b'{"method": "teleported_packages", "data": []}',
                                  b'{"method": "finished_packages", "data": [{"order_id": "x"}]}',
                                  b'{"method": "finished_packages", "data": []}'])
def test_a_malformed_callback_is_refused(body):
    with pytest.raises(MalformedRequest):
        Provider().adapter().webhook_updates(headers={"Authorization": "Bearer ka-callback"}, body=body)


@pytest.mark.django_db
@override_settings(KIRIMINAJA_API_KEY="ka-key", KIRIMINAJA_CALLBACK_TOKEN="ka-callback")
def test_the_kiriminaja_webhook_endpoint(villages, couriers):
    from django.test import Client

    from lapak.market.shipping.models import TrackingEvent

    shipment = shipment_create(seller_order_ref="so_1", courier_code="jne", service_code="REG",
                               origin_region=villages["gambir"], destination_region=villages["bandung"],
                               parcels=[(1000, 100, 100, 100)], actor="test")
    made_before_the_fixtures(shipment)
    body = fixture("callback_shipped.json", order_id=shipment.public_id)
    client, path = Client(enforce_csrf_checks=True), "/api/v1/shipping/webhooks/kiriminaja"
    forged = client.post(path, data=body, content_type="application/json", headers={"Authorization": "Bearer ka-key"})
    assert forged.status_code == 401 and forged.json()["error"]["code"] == "webhook_signature_invalid"
    assert not TrackingEvent.objects.exists()
    # A sandbox-signed event naming a KiriminAja shipment's airway bill finds no sandbox shipment.
    from lapak.market.shipping.tests.support import event_body, signed_headers

    Shipment.objects.filter(pk=shipment.pk).update(tracking_number="JNE0012345678")
    shipment.tracking_number = "JNE0012345678"
    sandbox = event_body(shipment, "delivered", datetime(2030, 1, 1, tzinfo=UTC))
    assert client.post("/api/v1/shipping/webhooks/sandbox", data=sandbox, content_type="application/json",
                       headers=signed_headers(sandbox)).status_code == 404
    assert not TrackingEvent.objects.exists()
    genuine = client.post(path, data=body, content_type="application/json",
                          headers={"Authorization": "Bearer ka-callback"})
    assert genuine.status_code == 200 and genuine.json() == {"received": 1, "recorded": 1}
    assert Shipment.objects.get(pk=shipment.pk).status == "in_transit"
