"""Data-subject rights: export, correction, deletion with retention; every request due in 72 hours."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.core.audit.models import AuditEvent
from lapak.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lapak.market.sellers.errors import DuplicateIdentity
from lapak.market.sellers.models import (
    ApplicationDocument,
    BankAccount,
    DataSubjectRequest,
    IdentityClaim,
    OrganisationStatus,
    RequestStatus,
    SellerApplication,
)
from lapak.market.sellers.selectors import data_requests_open, seller_can_sell
from lapak.market.sellers.services import (
    data_correction_decide,
    data_correction_request,
    data_deletion_execute,
    data_deletion_request,
    data_export_request,
    data_request_refuse,
    seller_apply,
)
from lapak.market.sellers.tests.conftest import NIK_MAN, NIK_WOMAN


@pytest.mark.django_db
def test_export_holds_everything_with_the_persons_own_numbers_in_full(build, people):
    application = build.submitted()
    request, export = data_export_request(user=people.owner)
    json.dumps(export)  # JSON-able as is
    assert (request.kind, request.status) == ("access", RequestStatus.COMPLETED)
    assert request.due_at == request.created_at + timedelta(hours=72)
    [app] = export["applications"]
    assert app["id"] == application.public_id
    assert app["identity_numbers"]["nik"] == {"masked": "3171••••••••0001", "value": NIK_MAN}
    assert app["declared"]["birth_date"] == "1990-05-12" and app["declared"]["phone"] == "+6281234567890"
    assert {d["kind"] for d in app["documents"]} == {"ktp_photo", "selfie"}
    assert [h["to"] for h in app["history"]] == ["submitted"]
    [account] = export["bank_accounts"]
    assert (account["number"], account["number_masked"]) == ("1234567890", "••••••7890")
    assert {c["purpose"] for c in export["consents"]} == {"kyc_verification", "payout_processing", "fraud_prevention"}
    assert export["organisations"][0]["role"] == "owner"
    assert export["data_requests"][0]["kind"] == "access"
    reads = AuditEvent.objects.filter(action="identity.decrypt", actor=people.owner.public_id)
    assert {e.after["purpose"] for e in reads} == {"data_subject_access"} and reads.count() == 2


@pytest.mark.django_db
def test_export_can_include_the_documents_themselves(build, people):
    import base64
    import io

    from PIL import Image

    build.individual()
    _request, export = data_export_request(user=people.owner, include_files=True)
    documents = {d["kind"]: d for d in export["applications"][0]["documents"]}
    photo = Image.open(io.BytesIO(base64.b64decode(documents["selfie"]["content_base64"])))
    assert photo.format == "JPEG"
    reads = AuditEvent.objects.filter(action="identity.decrypt", subject_id=documents["selfie"]["id"])
    assert [e.after["purpose"] for e in reads] == ["data_subject_access"]


@pytest.mark.django_db
def test_a_responsible_persons_nik_is_exported_masked_only(build, people):
    build.business()
    _request, export = data_export_request(user=people.owner)
    numbers = export["applications"][0]["identity_numbers"]
    assert numbers["responsible_nik"] == {"masked": "3171••••••••0002"}
    assert numbers["nib"]["value"] == "9120001234567"
    assert NIK_WOMAN not in json.dumps(export)


@pytest.mark.django_db
def test_correction_is_sealed_then_applied_by_an_operator(build, people):
    application = build.submitted()
    request = data_correction_request(user=people.owner, application=application,
                                      changes={"full_name": "Budi Santoso Wijaya", "nik": NIK_WOMAN},
                                      note="Typo in my NIK")
    stored = DataSubjectRequest.objects.get(pk=request.pk)
    assert stored.correction_fields == ["full_name", "nik"] and NIK_WOMAN.encode() not in bytes(
        stored.correction_encrypted)
    assert [r.pk for r in data_requests_open(actor=people.operator)] == [request.pk]
    with pytest.raises(PermissionDenied):
        data_correction_decide(request=request, actor=people.owner, accept=True)

    data_correction_decide(request=request, actor=people.operator, accept=True, note="Checked against KTP")
    request.refresh_from_db()
    application.refresh_from_db()
    assert (request.status, request.correction_encrypted, request.handled_by) == ("completed", None, people.operator)
    assert (application.full_name, application.nik_masked) == ("Budi Santoso Wijaya", "3171••••••••0002")
    claim = IdentityClaim.objects.get(application=application, kind="nik")
    assert claim.lookup_hash == application.nik_hash  # the claim moved with the number
    assert [(e.from_status, e.to_status) for e in request.events.all()] == [("", "open"), ("open", "completed")]
    with pytest.raises(Conflict):
        data_correction_decide(request=request, actor=people.operator, accept=True)


@pytest.mark.django_db
def test_a_correction_to_a_nik_another_seller_holds_is_refused_whole(build, people, make_user):
    other = make_user(email="other@example.test")
    build.submitted(owner=other, nik=NIK_WOMAN, sex="F", shop="Toko Lain")
    application = build.submitted()
    request = data_correction_request(user=people.owner, application=application,
                                      changes={"full_name": "Someone Else", "nik": NIK_WOMAN})
    with pytest.raises(DuplicateIdentity):
        data_correction_decide(request=request, actor=people.operator, accept=True)
    application.refresh_from_db()
    request.refresh_from_db()
    assert (application.full_name, application.nik_masked, request.status) == ("Budi Santoso", "3171••••••••0001",
                                                                               "open")


@pytest.mark.django_db
def test_corrections_are_checked_and_only_the_applicant_may_ask(build, people):
    application = build.submitted()
    with pytest.raises(ValidationFailed):
        data_correction_request(user=people.owner, application=application, changes={"nik": "123"})
    with pytest.raises(ValidationFailed):
        data_correction_request(user=people.owner, application=application, changes={"status": "verified"})
    with pytest.raises(NotFound):
        data_correction_request(user=people.stranger, application=application, changes={"full_name": "X"})
    request = data_correction_request(user=people.owner, application=application, changes={"full_name": "X"})
    with pytest.raises(ValidationFailed):
        data_correction_decide(request=request, actor=people.operator, accept=False)
    data_correction_decide(request=request, actor=people.operator, accept=False, note="The KTP says otherwise")
    request.refresh_from_db()
    assert (request.status, request.resolution_note) == ("refused", "The KTP says otherwise")


@pytest.mark.django_db
def test_deletion_of_a_verified_seller_keeps_records_for_their_retention_and_erases_the_rest(build, people):
    application = build.verified()
    organisation = application.organisation
    draft_elsewhere = seller_apply(actor=people.owner, seller_type="individual", shop_name="Toko Draf")
    request = data_deletion_request(user=people.owner, note="Please delete my data")
    assert request.status == "open" and request.due_at == request.created_at + timedelta(hours=72)
    assert list(data_requests_open(actor=people.operator)) == [request]

    data_deletion_execute(request=request, actor=people.operator)
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED
    kept = {(k["item"], k["retention_class"]) for k in request.result["kept"]}
    erased = {e["item"] for e in request.result["erased"]}
    assert {("identity_numbers", "trade"), ("application_record", "trade"), ("payout_bank_account", "financial"),
            ("consent_records", "trade")} <= kept
    assert {"document:ktp_photo", "document:selfie", "contact_and_personal_details", "draft_application",
            "shop_closed"} <= erased
    until = {k["item"]: k["until"] for k in request.result["kept"]}
    today = timezone.localdate()
    assert until["identity_numbers"] == today.replace(year=today.year + 5).isoformat()
    assert until["payout_bank_account"] == today.replace(year=today.year + 10).isoformat()
    assert all(k["rule_id"] == "ID-REC-1" for k in request.result["kept"])

    application.refresh_from_db()
    assert application.nik_encrypted is not None and application.nik_masked  # kept: the seller's trade record
    assert (application.phone, application.birth_date, application.address_line) == ("", None, "")
    assert application.retain_until == today.replace(year=today.year + 5)
    photos = ApplicationDocument.objects.filter(application=application)
    assert all(d.content_encrypted is None and d.erased_at for d in photos)
    account = BankAccount.objects.get(organisation=organisation)
    assert account.number_encrypted is not None and account.retain_until == today.replace(year=today.year + 10)
    organisation.refresh_from_db()
    assert organisation.status == OrganisationStatus.CLOSED and not seller_can_sell(organisation)
    assert not SellerApplication.objects.filter(pk=draft_elsewhere.pk).exists()
    with pytest.raises(Conflict):
        data_deletion_execute(request=request, actor=people.operator)


@pytest.mark.django_db
def test_deletion_of_a_never_verified_applicant_erases_identity_numbers_and_keeps_the_decision(build, people):
    application = build.submitted()
    request = data_deletion_request(user=people.owner)
    data_deletion_execute(request=request, actor=None)  # the platform may carry it out itself
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert (application.nik_encrypted, application.nik_hash, application.nik_masked) == (None, "", "3171••••••••0001")
    assert not IdentityClaim.objects.exists()
    account = BankAccount.objects.get(organisation=application.organisation)
    assert (account.number_encrypted, account.number_hash) == (None, "")
    request.refresh_from_db()
    assert ("identity_numbers" in {e["item"] for e in request.result["erased"]})
    assert {k["why"] for k in request.result["kept"] if k["item"] == "application_record"} == {"decision_record"}


@pytest.mark.django_db
def test_a_request_can_be_refused_with_a_reason_and_is_flagged_overdue(build, people):
    request = data_deletion_request(user=people.owner)
    DataSubjectRequest.objects.filter(pk=request.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    assert [r.overdue for r in data_requests_open(actor=people.operator)] == [True]
    with pytest.raises(ValidationFailed):
        data_request_refuse(request=request, actor=people.operator, note="")
    data_request_refuse(request=request, actor=people.operator, note="Identity could not be confirmed")
    request.refresh_from_db()
    assert request.status == "refused"
    audit = AuditEvent.objects.filter(action="seller.data_request.refused", subject_id=request.public_id).get()
    assert audit.after["late"] is True
