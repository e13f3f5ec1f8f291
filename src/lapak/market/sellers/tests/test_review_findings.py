"""Regression tests for the findings of the security review of the seller work."""

import pytest

from lapak.accounts.services import role_grant
from lapak.core.errors import Conflict, PermissionDenied, ValidationFailed
from lapak.market.sellers.selectors import application_for
from lapak.market.sellers.services import (
    application_decide,
    application_draft_save,
    application_review_start,
    application_start,
    data_correction_decide,
    data_correction_request,
    member_add,
    seller_apply,
)

pytestmark = pytest.mark.django_db


def test_a_manager_who_starts_a_new_draft_does_not_become_its_applicant(build, people, make_user):
    application = build.submitted()
    application_review_start(application=application, actor=people.operator)
    application_decide(application=application, actor=people.operator, decision="rejected", reason_codes=["other"],
                       note="Please apply again")
    manager = make_user(email="manager@example.test")
    member_add(organisation=application.organisation, actor=people.owner, user=manager, role="manager")
    fresh = application_start(organisation=application.organisation, actor=manager)
    assert fresh.applicant == people.owner


def test_staff_cannot_open_an_application(build, people, make_user):
    application = build.individual()
    staff = make_user(email="staff@example.test")
    member_add(organisation=application.organisation, actor=people.owner, user=staff, role="staff")
    with pytest.raises(PermissionDenied):
        application_for(user=staff, public_id=application.public_id)


def test_a_regulator_cannot_open_a_shop_or_act_as_operator(region_tree, people, client):
    role_grant(user=people.operator, role="regulator", jurisdiction="ID")
    with pytest.raises(PermissionDenied):
        seller_apply(actor=people.operator, seller_type="individual", shop_name="Toko Regulator")
    client.force_login(people.operator)
    assert client.get("/operations/kyc/").status_code == 403
    assert client.get("/seller/").status_code == 403


def test_non_text_values_are_a_field_error_not_a_crash(build, people):
    application = build.individual()
    with pytest.raises(ValidationFailed) as error:
        application_draft_save(application=application, actor=people.owner, data={"full_name": True, "nik": 5})
    assert set(error.value.fields) == {"full_name", "nik"}


def test_corrections_need_an_independent_operator_and_never_swap_a_verified_nik(build, people):
    application = build.verified()
    member_add(organisation=application.organisation, actor=people.owner, user=people.operator2, role="manager")
    request = data_correction_request(user=people.owner, application=application,
                                      changes={"nik": "3171015205900002", "sex": "F"})
    with pytest.raises(PermissionDenied):
        data_correction_decide(request=request, actor=people.operator2, accept=True)
    with pytest.raises(Conflict) as refused:
        data_correction_decide(request=request, actor=people.operator, accept=True)
    assert refused.value.code == "correction_needs_verification"
    application.refresh_from_db()
    assert application.nik_masked.endswith("0001")


def test_staff_cannot_probe_accounts_through_the_member_form(build, people, make_user, client):
    application = build.individual()
    staff = make_user(email="staff@example.test")
    member_add(organisation=application.organisation, actor=people.owner, user=staff, role="staff")
    client.force_login(staff)
    url = f"/seller/shops/{application.organisation.public_id}/members/"
    unknown = client.post(url, {"email": "nobody@example.test", "role": "staff"})
    known = client.post(url, {"email": people.operator.email, "role": "staff"})
    assert unknown.status_code == known.status_code == 403


def test_uploads_are_not_fingerprinted_for_idempotency(build, people, bearer):
    import io

    from django.test import Client

    from lapak.core.idempotency.models import IdempotencyKey
    from lapak.market.sellers.tests.conftest import jpeg_bytes

    application = build.individual()
    response = Client().post(
        f"/api/v1/sellers/applications/{application.public_id}/documents/selfie",
        {"file": io.BytesIO(jpeg_bytes(size=(1600, 1200)))},
        HTTP_IDEMPOTENCY_KEY="upload-1", **bearer(people.owner),
    )
    assert response.status_code == 200
    assert not IdempotencyKey.objects.exists()


def test_erasure_ends_consent_and_erases_an_unverified_payout_account_and_home_pickup(build, people):
    from lapak.market.sellers.models import BankAccount, ConsentRecord, SellerOrganisation
    from lapak.market.sellers.services import data_deletion_execute, data_deletion_request, organisation_profile_update

    application = build.submitted()
    organisation = application.organisation
    organisation_profile_update(organisation=organisation, actor=people.owner,
                                data={"pickup_street": "Jl. Melati 3", "pickup_postcode": "10110",
                                      "pickup_region_code": "31.71.01.1001"})
    request = data_deletion_request(user=people.owner)
    result = data_deletion_execute(request=request, actor=people.operator).result
    account = BankAccount.objects.get(organisation=organisation)
    assert (account.number_masked, account.holder_name, account.number_encrypted) == ("", "", None)
    shop = SellerOrganisation.objects.get(pk=organisation.pk)
    assert (shop.pickup_street, shop.pickup_postcode) == ("", "")
    assert not ConsentRecord.objects.filter(user=people.owner, ended_at__isnull=True).exists()
    assert ConsentRecord.objects.filter(user=people.owner).exists()  # kept as proof
    assert {"payout_bank_account_number", "pickup_address"} <= {item["item"] for item in result["erased"]}
