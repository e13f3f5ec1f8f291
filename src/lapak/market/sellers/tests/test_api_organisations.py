"""`/api/v1/sellers/me/organisations`, `/organisations/…` behaviour: profile, logo, members, payout account."""

from __future__ import annotations

import pytest

from lapak.market.sellers.models import BankAccount
from lapak.market.sellers.services import member_add
from lapak.market.sellers.tests.conftest import POSTCODE, VILLAGE, png_bytes
from lapak.market.sellers.tests.test_api_support import ACCOUNT, call, error_of

URL = "/api/v1/sellers/organisations"


@pytest.fixture
def shop(build, people, bearer):
    application = build.individual(account=ACCOUNT)
    return application.organisation, bearer(people.owner)


@pytest.mark.django_db
def test_my_organisations_lists_only_mine_with_my_role(shop, make_user, bearer, people):
    organisation, owner = shop
    staff = make_user(email="staff@example.test")
    member_add(organisation=organisation, actor=people.owner, user=staff, role="staff")
    mine = call("GET", "/api/v1/sellers/me/organisations", owner).json()
    assert [(o["id"], o["my_role"]) for o in mine["items"]] == [(organisation.public_id, "owner")]
    assert mine["count"] == 1 and mine["limit"] == 20
    theirs = call("GET", "/api/v1/sellers/me/organisations", bearer(staff)).json()
    assert [(o["id"], o["my_role"]) for o in theirs["items"]] == [(organisation.public_id, "staff")]
    nobody = call("GET", "/api/v1/sellers/me/organisations", bearer(make_user())).json()
    assert nobody == {"items": [], "count": 0, "limit": 20, "offset": 0}
    assert call("GET", "/api/v1/sellers/me/organisations?offset=-1", owner).status_code == 422


@pytest.mark.django_db
def test_owners_see_the_payout_account_masked_and_staff_do_not(shop, make_user, bearer, people):
    organisation, owner = shop
    body = call("GET", f"{URL}/{organisation.public_id}", owner).json()
    assert body["my_role"] == "owner" and body["can_sell"] is False
    assert body["current_application"]["status"] == "draft"
    assert body["bank_account"]["number_masked"] == "••••••2233"
    assert ACCOUNT not in str(body)
    assert body["bank_account"]["payouts_on_hold"] is True  # not verified yet
    staff = make_user(email="staff@example.test")
    member_add(organisation=organisation, actor=people.owner, user=staff, role="staff")
    as_staff = call("GET", f"{URL}/{organisation.public_id}", bearer(staff)).json()
    assert as_staff["my_role"] == "staff"
    assert as_staff["bank_account"] is None and as_staff["current_application"] is None


@pytest.mark.django_db
def test_the_profile_changes_field_by_field_with_checked_addresses(shop):
    organisation, owner = shop
    url = f"{URL}/{organisation.public_id}"
    response = call("PATCH", url, owner, json_body={"description": "Kopi Gayo", "pickup_region_code": VILLAGE,
                                                    "pickup_street": "Jl. Gambir 1"})
    assert response.status_code == 200, response.content
    assert response.json()["pickup"] == {"region_code": VILLAGE, "street": "Jl. Gambir 1", "postcode": POSTCODE}
    assert response.json()["shop_name"] == "Toko Budi"
    wrong = call("PATCH", url, owner, json_body={"pickup_region_code": "31.71", "pickup_postcode": "1011",
                                                 "umkm_class": "giant", "shop_name": ""})
    assert wrong.status_code == 422
    assert set(error_of(wrong)["fields"]) == {"pickup_region_code", "pickup_postcode", "umkm_class", "shop_name"}
    assert call("GET", url, owner).json()["description"] == "Kopi Gayo"


@pytest.mark.django_db
def test_the_logo_is_a_checked_picture(shop):
    organisation, owner = shop
    url = f"{URL}/{organisation.public_id}/logo"
    response = call("POST", url, owner, file=png_bytes())
    assert response.status_code == 200 and response.json()["has_logo"] is True
    refused = call("POST", url, owner, file=b"<svg onload=alert(1)>")
    assert refused.status_code == 422
    assert error_of(refused)["code"] == "upload_not_image" and list(error_of(refused)["fields"]) == ["file"]


@pytest.mark.django_db
def test_members_are_added_by_email_and_roles_limit_who_does_what(shop, make_user, bearer, people):
    organisation, owner = shop
    url = f"{URL}/{organisation.public_id}/members"
    manager = make_user(email="manager@example.test")
    added = call("POST", url, owner, json_body={"email": "MANAGER@example.test", "role": "manager"})
    assert added.status_code == 201, added.content
    assert added.json() == {**added.json(), "user_id": manager.public_id, "role": "manager"}
    assert error_of(call("POST", url, owner, json_body={"email": manager.email, "role": "staff"}))["code"] == (
        "member_exists")
    unknown = call("POST", url, owner, json_body={"email": "nobody@example.test", "role": "staff"})
    assert unknown.status_code == 422 and list(error_of(unknown)["fields"]) == ["email"]
    assert list(error_of(call("POST", url, owner, json_body={"email": manager.email, "role": "owner"}))["fields"]) == [
        "role"]

    as_manager = bearer(manager)
    clerk = make_user(email="clerk@example.test")
    promote = call("POST", url, as_manager, json_body={"email": clerk.email, "role": "manager"})
    assert promote.status_code == 403 and error_of(promote)["code"] == "seller_role_insufficient"
    assert call("POST", url, as_manager, json_body={"email": clerk.email, "role": "staff"}).status_code == 201
    assert call("PATCH", f"{url}/{clerk.public_id}", as_manager, json_body={"role": "manager"}).status_code == 403
    changed = call("PATCH", f"{url}/{clerk.public_id}", owner, json_body={"role": "manager"})
    assert changed.status_code == 200 and changed.json()["role"] == "manager"
    owner_fixed = call("PATCH", f"{url}/{people.owner.public_id}", owner, json_body={"role": "staff"})
    assert owner_fixed.status_code == 409 and error_of(owner_fixed)["code"] == "owner_role_fixed"
    assert call("DELETE", f"{url}/{people.owner.public_id}", owner).status_code == 409
    assert call("DELETE", f"{url}/usr_01JD3Q6Y8W9M2K4N7P5R0S1T2V", owner).status_code == 404

    assert call("DELETE", f"{url}/{clerk.public_id}", bearer(clerk)).status_code == 204  # leaving
    members = call("GET", url, owner).json()
    assert [(m["email"], m["role"]) for m in members["items"]] == [
        ("owner@example.test", "owner"), ("manager@example.test", "manager")]
    staff = make_user(email="staff@example.test")
    member_add(organisation=organisation, actor=people.owner, user=staff, role="staff")
    probe = call("POST", url, bearer(staff), json_body={"email": "nobody@example.test", "role": "staff"})
    assert probe.status_code == 403  # staff cannot learn whether an account exists


@pytest.mark.django_db
def test_only_the_owner_sets_the_payout_account_and_a_change_holds_payouts(shop, make_user, bearer, people):
    organisation, owner = shop
    url = f"{URL}/{organisation.public_id}/bank-account"
    manager = make_user(email="manager@example.test")
    member_add(organisation=organisation, actor=people.owner, user=manager, role="manager")
    body = {"bank_code": "bni", "account_number": "0099 8877 66", "holder_name": "Budi Santoso"}
    refused = call("PUT", url, bearer(manager), json_body=body)
    assert refused.status_code == 403 and error_of(refused)["code"] == "seller_role_insufficient"

    response = call("PUT", url, owner, json_body=body)
    assert response.status_code == 200, response.content
    account = response.json()
    assert account["bank_code"] == "BNI" and account["number_masked"] == "••••••7766"
    assert "0099887766" not in response.content.decode() and "0099 8877 66" not in response.content.decode()
    assert account["payout_hold_until"] is not None and account["payouts_on_hold"] is True  # it replaced one
    assert account["status"] == "pending" and account["holder_matched"] is True
    assert BankAccount.objects.filter(organisation=organisation).count() == 2

    bad = call("PUT", url, owner, json_body={"bank_code": "", "account_number": "12ab", "holder_name": ""})
    assert bad.status_code == 422
    assert set(error_of(bad)["fields"]) == {"bank_code", "account_number", "holder_name"}
