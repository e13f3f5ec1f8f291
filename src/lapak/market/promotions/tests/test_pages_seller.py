"""The seller centre's voucher page: members see it, owners and managers issue vouchers, errors inline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lapak.market.catalog.tests.test_api_support import cworld_fixture  # noqa: F401
from lapak.market.promotions.models import Voucher
from lapak.market.promotions.services import voucher_create
from lapak.market.promotions.tests.conftest import terms


def page(cworld) -> str:
    return f"/seller/promotions/{cworld.shop.public_id}/vouchers/"


def client_of(user, **kwargs) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en", **kwargs)
    client.force_login(user)
    return client


_NOW = timezone.localtime()
FORM = {"code": "hemat5", "kind": "percentage", "percent": "12,5", "max_discount": "20000", "min_spend": "50000",
        "per_buyer_limit": "1", "budget": "1000000", "valid_from": f"{_NOW - timedelta(days=1):%Y-%m-%dT%H:%M}",
        "valid_until": f"{_NOW + timedelta(days=30):%Y-%m-%dT%H:%M}"}


def test_a_manager_issues_a_voucher_and_sees_it_listed(cworld):
    client = client_of(cworld.users["manager_a"])
    response = client.post(page(cworld), FORM)
    assert response.status_code == 302
    voucher = Voucher.objects.get()
    assert (voucher.code, voucher.percent_bp, voucher.seller) == ("HEMAT5", 1_250, cworld.shop)
    listed = client.get(page(cworld)).content.decode()
    assert "HEMAT5" in listed and "12.5 %" in listed and "Rp1.000.000" in listed


@pytest.mark.parametrize(("change", "message"), [
    ({"percent": "150"}, "at most 100 %"),
    ({"percent": "abc"}, "Enter a whole number"),
    ({"kind": "fixed", "percent": "", "amount": "-5000", "max_discount": ""}, "At least 1"),
    ({"budget": "9" * 19}, "At most"),
    ({"valid_until": f"{_NOW - timedelta(days=2):%Y-%m-%dT%H:%M}"}, "The end must come after the start"),
    ({"valid_until": f"{_NOW + timedelta(days=1000):%Y-%m-%dT%H:%M}"}, "at most two years"),
])
def test_bad_input_is_shown_inline(cworld, change, message):
    client = client_of(cworld.users["owner_a"])
    response = client.post(page(cworld), {**FORM, **change})
    assert response.status_code == 422
    assert message in response.content.decode() and "field--invalid" in response.content.decode()
    assert Voucher.objects.count() == 0


def test_staff_see_but_cannot_issue_and_outsiders_get_404(cworld):
    voucher_create(actor=cworld.owner, seller=cworld.shop, data=terms(code="LIHAT"))
    staff = client_of(cworld.users["staff_a"])
    body = staff.get(page(cworld)).content.decode()
    assert "LIHAT" in body and 'id="voucher-form"' not in body
    assert staff.post(page(cworld), FORM).status_code == 403
    assert client_of(cworld.users["owner_b"]).get(page(cworld)).status_code == 404
    assert client_of(cworld.users["buyer"]).post(page(cworld), FORM).status_code == 404
    assert Voucher.objects.count() == 1


def test_switching_a_voucher_off_and_the_csrf_check(cworld):
    voucher = voucher_create(actor=cworld.owner, seller=cworld.shop, data=terms(code="SAKLAR"))
    switch = f"{page(cworld)}{voucher.public_id}/switch/"
    assert client_of(cworld.owner, enforce_csrf_checks=True).post(switch).status_code == 403
    assert client_of(cworld.users["staff_a"]).post(switch).status_code == 403
    assert client_of(cworld.owner).post(switch).status_code == 302
    assert Voucher.objects.get(pk=voucher.pk).active is False
