"""The admin shows outbox events and idempotency keys read-only; dead events can be retried."""

import pytest
from django.urls import reverse

from lapak.core.idempotency.models import IdempotencyKey
from lapak.core.outbox.models import OutboxEvent
from lapak.core.outbox.tests.conftest import TOPIC

pytestmark = pytest.mark.django_db


def test_retry_action_revives_only_dead_events(admin_client, inbox, django_capture_on_commit_callbacks):
    dead = OutboxEvent.objects.create(topic=TOPIC, payload={"n": 1}, status=OutboxEvent.Status.DEAD, attempts=10)
    delivered = OutboxEvent.objects.create(topic=TOPIC, status=OutboxEvent.Status.DELIVERED, attempts=1)
    url = reverse("admin:outbox_outboxevent_changelist")
    assert admin_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"action": "retry_dead", "_selected_action": [dead.pk, delivered.pk]}, follow=True
        )
    assert response.status_code == 200
    dead.refresh_from_db()
    delivered.refresh_from_db()
    assert dead.status == OutboxEvent.Status.DELIVERED
    assert inbox.received == [(dead.pk, {"n": 1})]
    assert delivered.attempts == 1


def test_events_and_keys_are_read_only(admin_client):
    event = OutboxEvent.objects.create(topic=TOPIC)
    key = IdempotencyKey.objects.create(scope="anon:x", key="k", fingerprint="f" * 64, method="POST", path="/api/x")
    for model, obj in (("outbox_outboxevent", event), ("idempotency_idempotencykey", key)):
        assert admin_client.get(reverse(f"admin:{model}_changelist")).status_code == 200
        assert admin_client.get(reverse(f"admin:{model}_change", args=[obj.pk])).status_code == 200
        assert admin_client.get(reverse(f"admin:{model}_add")).status_code == 403
        assert admin_client.post(reverse(f"admin:{model}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
    assert OutboxEvent.objects.filter(pk=event.pk).exists()
    assert IdempotencyKey.objects.filter(pk=key.pk).exists()
