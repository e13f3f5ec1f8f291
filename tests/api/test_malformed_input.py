"""Every API operation answers malformed input with a 4xx in the one error shape, never a 500.

The operations come from the OpenAPI document, so endpoints added later are covered without editing this
file. Path parameters are filled with junk as well as plausible ids.
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

BODIES = [
    "{not json",
    "[]",
    "null",
    '"a string"',
    "12",
    '{"unexpected": true}',
    json.dumps({"nik": ["a", "list"], "email": {"nested": 1}, "password": 5, "name": None}),
    json.dumps({"email": "x" * 5000, "password": "y" * 5000}),
    json.dumps({"\u0000": "\u0000", "email": "\ud800"}, ensure_ascii=True),
]
PATH_VALUES = ["junk", "0", "-1", "usr_01JD3Q6Y8W9M2K4N7P5R0S1T2V", "%00", "x" * 300, "../../etc/passwd"]


def _operations(client: Client) -> list[tuple[str, str]]:
    spec = client.get("/api/v1/openapi.json").json()
    return [
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def _fill(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", value, path)


def _assert_error_shape(response) -> None:
    assert response.status_code < 500, (response.status_code, response.content[:300])
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"}
        assert set(body["error"]) == {"code", "message", "fields"}


@pytest.fixture
def authed(db, make_user, bearer):
    user = make_user(roles=["operator"])
    return bearer(user)


@pytest.mark.django_db(databases=["default", "social"])
def test_no_operation_returns_500_on_malformed_input(authed):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    operations = _operations(client)
    assert len(operations) >= 5
    for method, path in operations:
        for value in PATH_VALUES:
            url = _fill(path, value)
            for headers in ({}, authed, {"HTTP_AUTHORIZATION": "Bearer lpk_forged"}):
                if method == "GET":
                    _assert_error_shape(client.get(url, {"q": "\x00" * 3, "limit": "-5"}, **headers))
                    continue
                for body in BODIES:
                    response = client.generic(method, url, body, content_type="application/json", **headers)
                    _assert_error_shape(response)
