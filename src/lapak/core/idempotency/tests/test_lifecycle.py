"""Idempotency keys over time: abandoned claims, expiry, cleanup; and the real API behind the middleware."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.core.idempotency.models import IdempotencyKey
from lapak.core.idempotency.services import idempotency_keys_purge, idempotency_lock_timeout, idempotency_ttl
from lapak.core.idempotency.tasks import idempotency_cleanup
from lapak.core.idempotency.tests.test_middleware import ECHO, post
from lapak.core.idempotency.tests.urls import recorder

pytestmark = [pytest.mark.urls("lapak.core.idempotency.tests.urls")]


@pytest.fixture(autouse=True)
def _reset_recorder():
    recorder.reset()


def _row(**fields):
    now = timezone.now()
    defaults = {
        "scope": "anon:x", "key": "key-1", "fingerprint": "f" * 64, "method": "POST", "path": ECHO,
        "created_at": now, "locked_at": now,
    }
    return IdempotencyKey.objects.create(**{**defaults, **fields})


@pytest.mark.django_db
def test_a_claim_abandoned_past_the_lock_timeout_is_taken_over(api_client):
    post(api_client)
    stored = IdempotencyKey.objects.get()
    long_ago = timezone.now() - idempotency_lock_timeout() - timedelta(seconds=1)
    IdempotencyKey.objects.filter(pk=stored.pk).update(
        state=IdempotencyKey.State.IN_PROGRESS, locked_at=long_ago, response_status=None
    )
    response = post(api_client)
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert recorder.calls == 2
    IdempotencyKey.objects.filter(pk=stored.pk).update(state=IdempotencyKey.State.IN_PROGRESS)
    assert post(api_client).status_code == 409  # a fresh claim is respected


@pytest.mark.django_db
def test_an_expired_key_runs_again(api_client):
    post(api_client)
    IdempotencyKey.objects.update(created_at=timezone.now() - idempotency_ttl() - timedelta(seconds=1))
    response = post(api_client)
    assert "Idempotent-Replayed" not in response
    assert recorder.calls == 2
    assert IdempotencyKey.objects.count() == 1


@pytest.mark.django_db
def test_cleanup_deletes_only_expired_keys():
    now = timezone.now()
    _row(key="old", created_at=now - idempotency_ttl() - timedelta(minutes=1))
    _row(key="fresh", created_at=now - idempotency_ttl() + timedelta(minutes=1))
    assert idempotency_keys_purge(now=now) == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["fresh"]
    _row(key="old-2", created_at=now - idempotency_ttl() - timedelta(minutes=1))
    assert idempotency_cleanup.enqueue().return_value == 1


@pytest.mark.django_db
def test_it_wraps_the_real_api_too(api_client, make_user, bearer):
    from lapak.accounts.services import api_token_issue

    alice = make_user()
    other, _raw = api_token_issue(user=alice, name="old phone")
    auth = bearer(alice)
    url = f"/api/v1/auth/tokens/{other.public_id}"
    first = api_client.delete(url, HTTP_IDEMPOTENCY_KEY="revoke-1", **auth)
    again = api_client.delete(url, HTTP_IDEMPOTENCY_KEY="revoke-1", **auth)
    assert first.status_code == again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
