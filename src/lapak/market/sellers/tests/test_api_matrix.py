"""The authorisation policy of the sellers API, as data, checked against every endpoint the API publishes.

Each row is one operation; each column one kind of caller:

- anonymous: no token (401 everywhere);
- buyer: a signed-in person with no shop;
- owner_a, staff_a: the owner and a staff member of shop A, whose objects the paths name;
- owner_b: the owner of another shop, B (404 for A's objects: their existence is not confirmed);
- operator: platform staff (the desk; on the seller side a person with no shop, so 404 for A's objects);
- regulator: a regulator of Indonesia (403 everywhere: sees no identity data, calls neither the seller
  side nor the operator desk; the oversight portal gives regulators counts).

Operations are read from the OpenAPI document, so an endpoint added without a row here fails the test.
Refused calls must change nothing; the allowed callers run last, so every refusal meets the world as built.
"""

from __future__ import annotations

import pytest

from lapak.core.audit.models import AuditEvent
from lapak.core.testing import published_operations
from lapak.market.sellers.models import (
    ApplicationDocument,
    BankAccount,
    ConsentRecord,
    DataRequestEvent,
    DataSubjectRequest,
    Membership,
    SellerApplication,
    SellerOrganisation,
)
from lapak.market.sellers.rules import consent_policy_version
from lapak.market.sellers.tests.conftest import NIK_MAN, jpeg_bytes
from lapak.market.sellers.tests.test_api_support import ACCOUNT, CALLERS, call, error_of, text_of, world  # noqa: F401

S = "/api/v1/sellers"
O = "/api/v1/operator"  # noqa: E741
APP = S + "/applications/{application_id}"
ORG = S + "/organisations/{organisation_id}"
KYC = O + "/kyc/applications/{application_id}"
DSR = O + "/data-requests/{request_id}"

# The policy. Columns:                               anon  buyer owner_a staff_a owner_b operator regulator
MATRIX: dict[tuple[str, str], tuple[int, ...]] = {
    # Seller side: start selling (anyone signed in but a regulator), then the shop's own objects.
    ("POST", S + "/applications"):                    (401, 201, 201, 201, 201, 201, 403),
    ("GET", APP):                                     (401, 404, 200, 403, 404, 404, 403),
    ("PATCH", APP):                                   (401, 404, 200, 403, 404, 404, 403),
    ("POST", APP + "/documents/{kind}"):              (401, 404, 200, 403, 404, 404, 403),
    ("POST", APP + "/submit"):                        (401, 404, 200, 403, 404, 404, 403),
    ("POST", APP + "/withdraw"):                      (401, 404, 200, 403, 404, 404, 403),
    ("GET", APP + "/history"):                        (401, 404, 200, 403, 404, 404, 403),
    ("GET", S + "/me/organisations"):                 (401, 200, 200, 200, 200, 200, 403),
    ("GET", ORG):                                     (401, 404, 200, 200, 404, 404, 403),
    ("PATCH", ORG):                                   (401, 404, 200, 403, 404, 404, 403),
    ("POST", ORG + "/logo"):                          (401, 404, 200, 403, 404, 404, 403),
    ("GET", ORG + "/members"):                        (401, 404, 200, 200, 404, 404, 403),
    ("POST", ORG + "/members"):                       (401, 404, 201, 403, 404, 404, 403),
    ("PATCH", ORG + "/members/{member_id}"):          (401, 404, 200, 403, 404, 404, 403),
    ("DELETE", ORG + "/members/{member_id}"):         (401, 404, 204, 403, 404, 404, 403),
    ("PUT", ORG + "/bank-account"):                   (401, 404, 200, 403, 404, 404, 403),
    # The caller's own consent and data rights: everyone's own, so nobody else's is in reach.
    ("GET", S + "/me/consents"):                      (401, 200, 200, 200, 200, 200, 403),
    ("POST", S + "/me/consents"):                     (401, 200, 200, 200, 200, 200, 403),
    ("DELETE", S + "/me/consents/{purpose}"):         (401, 200, 200, 200, 200, 200, 403),
    ("POST", S + "/me/data-requests/export"):         (401, 200, 200, 200, 200, 200, 403),
    ("POST", S + "/me/data-requests/correction"):     (401, 404, 201, 403, 404, 404, 403),  # the applicant's own
    ("POST", S + "/me/data-requests/deletion"):       (401, 201, 201, 201, 201, 201, 403),
    ("GET", S + "/me/data-requests"):                 (401, 200, 200, 200, 200, 200, 403),
    # The operators' desk: operators only.
    ("GET", O + "/kyc/applications"):                 (401, 403, 403, 403, 403, 200, 403),
    ("GET", KYC):                                     (401, 403, 403, 403, 403, 200, 403),
    ("POST", KYC + "/start-review"):                  (401, 403, 403, 403, 403, 200, 403),
    ("POST", KYC + "/decision"):                      (401, 403, 403, 403, 403, 200, 403),
    ("POST", O + "/kyc/reveals/{application_id}"):    (401, 403, 403, 403, 403, 200, 403),
    ("GET", O + "/data-requests"):                    (401, 403, 403, 403, 403, 200, 403),
    ("GET", DSR):                                     (401, 403, 403, 403, 403, 200, 403),
    ("POST", DSR + "/decide-correction"):             (401, 403, 403, 403, 403, 200, 403),
    ("POST", DSR + "/execute-deletion"):              (401, 403, 403, 403, 403, 200, 403),
    ("POST", DSR + "/refuse"):                        (401, 403, 403, 403, 403, 200, 403),
    ("POST", DSR + "/notes"):                         (401, 403, 403, 403, 403, 201, 403),
    ("GET", O + "/bank-accounts/review"):             (401, 403, 403, 403, 403, 200, 403),
    ("POST", O + "/bank-accounts/{account_id}/review"): (401, 403, 403, 403, 403, 200, 403),
}

# How each operation is called: the application's state it needs, the data request its path names, its body.
SETUP: dict[tuple[str, str], dict] = {
    ("POST", S + "/applications"): {"json": lambda w: {"seller_type": "individual", "shop_name": "Toko Baru"}},
    ("PATCH", APP): {"json": lambda w: {"full_name": "Budi Santoso"}},
    ("POST", APP + "/documents/{kind}"): {"file": True},
    ("PATCH", ORG): {"json": lambda w: {"description": "Kopi dan teh"}},
    ("POST", ORG + "/logo"): {"file": True},
    ("POST", ORG + "/members"): {"json": lambda w: {"email": w.newcomer.email, "role": "staff"}},
    ("PATCH", ORG + "/members/{member_id}"): {"json": lambda w: {"role": "manager"}},
    ("PUT", ORG + "/bank-account"): {
        "json": lambda w: {"bank_code": "BRI", "account_number": "5566778899", "holder_name": "Budi Santoso"}},
    ("POST", S + "/me/consents"): {
        "json": lambda w: {"purposes": ["fraud_prevention"], "policy_version": consent_policy_version()}},
    ("POST", S + "/me/data-requests/correction"): {
        "json": lambda w: {"application": w.application.public_id, "changes": {"full_name": "Budi S."}}},
    ("POST", S + "/me/data-requests/deletion"): {"json": lambda w: {"note": ""}},
    ("POST", KYC + "/start-review"): {"state": "submitted"},
    ("POST", KYC + "/decision"): {"state": "in_review", "json": lambda w: {"decision": "verify"}},
    ("POST", O + "/kyc/reveals/{application_id}"): {
        "json": lambda w: {"field": "nik", "reason": "Checking the KTP photo against the number"}},
    ("GET", DSR): {"request": "correction"},
    ("POST", DSR + "/decide-correction"): {"request": "correction", "json": lambda w: {"accept": True}},
    ("POST", DSR + "/execute-deletion"): {"request": "deletion"},
    ("POST", DSR + "/refuse"): {"request": "correction", "json": lambda w: {"note": "Proof of identity missing"}},
    ("POST", DSR + "/notes"): {"request": "correction", "json": lambda w: {"note": "Asked for a KTP copy"}},
    ("POST", O + "/bank-accounts/{account_id}/review"): {"json": lambda w: {"approve": True}},
}


def _published_operations() -> set[tuple[str, str]]:
    return published_operations(S + "/", O + "/")


def test_every_published_operation_has_a_row_and_every_row_is_published(db):
    published = _published_operations()
    assert sorted(published - set(MATRIX)) == [], "add these operations to the authorisation matrix"
    assert sorted(set(MATRIX) - published) == [], "these rows name operations the API no longer has"
    assert all(len(row) == len(CALLERS) for row in MATRIX.values())


def _fill(path: str, w, setup: dict) -> str:
    values = {
        "application_id": w.application.public_id,
        "organisation_id": w.organisation.public_id,
        "member_id": w.clerk.public_id,
        "kind": "selfie",
        "purpose": "fraud_prevention",
        "account_id": BankAccount.objects.get(organisation=w.organisation, is_current=True).public_id,
    }
    if "request" in setup:
        values["request_id"] = w.requests[setup["request"]].public_id
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, f"no value for a parameter of {path}"
    return path


def _snapshot(w) -> tuple:
    """What a refused call could have changed: the rows it could have written, and A's application."""
    w.refresh()
    counts = tuple(model.objects.count() for model in (
        SellerOrganisation, SellerApplication, Membership, ApplicationDocument, BankAccount, ConsentRecord,
        DataSubjectRequest, DataRequestEvent, AuditEvent,
    ))
    app = w.application
    return (*counts, app.status, app.updated_at, app.full_name, w.organisation.updated_at,
            tuple(Membership.objects.order_by("pk").values_list("role", flat=True)),
            tuple(ConsentRecord.objects.order_by("pk").values_list("ended_at", flat=True)))


# The only answers with A's numbers in full: the owner's own export, and an operator's reveal.
FULL_NUMBERS_ALLOWED = {("POST", S + "/me/data-requests/export"): "owner_a",
                        ("POST", O + "/kyc/reveals/{application_id}"): "operator"}

# Words of shop A that another seller must never read in an answer.
A_SECRETS = ("Toko Budi", "Budi Santoso", "3171••••••••0001", "owner@example.test")


@pytest.mark.parametrize(("method", "template"), sorted(MATRIX), ids=[f"{m} {p}" for m, p in sorted(MATRIX)])
def test_authorisation(world, method, template):  # noqa: F811
    setup = SETUP.get((method, template), {})
    w = world(state=setup.get("state", "draft"), requests=("correction", "deletion"))
    path = _fill(template, w, setup)
    expected = dict(zip(CALLERS, MATRIX[(method, template)], strict=True))
    body = setup["json"](w) if "json" in setup else None
    image = jpeg_bytes() if setup.get("file") else None

    before = _snapshot(w)
    actual = {}
    for caller in sorted(CALLERS, key=lambda c: expected[c] < 300):  # refusals first
        response = call(method, path, w.headers[caller], json_body=body, file=image)
        actual[caller] = response.status_code
        numbers = [n for n in (NIK_MAN, ACCOUNT) if n in response.content.decode()]
        if FULL_NUMBERS_ALLOWED.get((method, template)) != caller:
            assert numbers == [], f"{caller} read a full number"
        if response.status_code >= 400:
            assert error_of(response)["code"]
            assert _snapshot(w) == before, f"the refused call of {caller} changed something"
            if caller in ("buyer", "owner_b", "operator") and template.startswith(S):
                leaked = [word for word in A_SECRETS if word in text_of(response)]
                assert leaked == [], f"{caller} read shop A's data in a refusal: {leaked}"
    assert actual == expected
