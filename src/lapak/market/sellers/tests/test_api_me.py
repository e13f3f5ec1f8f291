"""`/api/v1/sellers/me/consents`, `/me/data-requests…` behaviour: consent, export, correction, deletion."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils.dateparse import parse_datetime

from lapak.core.audit.models import AuditEvent
from lapak.core.idempotency.models import IdempotencyKey
from lapak.market.sellers import api_me
from lapak.market.sellers.models import SellerApplication
from lapak.market.sellers.rules import consent_policy_version
from lapak.market.sellers.tests.conftest import NIK_MAN, NIK_WOMAN
from lapak.market.sellers.tests.test_api_support import ACCOUNT, call, error_of

ME = "/api/v1/sellers/me"


@pytest.mark.django_db
def test_consent_is_given_per_purpose_for_the_current_notice(make_user, bearer):
    user = bearer(make_user())
    initial = call("GET", f"{ME}/consents", user).json()
    assert initial["policy_version"] == consent_policy_version()
    assert [(p["purpose"], p["required"], p["granted"]) for p in initial["purposes"]] == [
        ("kyc_verification", True, False), ("payout_processing", True, False), ("fraud_prevention", False, False)]
    body = {"purposes": ["kyc_verification", "payout_processing"], "policy_version": consent_policy_version()}
    granted = call("POST", f"{ME}/consents", user, json_body=body)
    assert granted.status_code == 200
    assert [p["granted"] for p in granted.json()["purposes"]] == [True, True, False]
    assert granted.json()["history"]["count"] == 2

    stale = call("POST", f"{ME}/consents", user, json_body={**body, "policy_version": "2019-01"})
    assert stale.status_code == 422 and error_of(stale)["code"] == "consent_policy_changed"
    assert list(error_of(stale)["fields"]) == ["policy_version"]
    unknown = call("POST", f"{ME}/consents", user, json_body={**body, "purposes": ["marketing"]})
    assert unknown.status_code == 422 and list(error_of(unknown)["fields"]) == ["purposes"]
    assert call("POST", f"{ME}/consents", user, json_body={**body, "purposes": []}).status_code == 422


@pytest.mark.django_db
def test_withdrawing_consent_is_a_request_answered_at_once_and_withdraws_open_applications(build, people, bearer):
    application = build.individual()
    owner = bearer(people.owner)
    response = call("DELETE", f"{ME}/consents/kyc_verification", owner)
    assert response.status_code == 200
    assert response.json() == {**response.json(), "kind": "consent_withdrawal", "status": "completed",
                               "purpose": "kyc_verification"}
    assert SellerApplication.objects.get(pk=application.pk).status == "withdrawn"
    again = call("DELETE", f"{ME}/consents/kyc_verification", owner)
    assert again.status_code == 409 and error_of(again)["code"] == "consent_not_given"
    assert list(error_of(call("DELETE", f"{ME}/consents/marketing", owner))["fields"]) == ["purpose"]


@pytest.mark.django_db
def test_the_export_has_my_numbers_in_full_and_nobody_elses(build, people, make_user, bearer):
    mine = build.individual(account=ACCOUNT)
    other = make_user(email="other@example.test")
    build.individual(owner=other, nik=NIK_WOMAN, sex="F", shop="Toko Siti", account="5555666677")
    reads_before = AuditEvent.objects.filter(action="identity.decrypt", actor=people.owner.public_id).count()

    response = call("POST", f"{ME}/data-requests/export", bearer(people.owner))
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert NIK_MAN in text and ACCOUNT in text  # my NIK and my payout account number
    assert NIK_WOMAN not in text and "5555666677" not in text and "Toko Siti" not in text
    body = response.json()
    assert body["request"]["kind"] == "access" and body["request"]["status"] == "completed"
    (application,) = body["export"]["applications"]
    assert application["id"] == mine.public_id
    assert application["identity_numbers"]["nik"] == {"masked": "3171••••••••0001", "value": NIK_MAN}
    reads = AuditEvent.objects.filter(action="identity.decrypt", actor=people.owner.public_id).count()
    assert reads > reads_before  # every read of a number is in the audit log


@pytest.mark.django_db
def test_the_export_is_never_stored_for_replay(build, people, bearer):
    build.individual()
    owner = bearer(people.owner)
    first = call("POST", f"{ME}/data-requests/export", owner, HTTP_IDEMPOTENCY_KEY="export-1")
    second = call("POST", f"{ME}/data-requests/export", owner, HTTP_IDEMPOTENCY_KEY="export-1")
    assert first.status_code == second.status_code == 200
    assert not second.has_header("Idempotent-Replayed")
    assert first.json()["request"]["id"] != second.json()["request"]["id"]
    assert not IdempotencyKey.objects.exists()


@pytest.mark.django_db
def test_exports_are_rate_limited(make_user, bearer, monkeypatch):
    monkeypatch.setattr(api_me, "EXPORTS_PER_HOUR", 2)
    user = bearer(make_user())
    statuses = [call("POST", f"{ME}/data-requests/export", user).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.django_db
def test_a_correction_request_names_the_fields_but_never_echoes_the_values(build, people, make_user, bearer):
    application = build.individual()
    owner = bearer(people.owner)
    body = {"application": application.public_id, "changes": {"nik": NIK_WOMAN, "full_name": "Budi S."},
            "note": "Typo in my NIK"}
    response = call("POST", f"{ME}/data-requests/correction", owner, json_body=body)
    assert response.status_code == 201, response.content
    assert response.json()["correction_fields"] == ["full_name", "nik"]
    assert response.json()["application"] == application.public_id
    assert NIK_WOMAN not in response.content.decode() and "Budi S." not in response.content.decode()

    wrong = call("POST", f"{ME}/data-requests/correction", owner,
                 json_body={**body, "changes": {"nik": "123", "shop_name": "x"}})
    assert wrong.status_code == 422 and list(error_of(wrong)["fields"]) == ["shop_name"]
    malformed = call("POST", f"{ME}/data-requests/correction", owner, json_body={**body, "changes": {"nik": "123"}})
    assert malformed.status_code == 422 and list(error_of(malformed)["fields"]) == ["nik"]
    stranger = bearer(make_user(email="nosy@example.test"))
    assert call("POST", f"{ME}/data-requests/correction", stranger, json_body=body).status_code == 404


@pytest.mark.django_db
def test_a_deletion_request_is_due_in_72_hours_and_listed_newest_first(make_user, bearer):
    user = bearer(make_user())
    response = call("POST", f"{ME}/data-requests/deletion", user, json_body={"note": "Close my shop"})
    assert response.status_code == 201
    request = response.json()
    assert request["kind"] == "deletion" and request["status"] == "open"
    due = parse_datetime(request["due_at"]) - parse_datetime(request["received_at"])
    assert due == timedelta(hours=72)
    call("POST", f"{ME}/data-requests/export", user)
    listed = call("GET", f"{ME}/data-requests?limit=1", user).json()
    assert listed["count"] == 2 and [r["kind"] for r in listed["items"]] == ["access"]
    assert error_of(call("POST", f"{ME}/data-requests/deletion", user, json_body={"note": "x" * 2001}))[
        "fields"] == {"note": ["The text is too long."]}
    no_body = Client().generic("POST", f"{ME}/data-requests/deletion", b"", content_type="application/json", **user)
    assert no_body.status_code == 201  # the note is optional, and so is the body
