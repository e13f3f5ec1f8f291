"""Review: a regulator's bearer token is good for the oversight API only if it was issued against a second factor."""

from __future__ import annotations

import pytest

from lapak.accounts.services import api_token_issue, role_grant

pytestmark = pytest.mark.django_db


def test_a_token_issued_before_the_account_became_a_regulator_does_not_read_oversight(api_client, make_user):
    user = make_user()
    _token, raw = api_token_issue(user=user, name="from before")  # a password alone was enough then
    role_grant(user=user, role="regulator", jurisdiction="ID")
    response = api_client.get("/api/v1/oversight/figures", HTTP_AUTHORIZATION=f"Bearer {raw}")
    # Refused where every token is checked (accounts.selectors.user_for_bearer_token), on every API.
    assert response.status_code == 401, response.content
    assert response.json()["error"]["code"] == "token_needs_second_factor"
    evidence = api_client.get("/api/v1/oversight/audit/heads", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert evidence.status_code == 401


def test_a_token_issued_to_a_regulator_reads_oversight(api_client, make_user, bearer):
    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    assert api_client.get("/api/v1/oversight/figures", **bearer(regulator)).status_code == 200


def test_a_refused_request_for_another_jurisdiction_is_audited_too(api_client, make_user, bearer):
    from lapak.core.audit.models import AuditEvent

    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    headers = bearer(regulator)
    before = AuditEvent.objects.filter(action="oversight.query", actor=regulator.public_id).count()
    for path in ("/api/v1/oversight/figures/sales?jurisdiction=GB", "/api/v1/oversight/audit/heads?jurisdiction=GB",
                 "/api/v1/oversight/reports/quarterly?jurisdiction=GB&quarter=2026-Q1"):
        response = api_client.get(path, **headers)
        assert response.status_code == 403 and response.json()["error"]["code"] == "jurisdiction_forbidden"
    events = AuditEvent.objects.filter(action="oversight.query", actor=regulator.public_id).order_by("id")
    assert events.count() == before + 3
    assert all(event.after["params"]["jurisdiction"] == "GB" for event in events[before:])
