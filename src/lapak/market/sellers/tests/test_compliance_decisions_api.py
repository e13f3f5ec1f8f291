"""The shop's decisions through the API (lapak.market.sellers.api_compliance, under /api/v1/compliance/):
members read, the owner or a manager appeals once, everyone else 404; no token 401, a regulator 403."""

from __future__ import annotations

import pytest

from lapak.compliance.models import Appeal
from lapak.core.testing import published_operations, race
from lapak.market.sellers.tests import compliance_support
from lapak.market.sellers.tests.compliance_support import refusal

pytestmark = pytest.mark.django_db
shop = compliance_support.shop
BASE = "/api/v1/compliance"


@pytest.fixture
def call(api_client, bearer):
    def send(method, path, user=None, body=None, **headers):
        auth = bearer(user) if user is not None else {}
        if method == "get":
            return api_client.get(BASE + path, **auth, **headers)
        return api_client.post(BASE + path, body if body is not None else {}, content_type="application/json",
                               **auth, **headers)

    return send


def test_members_read_the_shops_decisions_in_their_language(call, shop):
    decision = refusal(shop.organisation)
    org = shop.organisation.public_id
    for member in (shop.owner, shop.manager, shop.staff):
        body = call("get", f"/parties/{org}/decisions?outcome=deny", member).json()
        assert [d["id"] for d in body["items"]] == [decision.public_id]
    one = call("get", f"/parties/{org}/decisions/{decision.public_id}", shop.staff,
               HTTP_ACCEPT_LANGUAGE="id").json()
    assert one["appealable"] is True and "evidence" not in one
    assert one["reasons"][0]["title"] == decision.reasons[0]["title_id"]
    everything = call("get", f"/parties/{org}/decisions", shop.owner).json()
    assert everything["count"] >= 2  # the shop's verification was decided too
    assert call("get", f"/parties/{org}/decisions?outcome=never", shop.owner).status_code == 422


def test_the_owner_appeals_once_and_the_text_is_checked(call, shop):
    decision = refusal(shop.organisation)
    path = f"/decisions/{decision.public_id}/appeal"
    blank = call("post", path, shop.owner, {"text": "   "})
    assert blank.status_code == 422 and set(blank.json()["error"]["fields"]) == {"text"}
    too_long = call("post", path, shop.owner, {"text": "x" * 2001})
    assert too_long.status_code == 422 and set(too_long.json()["error"]["fields"]) == {"text"}
    assert call("post", path, shop.owner, {"text": "ok", "extra": True}).status_code == 422
    filed = call("post", path, shop.manager, {"text": "We make our own goods."})
    assert filed.status_code == 201 and filed.json()["status"] == "open"
    again = call("post", path, shop.owner, {"text": "Once more."})
    assert again.status_code == 409 and again.json()["error"]["code"] == "decision_already_appealed"
    assert Appeal.objects.count() == 1


def test_authorisation(call, make_user, shop):
    decision = refusal(shop.organisation)
    org = shop.organisation.public_id
    regulator = make_user(email="reg@example.test", roles=["regulator"], jurisdiction="ID")
    operations = {
        ("GET", "/api/v1/compliance/parties/{organisation_id}/decisions"): ("get", f"/parties/{org}/decisions"),
        ("GET", "/api/v1/compliance/parties/{organisation_id}/decisions/{decision_id}"): (
            "get", f"/parties/{org}/decisions/{decision.public_id}"),
        ("POST", "/api/v1/compliance/decisions/{decision_id}/appeal"): (
            "post", f"/decisions/{decision.public_id}/appeal"),
    }
    assert set(operations) <= published_operations("/api/v1/compliance/parties", "/api/v1/compliance/decisions")
    body = {"text": "Please"}
    for key, (method, path) in operations.items():
        assert call(method, path, None, body).status_code == 401, key
        assert call(method, path, regulator, body).status_code == 403, key
        assert call(method, path, shop.stranger, body).status_code == 404, key
        assert call(method, path, shop.operator, body).status_code == 404, key
    assert call("post", f"/decisions/{decision.public_id}/appeal", shop.staff, body).status_code == 403
    assert call("post", "/decisions/dec_NOPE/appeal", shop.owner, body).status_code == 404
    assert not Appeal.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_racing_appeals_from_two_managers_file_one(call, shop):
    from django.db import connection

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("racing threads need a file-backed SQLite test database or PostgreSQL")
    decision = refusal(shop.organisation)
    path = f"/decisions/{decision.public_id}/appeal"
    outcomes = race(lambda: call("post", path, shop.owner, {"text": "One"}),
                    lambda: call("post", path, shop.manager, {"text": "Two"}))
    assert sorted(r.status_code for r in outcomes) == [201, 409], outcomes
    assert Appeal.objects.count() == 1
