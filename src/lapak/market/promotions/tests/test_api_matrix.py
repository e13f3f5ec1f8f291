"""The authorisation policy of the promotions API, as data, checked against every endpoint the API publishes.

Columns are the catalogue's kinds of caller (see catalog/tests/test_api_matrix.py): anonymous, a buyer with no
shop, the owner, a manager and a staff member of shop A whose vouchers the paths name, the owner of shop B,
an operator (on the seller side a person with no shop) and a regulator. Operations are read from the OpenAPI
document, so an endpoint added without a row here fails. A refused call must change nothing.
"""

from __future__ import annotations

import pytest

from lapak.core.audit.models import AuditEvent
from lapak.core.testing import published_operations
from lapak.market.catalog.tests.test_api_support import CALLERS, call, cworld_fixture, error_of  # noqa: F401
from lapak.market.promotions.models import Voucher, VoucherRedemption
from lapak.market.promotions.services import voucher_create
from lapak.market.promotions.tests.conftest import terms

P = "/api/v1/promotions"
VOUCHERS = P + "/seller/{organisation_id}/vouchers"
VOUCHER = VOUCHERS + "/{voucher_id}"

# Columns:  anonymous buyer owner_a manager_a staff_a owner_b operator regulator
SIGNED_IN = (401, 200, 200, 200, 200, 200, 200, 200)
READ = (401, 404, 200, 200, 200, 404, 404, 403)
WRITE = (401, 404, 200, 200, 403, 404, 404, 403)
CREATE = (401, 404, 201, 201, 403, 404, 404, 403)
DELETE = (401, 404, 204, 204, 403, 404, 404, 403)

MATRIX: dict[tuple[str, str], tuple[int, ...]] = {
    ("GET", P + "/vouchers/{code}/check"): SIGNED_IN,
    ("GET", VOUCHERS): READ,
    ("POST", VOUCHERS): CREATE,
    ("GET", VOUCHER): READ,
    ("PATCH", VOUCHER): WRITE,
    ("DELETE", VOUCHER): DELETE,
}


def _voucher(w) -> dict:
    w.serial += 1
    voucher = voucher_create(actor=w.owner, seller=w.shop, data=terms(code=f"TOKO{w.serial}"))
    return {"voucher_id": voucher.public_id}


def _code(w) -> dict:
    _voucher(w)
    return {"code": f"toko{w.serial}"}  # codes are matched whatever their case


def _new_terms(w) -> dict:
    w.serial += 1
    body = terms(code=f"BARU{w.serial}")
    return {**body, "valid_from": body["valid_from"].isoformat(), "valid_until": body["valid_until"].isoformat()}


SETUP: dict[tuple[str, str], dict] = {
    ("GET", P + "/vouchers/{code}/check"): {"path": _code, "query": "?subtotal=75000"},
    ("POST", VOUCHERS): {"json": _new_terms},
    ("GET", VOUCHER): {"path": _voucher},
    ("PATCH", VOUCHER): {"path": _voucher, "json": lambda w: {"min_spend": 60_000}},
    ("DELETE", VOUCHER): {"path": _voucher},
}


def _published_operations() -> set[tuple[str, str]]:
    return published_operations(P + "/")


def test_every_published_operation_has_a_row_and_every_row_is_published(db):
    published = _published_operations()
    assert sorted(published - set(MATRIX)) == [], "add these operations to the authorisation matrix"
    assert sorted(set(MATRIX) - published) == [], "these rows name operations the API no longer has"


def _snapshot() -> tuple:
    return (Voucher.objects.count(), VoucherRedemption.objects.count(), AuditEvent.objects.count(),
            tuple(Voucher.objects.order_by("pk").values_list("code", "min_spend", "active", "updated_at")))


@pytest.mark.parametrize(("method", "template"), sorted(MATRIX), ids=[f"{m} {p}" for m, p in sorted(MATRIX)])
def test_authorisation(cworld, method, template):
    w = cworld
    setup = SETUP.get((method, template), {})
    expected = dict(zip(CALLERS, MATRIX[(method, template)], strict=True))
    actual = {}
    for caller in sorted(CALLERS, key=lambda c: expected[c] < 300):  # refusals first
        path = w.path(template, **(setup["path"](w) if "path" in setup else {})) + setup.get("query", "")
        body = setup["json"](w) if "json" in setup else None
        before = _snapshot()
        response = call(method, path, w.headers[caller], json_body=body)
        actual[caller] = response.status_code
        if response.status_code >= 400:
            assert error_of(response)["code"]
            assert _snapshot() == before, f"the refused call of {caller} changed something"
    assert actual == expected
