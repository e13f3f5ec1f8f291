from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.accounts.models import ApiToken
from lapak.accounts.services import api_token_issue, hash_token

pytestmark = pytest.mark.django_db


def post_json(client, path, body, **extra):
    return client.post(path, body, content_type="application/json", **extra)


def test_token_issue_stores_only_a_hash(api_client, make_user):
    make_user(email="ani@example.test")
    response = post_json(
        api_client, "/api/v1/auth/token", {"email": "ANI@example.test", "password": "correct horse battery"}
    )
    assert response.status_code == 201
    raw = response.json()["token"]
    stored = ApiToken.objects.get(public_id=response.json()["token_id"])
    assert stored.token_hash == hash_token(raw)
    assert raw not in {stored.token_hash, stored.display_prefix}


def test_bearer_token_authenticates(api_client, make_user, bearer):
    user = make_user(roles=["creator"])
    response = api_client.get("/api/v1/auth/me", **bearer(user))
    assert response.status_code == 200
    assert response.json()["id"] == user.public_id
    assert response.json()["roles"] == ["buyer", "creator"]


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (None, "not_authenticated"),
        ("Bearer lpk_not-a-real-token", "token_invalid"),
        ("Bearer something-else", "token_invalid"),
        ("Basic abc", "not_authenticated"),
    ],
)
def test_bad_credentials_get_401_in_the_error_shape(api_client, db, header, code):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = api_client.get("/api/v1/auth/me", **extra)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["fields"] == {}


def test_expired_and_revoked_tokens_are_refused(api_client, make_user):
    user = make_user()
    _expired, raw_expired = api_token_issue(user=user, ttl=timedelta(seconds=-1))
    revoked, raw_revoked = api_token_issue(user=user)
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    assert api_client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {raw_expired}").json()["error"][
        "code"
    ] == "token_expired"
    assert api_client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {raw_revoked}").json()["error"][
        "code"
    ] == "token_revoked"


def test_revoking_own_token_and_not_another_users(api_client, make_user, bearer):
    alice, bob = make_user(), make_user()
    bob_token, _raw = api_token_issue(user=bob)
    headers = bearer(alice)
    assert api_client.delete(f"/api/v1/auth/tokens/{bob_token.public_id}", **headers).status_code == 404
    bob_token.refresh_from_db()
    assert bob_token.revoked_at is None
    own = ApiToken.objects.filter(user=alice).get()
    response = api_client.delete(f"/api/v1/auth/tokens/{own.public_id}", **headers)
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    assert api_client.get("/api/v1/auth/me", **headers).json()["error"]["code"] == "token_revoked"


def test_wrong_password_then_lockout(api_client, make_user, settings):
    make_user(email="budi@example.test")
    body = {"email": "budi@example.test", "password": "wrong password"}
    codes = [post_json(api_client, "/api/v1/auth/token", body).json()["error"]["code"] for _ in range(6)]
    assert codes[:4] == ["invalid_credentials"] * 4
    assert codes[-1] == "login_locked"
    # Locked out even with the right password until the cool-off passes.
    right = post_json(api_client, "/api/v1/auth/token", {**body, "password": "correct horse battery"})
    assert right.status_code == 429


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ("{not json", 400, "malformed_request", None),
        ("[1, 2]", 400, "malformed_request", None),
        ('{"email": "a@b.test"}', 422, "validation_error", "password"),
        ('{"email": 5, "password": "x"}', 422, "validation_error", "email"),
        ('{"email": "a@b.test", "password": "x", "admin": true}', 422, "validation_error", "admin"),
        ('{"email": "' + "a" * 300 + '", "password": "x"}', 422, "validation_error", "email"),
    ],
)
def test_malformed_token_requests(api_client, db, body, status, code, field):
    response = api_client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    if field:
        assert field in error["fields"]
    assert ApiToken.objects.count() == 0


def test_huge_body_is_refused_before_reading(api_client, db, settings):
    body = '{"email": "' + "a" * (settings.API_MAX_BODY_BYTES + 10) + '", "password": "x"}'
    response = api_client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_error_messages_follow_accept_language(db):
    from django.test import Client

    response = Client(HTTP_ACCEPT_LANGUAGE="id").get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.json()["error"]["message"] != "Authentication credentials were not provided or are not valid."
