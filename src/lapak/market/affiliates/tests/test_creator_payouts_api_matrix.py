"""The authorisation policy of the creator payout API (/api/v1/affiliates/me/payout-account, /me/payouts), as
data, checked against the operations the API publishes under those paths. Columns as in
test_offers_api_matrix.py. A refused call must change nothing; an account number never comes back in clear."""

from __future__ import annotations

import pytest

from lapak.core.audit.models import AuditEvent
from lapak.core.testing import published_operations
from lapak.market.affiliates.models_payouts import CreatorPayoutAccount
from lapak.market.affiliates.tests.offers_support import *  # noqa: F403
from lapak.market.affiliates.tests.offers_support import CALLERS, A, call, error_of
from lapak.market.affiliates.tests.payouts_support import fund, ready

ACCOUNT = A + "/me/payout-account"
PAYOUTS = A + "/me/payouts"
NUMBER = "7766554433"

# Columns:   anonymous buyer owner_a manager_a staff_a owner_b operator regulator creator
MATRIX: dict[tuple[str, str], tuple[int, ...]] = {
    ("GET", ACCOUNT): (401, 404, 404, 404, 404, 404, 404, 403, 200),
    ("PUT", ACCOUNT): (401, 403, 403, 403, 403, 403, 403, 403, 200),
    ("GET", PAYOUTS): (401, 200, 200, 200, 200, 200, 200, 403, 200),
}
BODY = {"bank_code": "BCA", "account_number": NUMBER, "holder_name": "Rizky Pratama"}


def test_every_published_operation_has_a_row_and_every_row_is_published(db):
    published = published_operations(ACCOUNT, PAYOUTS)
    assert sorted(published ^ set(MATRIX)) == []


def _snapshot() -> tuple:
    return CreatorPayoutAccount.objects.count(), AuditEvent.objects.count()


@pytest.mark.parametrize(("method", "template"), sorted(MATRIX), ids=[f"{m} {p}" for m, p in sorted(MATRIX)])
def test_authorisation(aworld, method, template):
    w = aworld
    ready(w.users["creator"], number=NUMBER)
    fund(w.users["creator"], 1_000)
    expected = dict(zip(CALLERS, MATRIX[(method, template)], strict=True))
    actual = {}
    for caller in sorted(CALLERS, key=lambda c: expected[c] < 300):  # refusals first
        before = _snapshot()
        response = call(method, template, w.headers[caller], json_body=BODY if method == "PUT" else None)
        actual[caller] = response.status_code
        assert NUMBER not in response.content.decode()
        if response.status_code >= 400:
            assert error_of(response)["code"]
            assert _snapshot() == before, f"the refused call of {caller} changed something"
    assert actual == expected


def test_the_creator_sees_the_hold_and_their_balance(aworld):
    w = aworld
    headers = w.headers["creator"]
    assert call("GET", ACCOUNT, headers).status_code == 404
    bad = call("PUT", ACCOUNT, headers, json_body={**BODY, "account_number": "12"})
    assert bad.status_code == 422 and list(error_of(bad)["fields"]) == ["account_number"]
    made = call("PUT", ACCOUNT, headers, json_body=BODY).json()
    assert made["number_masked"].endswith("4433") and made["payouts_held_until"] is not None
    fund(w.users["creator"], 12_345)
    assert call("GET", PAYOUTS, headers).json() == {"payable": 12_345, "in_transit": 0, "payouts": []}
