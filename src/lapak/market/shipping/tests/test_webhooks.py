"""The tracking webhook: authenticated, idempotent, tolerant of order, and writing nothing for bad requests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client, override_settings

from lapak.core.audit.models import AuditEvent
from lapak.core.outbox.models import OutboxEvent
from lapak.market.shipping.models import Shipment, TrackingEvent
from lapak.market.shipping.selectors import shipment_timeline
from lapak.market.shipping.tests.support import booked_sandbox_shipment, event_body, post, signed_headers

pytestmark = pytest.mark.django_db
WEBHOOK_PREFIX = "/api/v1/shipping/webhooks/"
T0 = datetime(2030, 1, 1, 8, tzinfo=UTC)  # after the shipment was created


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)  # the webhook must work without a CSRF token


@pytest.fixture
def shipment(villages, couriers, contacts):
    return booked_sandbox_shipment(villages, contacts)


def _nothing_written(shipment):
    assert not TrackingEvent.objects.exists()
    assert Shipment.objects.get(pk=shipment.pk).status == "created"
    assert not AuditEvent.objects.filter(action="shipping.shipment.status_changed").exists()
    assert not OutboxEvent.objects.exists()


def test_a_signed_event_moves_the_shipment_and_is_audited(client, shipment):
    response = post(client, event_body(shipment, "picked_up", T0))
    assert response.status_code == 200, response.content
    assert response.json() == {"received": 1, "recorded": 1}
    assert Shipment.objects.get(pk=shipment.pk).status == "picked_up"
    audit = AuditEvent.objects.get(action="shipping.shipment.status_changed")
    assert (audit.subject_id, audit.before, audit.after["status"]) == (shipment.public_id, {"status": "created"},
                                                                      "picked_up")
    outbox = OutboxEvent.objects.get(topic="shipping.shipment.status_changed")
    assert (outbox.payload["seller_order_ref"], outbox.payload["status"]) == ("so_1", "picked_up")


@pytest.mark.parametrize("headers", [{}, {"X-Lapak-Signature": "sha256=00"}, "other-secret", "lowercase-name"])
def test_a_forged_or_unsigned_event_is_refused_and_writes_nothing(client, shipment, headers):
    body = event_body(shipment, "delivered", T0)
    if headers == "other-secret":
        headers = signed_headers(body, secret="not-the-secret")
    elif headers == "lowercase-name":
        headers = {"x-lapak-signature": signed_headers(body)["X-Lapak-Signature"].upper()}
    response = post(client, body, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "webhook_signature_invalid"
    _nothing_written(shipment)


def test_a_signature_over_another_body_is_refused(client, shipment):
    signed = event_body(shipment, "picked_up", T0)
    response = post(client, event_body(shipment, "delivered", T0), headers=signed_headers(signed))
    assert response.status_code == 401
    _nothing_written(shipment)


def test_a_replay_is_acknowledged_and_ignored(client, shipment):
    body = event_body(shipment, "picked_up", T0, event_id="ev-1")
    assert post(client, body).json() == {"received": 1, "recorded": 1}
    assert post(client, body).json() == {"received": 1, "recorded": 0}
    # The same id with other content is still the same provider event.
    assert post(client, event_body(shipment, "delivered", T0, event_id="ev-1")).json()["recorded"] == 0
    assert TrackingEvent.objects.count() == 1
    assert Shipment.objects.get(pk=shipment.pk).status == "picked_up"
    assert AuditEvent.objects.filter(action="shipping.shipment.status_changed").count() == 1


def test_a_late_event_joins_the_timeline_but_does_not_move_the_status_back(client, shipment):
    post(client, event_body(shipment, "delivered", T0 + timedelta(hours=5)))
    post(client, event_body(shipment, "in_transit", T0 + timedelta(hours=2)))  # older, arriving late
    post(client, event_body(shipment, "in_transit", T0 + timedelta(hours=6)))  # newer, but delivered is final
    post(client, event_body(shipment, "picked_up", T0 + timedelta(hours=1)))
    shipment.refresh_from_db()
    assert shipment.status == "delivered"
    timeline = shipment_timeline(shipment)
    assert [(e.status, e.applied) for e in timeline] == [
        ("picked_up", False), ("in_transit", False), ("delivered", True), ("in_transit", False)]


def test_an_older_event_does_not_overtake_a_newer_one_before_delivery(client, shipment):
    post(client, event_body(shipment, "in_transit", T0 + timedelta(hours=2)))
    post(client, event_body(shipment, "failed", T0 + timedelta(hours=1)))  # failed earlier, since resolved
    assert Shipment.objects.get(pk=shipment.pk).status == "in_transit"


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe", b"[]", b'{"event_id": "x"}', "status", "time"])
def test_a_malformed_but_signed_body_is_refused_and_writes_nothing(client, shipment, body):
    if body == "status":
        body = event_body(shipment, "teleported", T0)
    elif body == "time":
        body = event_body(shipment, "picked_up", T0).replace(b"+00:00", b"")  # no time zone
    response = post(client, body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_request"
    _nothing_written(shipment)


def test_an_unknown_tracking_number_is_not_found(client, shipment):
    body = event_body(shipment, "picked_up", T0).replace(shipment.tracking_number.encode(), b"SBX000000000000")
    assert post(client, body).status_code == 404
    _nothing_written(shipment)


def test_an_unknown_provider_is_not_found(client, shipment):
    body = event_body(shipment, "picked_up", T0)
    assert post(client, body, path="/api/v1/shipping/webhooks/jne").status_code == 404
    _nothing_written(shipment)


@pytest.mark.parametrize("size", [100 * 1024, 300 * 1024])
def test_a_huge_body_is_refused_before_anything_is_written(client, shipment, size):
    body = event_body(shipment, "picked_up", T0, padding="x" * size)
    response = post(client, body)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    _nothing_written(shipment)


def test_a_configured_secret_replaces_the_derived_one(client, shipment):
    body = event_body(shipment, "picked_up", T0)
    derived = signed_headers(body)
    with override_settings(SHIPPING_WEBHOOK_SECRETS={"sandbox": "configured-secret"}):
        assert post(client, body, headers=derived).status_code == 401
        assert post(client, body, headers=signed_headers(body, secret="configured-secret")).status_code == 200


def test_a_forged_call_cannot_poison_an_idempotency_key_for_the_real_one(shipment):
    # Idempotency keys are scoped by caller and fingerprinted without headers: a forger who sends the real body
    # with a bad signature and the provider's key first would get a stored 401 replayed to the provider.
    # The webhook path is therefore exempt (IDEMPOTENCY_EXEMPT_PATHS); the provider's event id deduplicates.
    body = event_body(shipment, "picked_up", T0)
    with override_settings(IDEMPOTENCY_EXEMPT_PATHS=(*settings.IDEMPOTENCY_EXEMPT_PATHS, WEBHOOK_PREFIX)):
        client = Client(enforce_csrf_checks=True)
        forged = post(client, body, headers={"X-Lapak-Signature": "sha256=00", "Idempotency-Key": "k1"})
        genuine = post(client, body, headers={**signed_headers(body), "Idempotency-Key": "k1"})
    assert (forged.status_code, genuine.status_code) == (401, 200)
    assert genuine.json()["recorded"] == 1 and "Idempotent-Replayed" not in genuine.headers
