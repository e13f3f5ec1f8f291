"""The case page: masked numbers, a reasoned and logged reveal, reasoned and logged photos, and decisions."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from lapak.core.audit.models import AuditEvent
from lapak.market.sellers.models import ApplicationStatus, ApplicationTransition, SellerApplication
from lapak.market.sellers.tests.conftest import NIK_MAN


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def case_url(application, name="operations:case", **extra):
    return reverse(name, kwargs={"public_id": application.public_id, **extra})


def decide(client, application, decision, expected, codes=(), note=""):
    return client.post(case_url(application, "operations:case_decide"), {
        "decision": decision, "expected_status": expected, "reason_codes": list(codes), "note": note})


@pytest.mark.django_db
def test_the_case_page_shows_masked_numbers_and_the_evidence_without_decrypting(build, people):
    application = build.submitted(birth=build_date(1990, 5, 13), holder="ANDI WIJAYA", account="9988776655")
    response = client_for(people.operator).get(case_url(application))
    body = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert NIK_MAN not in body and "9988776655" not in body
    assert "3171••••••••0001" in body and "••••••6655" in body
    # The checks' findings, side by side with what was declared, in the operator's language.
    assert "Differs from the birth date in the NIK" in body
    assert "The declared birth date differs from the birth date in the NIK." in body
    assert "Kota Administrasi Jakarta Pusat" in body
    assert "ANDI WIJAYA" in body and "Name match score" in body
    assert not AuditEvent.objects.filter(action="identity.decrypt", actor=people.operator.public_id).exists()


def build_date(*parts):
    from datetime import date

    return date(*parts)


@pytest.mark.django_db
def test_the_flags_are_explained_in_bahasa_indonesia_by_default(build, people):
    application = build.submitted(sex="F")
    client = Client()  # no Accept-Language: the site's default language
    client.force_login(people.operator)
    body = client.get(case_url(application)).content.decode()
    assert "Jenis kelamin yang dinyatakan berbeda dengan yang tersirat dalam NIK." in body


@pytest.mark.django_db
def test_reveal_needs_a_reason_shows_the_number_once_and_is_audited(build, people):
    application = build.submitted()
    client = client_for(people.operator)
    url = case_url(application, "operations:case_reveal")

    refused = client.post(url, {"field": "nik", "reason": "   "})
    assert refused.status_code == 422
    assert NIK_MAN.encode() not in refused.content and b"Say why you need to see this." in refused.content
    assert not AuditEvent.objects.filter(action="seller.identity.revealed").exists()

    shown = client.post(url, {"field": "nik", "reason": "Digit 9 on the KTP photo is unclear"})
    assert shown.status_code == 200
    assert "no-store" in shown["Cache-Control"]
    body = shown.content.decode()
    assert NIK_MAN in body
    assert "What this NIK says" in body and "Gambir" in body  # decoded: the district of registration
    [event] = AuditEvent.objects.filter(action="seller.identity.revealed", actor=people.operator.public_id)
    assert event.subject_id == application.public_id
    assert event.after == {"field": "nik", "reason": "Digit 9 on the KTP photo is unclear"}
    reads = AuditEvent.objects.filter(action="identity.decrypt", actor=people.operator.public_id)
    assert [e.after["purpose"] for e in reads] == ["operator_review"]
    # Shown once: the next view of the case is masked again.
    assert NIK_MAN.encode() not in client.get(case_url(application)).content


@pytest.mark.django_db
def test_reveal_of_a_field_the_case_does_not_hold_is_refused(build, people):
    application = build.submitted()
    response = client_for(people.operator).post(case_url(application, "operations:case_reveal"),
                                                {"field": "passport_number", "reason": "why not"})
    assert response.status_code == 422
    assert b"This application holds no such number." in response.content


@pytest.mark.django_db
def test_photos_need_a_reason_in_this_session_and_every_file_served_is_logged(build, people):
    application = build.submitted()
    other = build.submitted(owner=build.user(), nik="3171015205900002", sex="F", shop="Toko Lain",
                            full_name="Budi Santoso", account="5555555555")
    photo = application.documents.get(kind="ktp_photo")
    photo_url = case_url(application, "operations:case_document", document_id=photo.public_id)
    client = client_for(people.operator)

    assert client.get(photo_url).status_code == 403  # no reason recorded yet
    page = client.get(case_url(application)).content.decode()
    assert photo_url not in page  # and the page does not link the files
    assert client.post(case_url(application, "operations:case_documents_open"), {"reason": ""}).status_code == 422
    assert not AuditEvent.objects.filter(action__in=["seller.documents.opened", "identity.decrypt"],
                                         actor=people.operator.public_id).exists()

    opened = client.post(case_url(application, "operations:case_documents_open"),
                         {"reason": "Compare the selfie with the KTP photo"})
    assert opened.status_code == 302
    [record] = AuditEvent.objects.filter(action="seller.documents.opened")
    assert (record.actor, record.subject_id, record.after) == (
        people.operator.public_id, application.public_id, {"reason": "Compare the selfie with the KTP photo"})
    page = client.get(case_url(application)).content.decode()
    assert photo_url in page

    response = client.get(photo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg" and "no-store" in response["Cache-Control"]
    assert Image.open(io.BytesIO(response.content)).format == "JPEG"
    reads = AuditEvent.objects.filter(action="identity.decrypt", actor=people.operator.public_id)
    assert [(e.subject_id, e.after["purpose"]) for e in reads] == [(application.public_id, "operator_document_review")]

    # The reason opened this case only, in this session only.
    other_photo = other.documents.get(kind="selfie")
    assert client.get(case_url(other, "operations:case_document", document_id=other_photo.public_id)).status_code \
        == 403
    assert client_for(people.operator2).get(photo_url).status_code == 403
    assert AuditEvent.objects.filter(action="identity.decrypt", actor__startswith="usr").count() == 1


@pytest.mark.django_db
def test_only_the_allowed_steps_are_offered(build, people):
    client = client_for(people.operator)
    application = build.submitted()
    body = client.get(case_url(application)).content.decode()
    assert "Start review" in body and 'value="rejected"' in body
    assert 'value="verified"' not in body and 'value="more_info_needed"' not in body

    client.post(case_url(application, "operations:case_review_start"), {"expected_status": "submitted"})
    body = client.get(case_url(application)).content.decode()
    assert "Start review" not in body
    assert all(f'value="{d}"' in body for d in ("verified", "rejected", "more_info_needed"))

    decide(client, application, "verified", "in_review")
    body = client.get(case_url(application)).content.decode()
    assert not any(f'name="decision" value="{d}"' in body for d in ("verified", "rejected", "more_info_needed"))
    assert "No operator step is possible" in body


@pytest.mark.django_db
def test_reject_with_several_reason_codes_and_a_note(build, people):
    application = build.in_review()
    client = client_for(people.operator)

    missing = decide(client, application, "rejected", "in_review")
    assert missing.status_code == 422 and b"Give at least one reason." in missing.content
    other_without_note = decide(client, application, "rejected", "in_review", codes=["other"])
    assert other_without_note.status_code == 422 and b"Explain the other reason in the note." in \
        other_without_note.content
    unknown = decide(client, application, "rejected", "in_review", codes=["mlm_not_allowed"])
    assert unknown.status_code == 422
    assert SellerApplication.objects.get(pk=application.pk).status == ApplicationStatus.IN_REVIEW

    done = decide(client, application, "rejected", "in_review", codes=["selfie_mismatch", "document_unreadable"],
                  note="The selfie is of someone else.")
    assert done.status_code == 302
    step = ApplicationTransition.objects.get(application=application, to_status="rejected")
    assert [r["code"] for r in step.reasons] == ["selfie_mismatch", "document_unreadable"]
    assert step.note == "The selfie is of someone else." and step.actor == people.operator
    assert b"Decision recorded" in client.get(done["Location"]).content


@pytest.mark.django_db
def test_more_information_needs_a_reason_and_says_what_is_needed(build, people):
    application = build.in_review()
    client = client_for(people.operator)
    response = decide(client, application, "more_info_needed", "in_review", codes=["document_unreadable"])
    assert response.status_code == 422 and b"Say what the applicant must send or change." in response.content
    response = decide(client, application, "more_info_needed", "in_review", codes=["document_unreadable"],
                      note="Send a sharper photo of the KTP.")
    assert response.status_code == 302
    assert SellerApplication.objects.get(pk=application.pk).status == ApplicationStatus.MORE_INFO_NEEDED


@pytest.mark.django_db
def test_the_second_of_two_operators_is_told_the_case_was_already_decided(build, people):
    application = build.in_review()
    first, second = client_for(people.operator), client_for(people.operator2)
    # Both have the case open while it is in review.
    assert b'value="verified"' in first.get(case_url(application)).content
    assert b'value="rejected"' in second.get(case_url(application)).content

    assert decide(first, application, "verified", "in_review").status_code == 302
    late = decide(second, application, "rejected", "in_review", codes=["fraud_suspected"])
    assert late.status_code == 409
    assert "This case was already decided by another operator: it is now “Verified”." in late.content.decode()
    assert SellerApplication.objects.get(pk=application.pk).status == ApplicationStatus.VERIFIED
    assert ApplicationTransition.objects.filter(application=application, from_status="in_review").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_operators_pressing_at_the_same_moment_get_one_decision_and_one_message(racing_db, build, people):
    import threading

    from django.db import connections

    application = build.in_review()
    clients = [client_for(people.operator), client_for(people.operator2)]
    posts = [("verified", []), ("rejected", ["fraud_suspected"])]
    barrier = threading.Barrier(2)
    responses: list = [None, None]

    def press(index):
        try:
            barrier.wait(timeout=10)
            decision, codes = posts[index]
            responses[index] = decide(clients[index], application, decision, "in_review", codes=codes)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    codes = sorted(r.status_code for r in responses)
    assert codes == [302, 409], codes
    loser = next(r for r in responses if r.status_code == 409)
    assert "already decided by another operator" in loser.content.decode()
    assert ApplicationTransition.objects.filter(application=application, from_status="in_review").count() == 1


@pytest.mark.django_db
def test_an_operator_cannot_decide_a_shop_they_belong_to(build, people):
    from lapak.market.sellers.services import member_add

    application = build.in_review()
    member_add(organisation=application.organisation, actor=people.owner, user=people.operator2, role="staff")
    response = decide(client_for(people.operator2), application, "verified", "in_review")
    assert response.status_code == 403
    assert b"Operators cannot decide applications of shops they belong to." in response.content
    assert SellerApplication.objects.get(pk=application.pk).status == ApplicationStatus.IN_REVIEW
