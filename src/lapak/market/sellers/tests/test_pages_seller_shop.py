"""A shop's own pages: only its members see them, and each role may do only what the services allow."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lapak.market.sellers.models import BankAccount, Membership
from lapak.market.sellers.services import member_add
from lapak.market.sellers.tests.conftest import NIK_WOMAN, POSTCODE, VILLAGE, png_bytes
from lapak.market.sellers.tests.test_pages_seller_support import client_for, step, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_shops(build, people, make_user):
    mine = build.individual()
    other = make_user(email="seller-b@example.test")
    theirs = build.individual(owner=other, shop="Toko B", nik=NIK_WOMAN, sex="F")
    return mine, theirs, other


def test_another_sellers_pages_are_not_found(two_shops, people):
    mine, theirs, other = two_shops
    client = client_for(other)
    org, kyc = mine.organisation.public_id, mine.public_id
    member = people.owner.public_id
    for url in (f"/seller/shops/{org}/", f"/seller/shops/{org}/members/", f"/seller/shops/{org}/bank/",
                f"/seller/shops/{org}/logo.png", f"/seller/applications/{kyc}/", step(mine, "identity"),
                step(mine, "review")):
        assert client.get(url).status_code == 404, url
    for url, data in ((f"/seller/shops/{org}/", {"shop_name": "Taken"}),
                      (f"/seller/shops/{org}/bank/", {"bank_code": "BCA", "account_number": "1111111111",
                                                      "holder_name": "B"}),
                      (f"/seller/shops/{org}/members/", {"email": "seller-b@example.test", "role": "staff"}),
                      (f"/seller/shops/{org}/members/{member}/remove/", {}),
                      (f"/seller/applications/{kyc}/withdraw/", {}), (step(mine, "identity"), {"full_name": "B"}),
                      (step(mine, "review"), {"submit": "1"}), (f"/seller/shops/{org}/apply-again/", {})):
        assert client.post(url, data).status_code == 404, url
    mine.refresh_from_db()
    mine.organisation.refresh_from_db()
    assert mine.organisation.shop_name == "Toko Budi" and mine.full_name == "Budi Santoso"
    assert mine.status == "draft"
    # Their own shop is fine.
    assert client.get(f"/seller/shops/{theirs.organisation.public_id}/").status_code == 200


def test_staff_see_the_payout_account_but_cannot_change_it(build, people, make_user):
    application = build.individual()
    organisation = application.organisation
    staff = make_user(email="staff@example.test")
    member_add(organisation=organisation, actor=people.owner, user=staff, role="staff")
    client = client_for(staff)
    page = client.get(f"/seller/shops/{organisation.public_id}/bank/")
    assert page.status_code == 200
    assert 'id="owner-only"' in text(page) and 'name="account_number"' not in text(page)
    assert "••••••7890" in text(page)
    refused = client.post(f"/seller/shops/{organisation.public_id}/bank/",
                          {"bank_code": "BCA", "account_number": "5555555555", "holder_name": "STAFF"})
    assert refused.status_code == 403
    assert 'id="forbidden-reason"' in text(refused)
    assert BankAccount.objects.filter(organisation=organisation).count() == 1
    # Nor in the wizard, and staff cannot edit the profile either.
    assert client.post(step(application, "bank"), {"bank_code": "BCA", "account_number": "5555555555",
                                                   "holder_name": "STAFF"}).status_code == 403
    assert client.post(f"/seller/shops/{organisation.public_id}/", {"shop_name": "Mine"}).status_code == 403
    assert 'id="profile-view"' in text(client.get(f"/seller/shops/{organisation.public_id}/"))


def test_the_owner_changes_the_payout_account_and_sees_the_hold(build, people):
    application = build.verified()
    organisation = application.organisation
    client = client_for(people.owner)
    changed = client.post(f"/seller/shops/{organisation.public_id}/bank/",
                          {"bank_code": "BNI", "account_number": "2222333344", "holder_name": "BUDI SANTOSO"})
    assert changed.status_code == 302
    page = text(client.get(changed["Location"]))
    assert "held for 24 hours" in page and 'id="payout-status"' in page
    assert "••••••3344" in page and "2222333344" not in page
    assert 'badge--status-pending' in page  # the new account is verified again
    organisation.refresh_from_db()
    assert organisation.payout_hold_until is not None
    # Nothing typed: nothing changes (no second hold, no new account).
    unchanged = client.post(f"/seller/shops/{organisation.public_id}/bank/",
                            {"bank_code": "BNI", "holder_name": "BUDI SANTOSO"})
    assert unchanged.status_code == 302
    assert BankAccount.objects.filter(organisation=organisation).count() == 2


def test_members_are_added_by_email_given_roles_and_removed(build, people, make_user):
    application = build.individual()
    organisation = application.organisation
    manager, staff = make_user(email="manager@example.test"), make_user(email="staff@example.test")
    owner = client_for(people.owner)
    url = f"/seller/shops/{organisation.public_id}/members/"
    assert owner.post(url, {"email": "nobody@example.test", "role": "staff"}).status_code == 422
    assert owner.post(url, {"email": "MANAGER@example.test", "role": "manager"}).status_code == 302
    assert owner.post(url, {"email": "manager@example.test", "role": "staff"}).status_code == 409
    assert owner.post(url, {"email": "staff@example.test", "role": "staff"}).status_code == 302
    owner.post(f"{url}{staff.public_id}/role/", {"role": "manager"})
    assert Membership.objects.get(organisation=organisation, user=staff).role == "manager"
    owner.post(f"{url}{staff.public_id}/role/", {"role": "staff"})

    as_manager = client_for(manager)
    page = text(as_manager.get(url))
    assert 'name="email"' in page and "Change role" not in page
    assert as_manager.post(f"{url}{staff.public_id}/role/", {"role": "manager"}).status_code == 403
    assert Membership.objects.get(organisation=organisation, user=staff).role == "staff"  # only the owner may
    as_staff = client_for(staff)
    staff_page = text(as_staff.get(url))
    assert 'name="email"' not in staff_page and "Leave the shop" in staff_page
    assert as_staff.post(url, {"email": "stranger@example.test", "role": "staff"}).status_code == 403
    assert as_manager.post(f"{url}{staff.public_id}/remove/").status_code == 302
    assert not Membership.objects.filter(organisation=organisation, user=staff).exists()


def test_the_profile_and_logo_are_saved(build, people):
    application = build.individual()
    organisation = application.organisation
    client = client_for(people.owner)
    url = f"/seller/shops/{organisation.public_id}/"
    wrong = client.post(url, {"shop_name": "", "pickup_province": "31", "pickup_regency": "31.71",
                              "pickup_district": "31.71.01", "pickup_region_code": VILLAGE,
                              "pickup_postcode": "99999", "pickup_street": "Jl. Baru 1"})
    assert wrong.status_code == 422
    assert 'id="id_shop_name_error"' in text(wrong) and 'id="id_pickup_postcode_error"' in text(wrong)
    assert 'value="Jl. Baru 1"' in text(wrong) and f'value="{VILLAGE}" selected' in text(wrong)
    saved = client.post(url, {"shop_name": "Toko Budi Jaya", "description": "Kopi", "pickup_province": "31",
                              "pickup_regency": "31.71", "pickup_district": "31.71.01",
                              "pickup_region_code": VILLAGE, "pickup_postcode": POSTCODE,
                              "pickup_street": "Jl. Baru 1"})
    assert saved.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.shop_name, organisation.pickup_region_id) == ("Toko Budi Jaya", VILLAGE)

    not_picture = SimpleUploadedFile("logo.png", b"<svg/>", content_type="image/png")
    assert client.post(f"{url}logo/", {"logo": not_picture}).status_code == 422
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    assert client.post(f"{url}logo/", {"logo": logo}).status_code == 302
    served = client.get(f"{url}logo.png")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served.content.startswith(b"\x89PNG")


def test_shop_pages_need_a_signed_in_member(build):
    application = build.individual()
    response = Client().get(f"/seller/shops/{application.organisation.public_id}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("language", ["id", "en"])
def test_each_role_sees_the_shop_pages_with_what_it_may_do(build, people, make_user, language):
    application = build.individual()
    organisation = application.organisation
    manager, staff = make_user(email="m@example.test"), make_user(email="s@example.test")
    member_add(organisation=organisation, actor=people.owner, user=manager, role="manager")
    member_add(organisation=organisation, actor=people.owner, user=staff, role="staff")
    base = f"/seller/shops/{organisation.public_id}/"
    # (who, form on the profile page, add-member form, bank account form)
    for user, profile_form, add_form, bank_form in ((people.owner, True, True, True), (manager, True, True, False),
                                                    (staff, False, False, False)):
        client = client_for(user, language)
        pages = {name: client.get(base + suffix) for name, suffix in (("profile", ""), ("members", "members/"),
                                                                      ("bank", "bank/"))}
        for name, page in pages.items():
            assert page.status_code == 200, (user, name)
            assert f'<html lang="{language}">' in text(page)
        assert ('name="shop_name"' in text(pages["profile"])) is profile_form
        assert ('name="email"' in text(pages["members"])) is add_form
        assert ('name="account_number"' in text(pages["bank"])) is bank_form
    stranger = client_for(people.stranger, language)
    assert all(stranger.get(base + suffix).status_code == 404 for suffix in ("", "members/", "bank/"))
