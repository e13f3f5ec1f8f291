"""`/api/v1/operator/…` behaviour: queue, case, review, decisions, reveal, data requests, payout accounts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.core.audit.models import AuditEvent
from lapak.core.idempotency.models import IdempotencyKey
from lapak.market.sellers.models import BankAccount, DataSubjectRequest, SellerApplication
from lapak.market.sellers.services import data_correction_request, data_deletion_request, member_add
from lapak.market.sellers.tests.conftest import NIK_MAN, NIK_WOMAN
from lapak.market.sellers.tests.test_api_support import ACCOUNT, call, error_of

OP = "/api/v1/operator"


@pytest.fixture
def desk(people, bearer):
    return bearer(people.operator)


@pytest.mark.django_db
def test_the_queue_shows_sla_age_and_filters(build, people, make_user, desk):
    submitted = build.submitted()
    SellerApplication.objects.filter(pk=submitted.pk).update(submitted_at=timezone.now() - timedelta(hours=30))
    build.individual(owner=make_user(email="draft@example.test"), nik=NIK_WOMAN, sex="F", shop="Masih Draf")
    page = call("GET", f"{OP}/kyc/applications", desk).json()
    assert [i["id"] for i in page["items"]] == [submitted.public_id]  # drafts are not the desk's business
    item = page["items"][0]
    assert 29.9 < item["waiting_hours"] < 30.1 and item["status"] == "submitted"
    assert item["organisation"]["shop_name"] == "Toko Budi"

    assert call("GET", f"{OP}/kyc/applications?status=draft", desk).json()["count"] == 1
    assert call("GET", f"{OP}/kyc/applications?jurisdiction=GB", desk).json()["count"] == 0
    assert call("GET", f"{OP}/kyc/applications?flag=bank_holder_mismatch", desk).json()["count"] == 0
    flagged = build.submitted(owner=make_user(email="flag@example.test"), nik="3171011205900003", shop="Beda Nama",
                              holder="ANDI WIJAYA")
    assert [i["id"] for i in call("GET", f"{OP}/kyc/applications?flag=bank_holder_mismatch", desk).json()["items"]] == [
        flagged.public_id]
    for query in ("jurisdiction=id", "status=approved", "limit=0", "limit=500"):
        response = call("GET", f"{OP}/kyc/applications?{query}", desk)
        assert response.status_code == 422, query
        assert list(error_of(response)["fields"]) == [query.split("=")[0]]


@pytest.mark.django_db
def test_a_case_shows_masked_evidence_and_what_can_be_revealed(build, desk):
    application = build.submitted(holder="ANDI WIJAYA", account=ACCOUNT)  # the holder mismatch is a flag
    response = call("GET", f"{OP}/kyc/applications/{application.public_id}", desk)
    assert response.status_code == 200
    case = response.json()
    assert NIK_MAN not in response.content.decode() and ACCOUNT not in response.content.decode()
    assert case["identity_numbers"]["nik"] == "3171••••••••0001"
    assert case["revealable"] == ["nik", "bank_account_number"]
    assert [d["kind"] for d in case["documents"]] == ["ktp_photo", "selfie"]
    assert case["bank_account"]["holder_matched"] is False and case["bank_account"]["status"] == "needs_review"
    assert [f["code"] for f in case["flags"]] == ["bank_holder_mismatch"] == case["review_flags"]
    assert case["applicant"]["email"] == "owner@example.test"
    assert case["allowed_actions"] == ["start-review", "reject"]
    assert [(h["from_status"], h["to_status"]) for h in case["history"]] == [("draft", "submitted")]
    assert call("GET", f"{OP}/kyc/applications/kyc_01JD3Q6Y8W9M2K4N7P5R0S1T2V", desk).status_code == 404


@pytest.mark.django_db
def test_review_then_decision_and_illegal_steps_are_409(build, people, desk):
    application = build.submitted()
    url = f"{OP}/kyc/applications/{application.public_id}"
    started = call("POST", f"{url}/start-review", desk)
    assert started.status_code == 200
    assert started.json()["status"] == "in_review" and started.json()["reviewer"] == people.operator.public_id
    assert error_of(call("POST", f"{url}/start-review", desk))["code"] == "transition_not_allowed"

    no_reason = call("POST", f"{url}/decision", desk, json_body={"decision": "reject"})
    assert no_reason.status_code == 422 and list(error_of(no_reason)["fields"]) == ["reason_codes"]
    other = call("POST", f"{url}/decision", desk, json_body={"decision": "reject", "reason_codes": ["other"]})
    assert list(error_of(other)["fields"]) == ["note"]
    bogus = call("POST", f"{url}/decision", desk, json_body={"decision": "approve"})
    assert bogus.status_code == 422 and list(error_of(bogus)["fields"]) == ["decision"]
    unknown_reason = call("POST", f"{url}/decision", desk, json_body={"decision": "reject", "reason_codes": ["x"]})
    assert list(error_of(unknown_reason)["fields"]) == ["reason_codes"]

    decided = call("POST", f"{url}/decision", desk, json_body={
        "decision": "more_info", "reason_codes": ["document_unreadable"], "note": "The KTP photo is blurred."})
    assert decided.status_code == 200, decided.content
    case = decided.json()
    assert case["status"] == "more_info_needed" and case["allowed_actions"] == []
    last = case["history"][-1]
    assert last["actor"] == people.operator.public_id and last["note"] == "The KTP photo is blurred."
    assert [r["code"] for r in last["reasons"]] == ["document_unreadable"]
    again = call("POST", f"{url}/decision", desk, json_body={"decision": "verify"})
    assert again.status_code == 409 and error_of(again)["code"] == "transition_not_allowed"


@pytest.mark.django_db
def test_an_operator_cannot_decide_for_a_shop_they_belong_to(build, people, desk):
    application = build.submitted()
    member_add(organisation=application.organisation, actor=people.owner, user=people.operator, role="staff")
    response = call("POST", f"{OP}/kyc/applications/{application.public_id}/start-review", desk)
    assert response.status_code == 403 and error_of(response)["code"] == "operator_conflict"


@pytest.mark.django_db
def test_the_reveal_needs_a_reason_is_logged_not_cached_and_not_stored(build, people, desk):
    application = build.submitted(account=ACCOUNT)
    url = f"{OP}/kyc/reveals/{application.public_id}"
    revealed = AuditEvent.objects.filter(action="seller.identity.revealed")

    blank = call("POST", url, desk, json_body={"field": "nik", "reason": "   "})
    assert blank.status_code == 422 and list(error_of(blank)["fields"]) == ["reason"]
    assert NIK_MAN not in blank.content.decode() and not revealed.exists()
    assert call("POST", url, desk, json_body={"field": "nik"}).status_code == 422
    assert list(error_of(call("POST", url, desk, json_body={"field": "email", "reason": "x"}))["fields"]) == ["field"]

    response = call("POST", url, desk, json_body={"field": "nik", "reason": "KTP photo unclear"},
                    HTTP_IDEMPOTENCY_KEY="reveal-1")
    assert response.status_code == 200
    assert response.json() == {"application": application.public_id, "field": "nik", "value": NIK_MAN}
    assert response["Cache-Control"] == "no-store"
    (event,) = revealed
    assert event.actor == people.operator.public_id and event.subject_id == application.public_id
    assert event.after == {"field": "nik", "reason": "KTP photo unclear"}
    assert not IdempotencyKey.objects.exists()
    account = call("POST", url, desk, json_body={"field": "bank_account_number", "reason": "Holder check"})
    assert account.json()["value"] == ACCOUNT
    absent = call("POST", url, desk, json_body={"field": "npwp", "reason": "Curious"})
    assert absent.status_code == 404 and error_of(absent)["code"] == "identity_not_held"


@pytest.mark.django_db
def test_data_requests_by_deadline_with_overdue(build, people, desk):
    application = build.individual()
    late = data_deletion_request(user=people.owner)
    DataSubjectRequest.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=1))
    fresh = data_correction_request(user=people.owner, application=application, changes={"full_name": "Budi S."})
    page = call("GET", f"{OP}/data-requests", desk).json()
    assert [(r["id"], r["overdue"]) for r in page["items"]] == [(late.public_id, True), (fresh.public_id, False)]
    assert page["items"][1]["correction_fields"] == ["full_name"]
    assert "Budi S." not in str(page)  # the proposed value stays sealed
    detail = call("GET", f"{OP}/data-requests/{fresh.public_id}", desk).json()
    assert detail["subject"]["id"] == people.owner.public_id and [e["to_status"] for e in detail["events"]] == ["open"]


@pytest.mark.django_db
def test_a_correction_is_decided_and_a_deletion_executed(build, people, desk):
    application = build.individual()
    correction = data_correction_request(user=people.owner, application=application,
                                         changes={"full_name": "Budi Santoso Putra"})
    deletion = data_deletion_request(user=people.owner)
    url = f"{OP}/data-requests"

    assert error_of(call("POST", f"{url}/{deletion.public_id}/decide-correction", desk,
                         json_body={"accept": True}))["code"] == "data_request_kind"
    assert list(error_of(call("POST", f"{url}/{correction.public_id}/decide-correction", desk,
                              json_body={"accept": False}))["fields"]) == ["note"]
    note = call("POST", f"{url}/{correction.public_id}/notes", desk, json_body={"note": "Checked the KTP"})
    assert note.status_code == 201 and note.json()["actor"] == people.operator.public_id
    accepted = call("POST", f"{url}/{correction.public_id}/decide-correction", desk, json_body={"accept": True})
    assert accepted.status_code == 200 and accepted.json()["status"] == "completed"
    assert SellerApplication.objects.get(pk=application.pk).full_name == "Budi Santoso Putra"
    assert error_of(call("POST", f"{url}/{correction.public_id}/refuse", desk, json_body={"note": "late"}))[
        "code"] == "data_request_closed"

    assert error_of(call("POST", f"{url}/{correction.public_id}/execute-deletion", desk))["code"] in (
        "data_request_kind", "data_request_closed")
    executed = call("POST", f"{url}/{deletion.public_id}/execute-deletion", desk)
    assert executed.status_code == 200 and executed.json()["status"] == "completed"
    assert {"erased", "kept"} <= set(executed.json()["result"])
    assert call("POST", f"{url}/{deletion.public_id}/execute-deletion", desk).status_code == 409


@pytest.mark.django_db
def test_payout_accounts_are_reviewed_once(build, desk):
    application = build.individual(holder="ANDI WIJAYA", account=ACCOUNT)
    account = BankAccount.objects.get(organisation=application.organisation, is_current=True)
    page = call("GET", f"{OP}/bank-accounts/review", desk).json()
    assert [(a["id"], a["status"], a["holder_matched"]) for a in page["items"]] == [
        (account.public_id, "needs_review", False)]
    assert ACCOUNT not in str(page)
    response = call("POST", f"{OP}/bank-accounts/{account.public_id}/review", desk,
                    json_body={"approve": False, "note": "Name differs"})
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    again = call("POST", f"{OP}/bank-accounts/{account.public_id}/review", desk, json_body={"approve": True})
    assert again.status_code == 404
    assert call("GET", f"{OP}/bank-accounts/review", desk).json()["count"] == 0


@pytest.mark.django_db(transaction=True)
def test_two_operators_deciding_at_once_over_the_api_get_one_200_and_one_409(racing_db, build, people, bearer):
    from lapak.market.sellers.tests.test_races import race

    application = build.in_review()
    url = f"{OP}/kyc/applications/{application.public_id}/decision"
    first, second = bearer(people.operator), bearer(people.operator2)
    responses = race(
        lambda: call("POST", url, first, json_body={"decision": "verify"}),
        lambda: call("POST", url, second, json_body={"decision": "reject", "reason_codes": ["fraud_suspected"]}),
    )
    assert sorted(r.status_code for r in responses) == [200, 409], responses
    (loser,) = [r for r in responses if r.status_code == 409]
    assert error_of(loser)["code"] == "transition_not_allowed"
    (winner,) = [r for r in responses if r.status_code == 200]
    application.refresh_from_db()
    assert application.status == winner.json()["status"]
    assert application.transitions.filter(from_status="in_review").count() == 1
