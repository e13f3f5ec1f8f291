"""Shared ground for the sellers API tests (no tests here): a small world with one person of each kind of
caller, their bearer tokens, and a helper that calls an endpoint the way a client would.

Import the fixture where needed: `from lapak.market.sellers.tests.test_api_support import world  # noqa: F401`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

# A payout account number that no other number of the fixtures contains (the phone +6281234567890 holds the
# builder's default), so finding it in a response can only mean the account number leaked.
ACCOUNT = "7700112233"

# The kinds of caller every endpoint is tried with (see test_api_matrix.py).
CALLERS = ("anonymous", "buyer", "owner_a", "staff_a", "owner_b", "operator", "regulator")


@dataclass
class World:
    users: dict[str, object]
    headers: dict[str, dict[str, str]]
    application: object  # organisation A's application (owner_a applied)
    clerk: object  # a second staff member of A, whom members endpoints act on
    newcomer: object  # a person with an account and no shop, whom owner_a may add
    requests: dict[str, object] = field(default_factory=dict)

    @property
    def organisation(self) -> object:
        return self.application.organisation

    def refresh(self) -> None:
        self.application.refresh_from_db()
        self.application.organisation.refresh_from_db()


@pytest.fixture
def world(build, people, make_user, bearer):
    """`world(state=..., requests=...)`: organisation A (owner_a, staff_a and a clerk) with a complete application
    in `state` (draft, submitted or in_review); organisation B of owner_b; a buyer, an operator and a regulator
    of Indonesia; every caller but the regulator has consented to fraud prevention. `requests` names
    data-subject requests of owner_a to open: "correction", "deletion"."""
    from lapak.market.sellers.rules import consent_policy_version
    from lapak.market.sellers.services import (
        application_review_start,
        application_submit,
        consent_grant,
        data_correction_request,
        data_deletion_request,
        member_add,
        seller_apply,
    )

    def make(*, state: str = "draft", requests: tuple[str, ...] = ()) -> World:
        owner_a = people.owner
        application = build.individual(owner=owner_a, shop="Toko Budi", account=ACCOUNT)
        users = {
            "buyer": make_user(email="buyer@example.test"),
            "owner_a": owner_a,
            "staff_a": make_user(email="staff.a@example.test"),
            "owner_b": make_user(email="owner.b@example.test"),
            "operator": people.operator,
            "regulator": make_user(email="regulator@example.test", roles=["regulator"], jurisdiction="ID"),
        }
        clerk = make_user(email="clerk.a@example.test")
        for member in (users["staff_a"], clerk):
            member_add(organisation=application.organisation, actor=owner_a, user=member, role="staff")
        seller_apply(actor=users["owner_b"], seller_type="individual", shop_name="Toko Lain")
        for name in ("buyer", "staff_a", "owner_b", "operator"):
            consent_grant(user=users[name], purposes=["fraud_prevention"], policy_version=consent_policy_version())
        if state in ("submitted", "in_review"):
            application = application_submit(application=application, actor=owner_a)
        if state == "in_review":
            application = application_review_start(application=application, actor=people.operator)
        made = {}
        if "correction" in requests:
            made["correction"] = data_correction_request(user=owner_a, application=application,
                                                         changes={"full_name": "Budi Santoso Putra"})
        if "deletion" in requests:
            made["deletion"] = data_deletion_request(user=owner_a)
        headers = {"anonymous": {}, **{name: bearer(user) for name, user in users.items()}}
        return World(users={"anonymous": None, **users}, headers=headers, application=application, clerk=clerk,
                     newcomer=make_user(email="newcomer@example.test"), requests=made)

    return make


def call(method: str, path: str, headers: dict, *, json_body: object = None, file: bytes | None = None,
         language: str = "en", **extra: str):
    """Call the API as a client would: JSON bodies, or a multipart upload in the field `file`."""
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if file is not None:
        upload = SimpleUploadedFile("upload.jpg", file, content_type="image/jpeg")
        return client.generic(method, path, **_multipart({"file": upload}), **headers, **extra)
    if json_body is None and method in ("GET", "DELETE"):
        return client.generic(method, path, **headers, **extra)
    body = json.dumps({} if json_body is None else json_body)
    return client.generic(method, path, body, content_type="application/json", **headers, **extra)


def _multipart(data: dict) -> dict:
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    return {"data": encode_multipart(BOUNDARY, data), "content_type": MULTIPART_CONTENT}


def error_of(response) -> dict:
    """The error of a response, after checking it has the one error shape."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]


def text_of(response) -> str:
    """A JSON answer as readable text (the renderer escapes non-ASCII, such as the mask's bullets)."""
    return json.dumps(response.json(), ensure_ascii=False) if response.content else ""

