"""Members see and change only their own organisations; roles limit what each member may do."""

from __future__ import annotations

import pytest

from lapak.accounts.selectors import user_roles
from lapak.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lapak.market.sellers.models import Membership
from lapak.market.sellers.selectors import (
    application_current,
    application_for,
    application_queue,
    applications_for,
    bank_account_current,
    members_of,
    organisation_for,
    organisations_for,
)
from lapak.market.sellers.services import (
    application_start,
    application_submit,
    bank_account_set,
    document_upload,
    member_add,
    member_remove,
    member_role_change,
    organisation_profile_update,
    seller_apply,
)
from lapak.market.sellers.tests.conftest import NIK_WOMAN, POSTCODE, VILLAGE, jpeg_bytes


@pytest.mark.django_db
def test_another_sellers_organisation_and_application_are_invisible(build, people, make_user):
    mine = build.individual()
    other_owner = make_user(email="other@example.test")
    theirs = build.individual(owner=other_owner, shop="Toko Orang Lain", nik=NIK_WOMAN, sex="F")

    assert list(organisations_for(user=people.owner)) == [mine.organisation]
    assert list(applications_for(user=people.owner)) == [mine]
    assert organisation_for(user=people.owner, public_id=mine.organisation.public_id) == mine.organisation
    with pytest.raises(NotFound):
        organisation_for(user=people.owner, public_id=theirs.organisation.public_id)
    with pytest.raises(NotFound):
        application_for(user=people.owner, public_id=theirs.public_id)
    for call in (
        lambda: application_current(organisation=theirs.organisation, user=people.owner),
        lambda: members_of(organisation=theirs.organisation, user=people.owner),
        lambda: bank_account_current(organisation=theirs.organisation, user=people.owner),
        lambda: application_submit(application=theirs, actor=people.owner),
        lambda: document_upload(application=theirs, actor=people.owner, kind="selfie", data=jpeg_bytes()),
        lambda: organisation_profile_update(organisation=theirs.organisation, actor=people.owner,
                                            data={"shop_name": "Mine now"}),
    ):
        with pytest.raises(NotFound):  # not even PermissionDenied: its existence is not confirmed
            call()
    assert list(organisations_for(user=people.stranger)) == []


@pytest.mark.django_db
def test_only_operators_read_the_queue(build, people):
    application = build.submitted()
    assert list(application_queue(actor=people.operator)) == [application]
    with pytest.raises(PermissionDenied):
        application_queue(actor=people.owner)


@pytest.mark.django_db
def test_roles_owner_manager_staff(build, people, make_user):
    application = build.individual()
    organisation = application.organisation
    manager, staff, staff2 = (make_user(email=f"{n}@example.test") for n in ("manager", "staff", "staff2"))
    member_add(organisation=organisation, actor=people.owner, user=manager, role="manager")
    member_add(organisation=organisation, actor=manager, user=staff, role="staff")
    assert "seller_member" in user_roles(staff)
    with pytest.raises(PermissionDenied):  # a manager cannot make managers
        member_add(organisation=organisation, actor=manager, user=staff2, role="manager")
    with pytest.raises(PermissionDenied):  # staff add no one
        member_add(organisation=organisation, actor=staff, user=staff2, role="staff")
    with pytest.raises(Conflict):
        member_add(organisation=organisation, actor=people.owner, user=staff, role="staff")
    with pytest.raises(ValidationFailed):
        member_add(organisation=organisation, actor=people.owner, user=staff2, role="owner")

    # Staff see the shop but cannot edit the application; managers can.
    assert organisation_for(user=staff, public_id=organisation.public_id) == organisation
    with pytest.raises(PermissionDenied):
        document_upload(application=application, actor=staff, kind="selfie", data=jpeg_bytes())
    document_upload(application=application, actor=manager, kind="selfie", data=jpeg_bytes())

    # Only the owner changes where payouts go.
    with pytest.raises(PermissionDenied):
        bank_account_set(organisation=organisation, actor=manager, bank_code="BCA", account_number="1111222233",
                         holder_name="BUDI SANTOSO")

    with pytest.raises(PermissionDenied):
        member_role_change(organisation=organisation, actor=manager, user=staff, role="manager")
    member_role_change(organisation=organisation, actor=people.owner, user=staff, role="manager")
    with pytest.raises(Conflict):
        member_role_change(organisation=organisation, actor=people.owner, user=people.owner, role="staff")

    member_remove(organisation=organisation, actor=staff, user=staff)  # leaving is always allowed
    with pytest.raises(Conflict):
        member_remove(organisation=organisation, actor=people.owner, user=people.owner)
    member_remove(organisation=organisation, actor=people.owner, user=manager)
    assert list(Membership.objects.filter(organisation=organisation).values_list("role", flat=True)) == ["owner"]


@pytest.mark.django_db
def test_one_open_application_per_organisation(build, people):
    application = build.individual()
    with pytest.raises(Conflict) as caught:
        application_start(organisation=application.organisation, actor=people.owner)
    assert caught.value.code == "application_open"


@pytest.mark.django_db
def test_shop_profile_with_a_village_level_pickup_address(build, people, region_tree):
    application = seller_apply(actor=people.owner, seller_type="individual", shop_name="Warung Bu Siti",
                               declared_annual_sales=3_000_000_000)
    organisation = application.organisation
    assert (organisation.shop_slug, organisation.umkm_class) == ("warung-bu-siti", "small")
    organisation = organisation_profile_update(organisation=organisation, actor=people.owner, data={
        "pickup_region_code": VILLAGE.replace(".", ""), "pickup_street": "Jl. Kahfi 5", "description": "Kopi",
    })
    assert (organisation.pickup_region_id, organisation.pickup_postcode) == (VILLAGE, POSTCODE)
    with pytest.raises(ValidationFailed) as caught:
        organisation_profile_update(organisation=organisation, actor=people.owner,
                                    data={"pickup_region_code": "31.71.01", "pickup_postcode": "99999"})
    assert set(caught.value.fields) == {"pickup_region_code"}
    with pytest.raises(ValidationFailed) as caught:
        organisation_profile_update(organisation=organisation, actor=people.owner, data={"pickup_postcode": "1234"})
    second = seller_apply(actor=people.owner, seller_type="individual", shop_name="Warung Bu Siti")
    assert second.organisation.shop_slug.startswith("warung-bu-siti-")
