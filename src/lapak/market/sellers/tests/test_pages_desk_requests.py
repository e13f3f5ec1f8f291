"""Data-subject requests and payout accounts on the desk: deadlines, the actions each kind allows, reviews."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lapak.core.audit.models import AuditEvent
from lapak.market.sellers.models import (
    BankAccount,
    BankAccountStatus,
    DataSubjectRequest,
    RequestStatus,
    SellerApplication,
)
from lapak.market.sellers.services import data_correction_request, data_deletion_request
from lapak.market.sellers.tests.conftest import NIK_WOMAN


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def url(name, item):
    return reverse(name, kwargs={"public_id": item.public_id})


@pytest.mark.django_db
def test_the_queue_puts_the_earliest_deadline_first_and_marks_the_overdue(build, people):
    build.submitted()
    fresh = data_deletion_request(user=people.owner, note="Hapus data saya")
    late = data_deletion_request(user=build.user(full_name="Rina Lestari"))
    DataSubjectRequest.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(hours=80),
                                                         due_at=timezone.now() - timedelta(hours=8))
    body = client_for(people.operator).get(reverse("operations:data_requests")).content.decode()
    assert body.index(late.public_id) < body.index(fresh.public_id)
    assert "1 request is overdue." in body
    assert '<tr class="row--deadline-overdue">' in body and '<tr class="row--deadline-ok">' in body
    assert "overdue by 8" in body


@pytest.mark.django_db
def test_a_deletion_shows_what_will_be_erased_and_kept_without_doing_it(build, people):
    application = build.verified()
    request = data_deletion_request(user=people.owner)
    events = AuditEvent.objects.count()
    client = client_for(people.operator)
    response = client.get(url("operations:data_request", request))
    body = response.content.decode()
    assert response.status_code == 200
    assert "What the erasure will do" in body
    assert "KTP photo" in body and "Selfie" in body  # erased
    assert "Trade records: 5 years" in body and "Financial records: 10 years" in body  # kept, with the class
    assert "ID-REC-1" in body
    # Only a preview: nothing changed, nothing was logged.
    assert AuditEvent.objects.count() == events
    application.refresh_from_db()
    assert application.phone and application.organisation.status == "verified"
    assert DataSubjectRequest.objects.get(pk=request.pk).status == RequestStatus.OPEN

    unconfirmed = client.post(url("operations:data_request_deletion", request), {})
    assert unconfirmed.status_code == 422 and b"Tick the box to confirm the erasure." in unconfirmed.content
    done = client.post(url("operations:data_request_deletion", request), {"confirm": "on"})
    assert done.status_code == 302
    request.refresh_from_db()
    application.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED and request.handled_by == people.operator
    assert application.phone == "" and application.erased_at is not None
    body = client.get(url("operations:data_request", request)).content.decode()
    assert "What the erasure did" in body and "Financial records: 10 years" in body
    again = client.post(url("operations:data_request_deletion", request), {"confirm": "on"})
    assert again.status_code == 409 and b"This request has already been answered." in again.content


@pytest.mark.django_db
def test_a_correction_is_seen_with_a_reason_then_applied(build, people):
    application = build.submitted()
    request = data_correction_request(user=people.owner, application=application,
                                      changes={"full_name": "Budi Santoso Wijaya", "nik": NIK_WOMAN})
    client = client_for(people.operator)
    page = client.get(url("operations:data_request", request)).content.decode()
    assert "Full name, NIK" in page and NIK_WOMAN not in page

    no_reason = client.post(url("operations:data_request_proposal", request), {"reason": ""})
    assert no_reason.status_code == 422 and NIK_WOMAN.encode() not in no_reason.content
    shown = client.post(url("operations:data_request_proposal", request), {"reason": "Compare with the KTP"})
    assert NIK_WOMAN.encode() in shown.content and "no-store" in shown["Cache-Control"]
    viewed = AuditEvent.objects.get(action="seller.data_request.proposal_viewed")
    assert viewed.after == {"reason": "Compare with the KTP"} and viewed.actor == people.operator.public_id
    assert AuditEvent.objects.filter(action="identity.decrypt", subject_id=request.public_id,
                                     after__purpose="operator_correction_review").exists()

    refused = client.post(url("operations:data_request_correction", request), {"decision": "refuse", "note": ""})
    assert refused.status_code == 422 and b"Say why the correction is refused." in refused.content
    applied = client.post(url("operations:data_request_correction", request), {"decision": "accept", "note": "OK"})
    assert applied.status_code == 302
    application.refresh_from_db()
    assert (application.full_name, application.nik_masked) == ("Budi Santoso Wijaya", "3171••••••••0002")
    assert DataSubjectRequest.objects.get(pk=request.pk).status == RequestStatus.COMPLETED


@pytest.mark.django_db
def test_a_correction_can_be_refused_with_an_answer(build, people):
    application = build.submitted()
    request = data_correction_request(user=people.owner, application=application, changes={"full_name": "X"})
    client = client_for(people.operator)
    response = client.post(url("operations:data_request_refuse", request), {"note": "The KTP says otherwise"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.resolution_note, request.correction_encrypted) == (
        "refused", "The KTP says otherwise", None)
    assert SellerApplication.objects.get(pk=application.pk).full_name == "Budi Santoso"


@pytest.mark.django_db
def test_notes_and_refusals_need_text_and_are_kept_in_the_history(build, people):
    build.submitted()
    request = data_deletion_request(user=people.owner)
    client = client_for(people.operator)
    assert client.post(url("operations:data_request_note", request), {"note": ""}).status_code == 422
    assert client.post(url("operations:data_request_note", request),
                       {"note": "Asked for proof of identity by e-mail"}).status_code == 302
    assert client.post(url("operations:data_request_refuse", request), {"note": ""}).status_code == 422
    assert client.post(url("operations:data_request_refuse", request),
                       {"note": "Identity could not be confirmed"}).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED
    assert [e.note for e in request.events.all()] == [
        "", "Asked for proof of identity by e-mail", "Identity could not be confirmed"]
    page = client.get(url("operations:data_request", request)).content.decode()
    assert "Asked for proof of identity by e-mail" in page and "What the erasure will do" not in page


@pytest.mark.django_db
def test_payout_accounts_with_a_mismatched_holder_are_approved_or_rejected(build, people):
    mismatched = build.submitted(holder="ANDI WIJAYA", account="4444444444")
    other = build.submitted(owner=build.user(full_name="Siti Aminah"), nik=NIK_WOMAN, sex="F", shop="Toko Siti",
                            full_name="Siti Aminah", holder="JOKO SUSILO", account="5555555555")
    first = BankAccount.objects.get(organisation=mismatched.organisation)
    second = BankAccount.objects.get(organisation=other.organisation)
    assert first.status == second.status == BankAccountStatus.NEEDS_REVIEW
    client = client_for(people.operator)
    body = client.get(reverse("operations:bank_accounts")).content.decode()
    assert "ANDI WIJAYA" in body and "Budi Santoso" in body and "••••••4444" in body and "4444444444" not in body

    approve = client.post(url("operations:bank_account_review", first), {"decision": "approve", "note": "Called"})
    assert approve.status_code == 302
    reject = client.post(url("operations:bank_account_review", second), {"decision": "reject"})
    assert reject.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (BankAccountStatus.VERIFIED, BankAccountStatus.REJECTED)
    assert first.reviewed_by == people.operator
    assert AuditEvent.objects.filter(action="seller.bank_account.reviewed").count() == 2

    again = client.post(url("operations:bank_account_review", first), {"decision": "reject"}, follow=True)
    assert b"already been reviewed" in again.content
    assert BankAccount.objects.get(pk=first.pk).status == BankAccountStatus.VERIFIED
