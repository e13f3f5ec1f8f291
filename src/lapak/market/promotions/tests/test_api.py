"""The promotions API's behaviour: a buyer's check, a shop's vouchers, and bad input (422 per field, no writes)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.market.catalog.tests.test_api_support import call, cworld_fixture, error_of  # noqa: F401
from lapak.market.promotions.models import Voucher
from lapak.market.promotions.services import voucher_create, voucher_redeem
from lapak.market.promotions.tests.conftest import terms

P = "/api/v1/promotions"


def body(**overrides) -> dict:
    data = terms(**overrides)
    for name in ("valid_from", "valid_until"):
        if hasattr(data.get(name), "isoformat"):
            data[name] = data[name].isoformat()
    return data


def test_a_buyer_checks_a_code_and_sees_the_discount(cworld):
    voucher_create(actor=cworld.owner, seller=cworld.shop,
                   data=terms(code="TOKO12", kind="percentage", amount=None, percent_bp=1_200, max_discount=15_000))
    response = call("GET", f"{P}/vouchers/toko12/check?subtotal=100000", cworld.headers["buyer"])
    assert response.status_code == 200
    assert response.json() == {"code": "TOKO12", "issuer": "seller", "seller": cworld.shop.public_id,
                               "subtotal": 100_000, "discount": 12_000, "total": 88_000}
    capped = call("GET", f"{P}/vouchers/TOKO12/check?subtotal=1000000", cworld.headers["buyer"]).json()
    assert capped["discount"] == 15_000


@pytest.mark.parametrize(("overrides", "subtotal", "code"), [
    ({"valid_from": timezone.now() - timedelta(days=3), "valid_until": timezone.now() - timedelta(seconds=1)},
     75_000, "voucher_expired"),
    ({"valid_from": timezone.now() + timedelta(days=1)}, 75_000, "voucher_not_started"),
    ({"active": False}, 75_000, "voucher_inactive"),
    ({}, 49_999, "voucher_below_minimum_spend"),
])
def test_a_code_that_does_not_apply_says_why(cworld, overrides, subtotal, code):
    voucher = voucher_create(actor=cworld.owner, seller=cworld.shop, data=terms(code="CEK", **{
        k: v for k, v in overrides.items() if k != "valid_until"}))
    if "valid_until" in overrides:  # an expired voucher cannot be issued; age a live one instead
        Voucher.objects.filter(pk=voucher.pk).update(**overrides)
    response = call("GET", f"{P}/vouchers/CEK/check?subtotal={subtotal}", cworld.headers["buyer"])
    assert response.status_code == 422
    assert error_of(response)["code"] == code and list(error_of(response)["fields"]) == ["code"]


def test_an_exhausted_code_says_so(cworld):
    voucher = voucher_create(actor=cworld.owner, seller=cworld.shop, data=terms(code="HABIS", budget=10_000))
    voucher_redeem(voucher=voucher, buyer=cworld.users["owner_b"], subtotal=60_000, order_ref="ord_x")
    response = call("GET", f"{P}/vouchers/HABIS/check?subtotal=60000", cworld.headers["buyer"])
    assert error_of(response)["code"] == "voucher_exhausted"


@pytest.mark.parametrize("subtotal", ["-1", "abc", "1e9", "99999999999999999999999", ""])
def test_a_bad_subtotal_is_422(cworld, subtotal):
    voucher_create(actor=cworld.owner, seller=cworld.shop, data=terms(code="SUB"))
    response = call("GET", f"{P}/vouchers/SUB/check?subtotal={subtotal}", cworld.headers["buyer"])
    assert response.status_code == 422 and "subtotal" in error_of(response)["fields"]


def test_an_unknown_code_is_404(cworld):
    response = call("GET", f"{P}/vouchers/NOPE/check?subtotal=1000", cworld.headers["buyer"])
    assert response.status_code == 404 and error_of(response)["code"] == "voucher_not_found"


@pytest.mark.parametrize(("overrides", "field"), [
    ({"kind": "percentage", "amount": None, "percent_bp": 15_000}, "percent_bp"),
    ({"amount": -10_000}, "amount"),
    ({"amount": 10**20}, "amount"),
    ({"budget": -1}, "budget"),
    ({"per_buyer_limit": 10**9}, "per_buyer_limit"),
    ({"valid_from": "kemarin"}, "valid_from"),
    ({"code": "A B"}, "code"),
    ({"seller": "org_x"}, "seller"),  # the issuer comes from the path, never the body
])
def test_bad_voucher_terms_are_422_on_their_field_and_nothing_is_written(cworld, overrides, field):
    path = f"{P}/seller/{cworld.shop.public_id}/vouchers"
    response = call("POST", path, cworld.headers["owner_a"], json_body=body(**overrides))
    assert response.status_code == 422, response.json()
    assert field in error_of(response)["fields"]
    assert Voucher.objects.count() == 0


def test_create_list_patch_delete(cworld):
    path = f"{P}/seller/{cworld.shop.public_id}/vouchers"
    created = call("POST", path, cworld.headers["manager_a"], json_body=body(code="baru1", budget=100_000))
    assert created.status_code == 201, created.json()
    voucher = created.json()
    assert (voucher["code"], voucher["issuer"], voucher["given"]) == ("BARU1", "seller", 0)
    assert [v["code"] for v in call("GET", path, cworld.headers["staff_a"]).json()] == ["BARU1"]
    patched = call("PATCH", f"{path}/{voucher['id']}", cworld.headers["owner_a"], json_body={"active": False})
    assert patched.status_code == 200 and patched.json()["active"] is False
    assert call("DELETE", f"{path}/{voucher['id']}", cworld.headers["owner_a"]).status_code == 204
    assert Voucher.objects.count() == 0


def test_a_used_voucher_keeps_its_budget_floor_and_cannot_be_deleted(cworld):
    voucher = voucher_create(actor=cworld.owner, seller=cworld.shop, data=terms(code="DIPAKAI", budget=50_000))
    voucher_redeem(voucher=voucher, buyer=cworld.users["buyer"], subtotal=60_000, order_ref="ord_1")
    path = f"{P}/seller/{cworld.shop.public_id}/vouchers/{voucher.public_id}"
    low = call("PATCH", path, cworld.headers["owner_a"], json_body={"budget": 9_999})
    assert low.status_code == 409 and error_of(low)["code"] == "voucher_budget_below_given"
    gone = call("DELETE", path, cworld.headers["owner_a"])
    assert gone.status_code == 409 and error_of(gone)["code"] == "voucher_in_use"
    assert Voucher.objects.get(pk=voucher.pk).budget == 50_000
