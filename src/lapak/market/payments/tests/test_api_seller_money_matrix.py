"""The authorisation policy of the shop's money API (/api/v1/payouts/seller/…), as data, checked against every
operation the API publishes there. Columns are returns_api_support.CALLERS. As on the seller centre's money
page: the shop's members read (owner and staff here; managers in test_api_seller_money.py); another shop, a
buyer or an operator is 404 (the shop is not confirmed to exist); a regulator 403 (as on the page and the rest
of the seller API); no token 401. Every operation is a read: a refused call must not leak the shop's figures.
(The payout webhooks under /api/v1/payouts/webhooks/ take no token and are tested with the payout callbacks.)"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from lapak.core.testing import published_operations
from lapak.market.orders.tests.returns_api_support import CALLERS, rworld_fixture  # noqa: F401
from lapak.market.payments.services.payouts import payout_create
from lapak.market.payments.tests.payout_support import fund
from lapak.market.sellers.tests.test_api_support import call, error_of

SELLER = "/api/v1/payouts/seller/{organisation_id}"

# Columns:    anonymous buyer other_buyer owner staff other_seller operator regulator
MEMBERS = (401, 404, 404, 200, 200, 404, 404, 403)

MATRIX: dict[tuple[str, str], tuple[int, ...]] = {
    ("GET", SELLER + "/balance"): MEMBERS,
    ("GET", SELLER + "/releases"): MEMBERS,
    ("GET", SELLER + "/payouts"): MEMBERS,
    ("GET", SELLER + "/statement"): MEMBERS,
}
SEES = {MEMBERS: {"owner", "staff"}}


def _held_payout(w) -> str:
    """Toko Budi's payable, held in a payout today (it has no bank account): an id only its members read."""
    payout = payout_create(organisation=w.market.budi, batch_date=timezone.localdate())
    return payout.public_id


SETUP = {
    ("GET", SELLER + "/balance"): lambda w: "73519",
    ("GET", SELLER + "/releases"): lambda w: '"count":0',
    ("GET", SELLER + "/payouts"): _held_payout,
    ("GET", SELLER + "/statement"): lambda w: "73519",
}


def _published_operations() -> set[tuple[str, str]]:
    return published_operations("/api/v1/payouts/seller/")


def test_every_published_operation_has_a_row_and_every_row_is_published(db):
    published = _published_operations()
    assert sorted(published - set(MATRIX)) == [], "add these operations to the authorisation matrix"
    assert sorted(set(MATRIX) - published) == [], "these rows name operations the API no longer has"
    assert set(MATRIX) == set(SETUP)
    assert all(len(row) == len(CALLERS) for row in MATRIX.values())


def test_every_operation_has_a_summary(db):
    spec = Client().get("/api/v1/openapi.json").json()
    for path, item in spec["paths"].items():
        if path.startswith("/api/v1/payouts/seller/"):
            assert all(op.get("summary") for op in item.values()), path


@pytest.mark.parametrize(("method", "template"), sorted(MATRIX), ids=[f"{m} {p}" for m, p in sorted(MATRIX)])
def test_authorisation(rworld, method, template):
    w = rworld
    fund(w.market.budi, 73_519, key="matrix")  # every answer of a member carries this figure or its payout
    secret = SETUP[(method, template)](w)
    row = MATRIX[(method, template)]
    path = w.path(template)
    expected = dict(zip(CALLERS, row, strict=True))
    actual = {}
    for caller in CALLERS:
        response = call(method, path, w.headers[caller])
        actual[caller] = response.status_code
        body = response.content.decode()
        if response.status_code >= 400:
            assert error_of(response)["code"]
        if caller in SEES[row]:
            assert secret in body.replace(" ", ""), f"{caller} should read {secret}"
        else:
            assert secret not in body and "73519" not in body, f"{caller} read {secret}"
    assert actual == expected


def test_a_shop_that_does_not_exist_is_404_like_another_shop(rworld):
    for template in sorted(p for _, p in MATRIX):
        response = call("GET", rworld.path(template, organisation_id="org_doesnotexist"), rworld.headers["owner"])
        assert response.status_code == 404 and error_of(response)["code"] == "seller_not_found"
