"""/api/v1/compliance/switches: who may read and change, bad input as 422 field errors, the one error shape."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from lapak.compliance.models import FeatureSwitch
from lapak.compliance.tests.switch_support import PILOT_SELLER
from lapak.core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
BASE = "/api/v1/compliance/switches"


def call(method: str, path: str, headers: dict | None = None, body: object = None):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if body is None and method == "GET":
        return client.get(path, **(headers or {}))
    return client.generic(method, path, json.dumps(body if body is not None else {}),
                          content_type="application/json", **(headers or {}))


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]


@pytest.fixture
def callers(make_user, bearer):
    return {"operator": bearer(make_user(roles=("operator",))),
            "regulator": bearer(make_user(roles=("regulator",), jurisdiction="ID")),
            "buyer": bearer(make_user()), "anonymous": {}}


@pytest.mark.parametrize(("caller", "method", "path", "status"), [
    ("anonymous", "GET", BASE, 401), ("buyer", "GET", BASE, 403), ("regulator", "GET", BASE, 200),
    ("regulator", "GET", f"{BASE}?jurisdiction=ID", 200), ("regulator", "GET", f"{BASE}?jurisdiction=GB", 403),
    ("operator", "GET", f"{BASE}?jurisdiction=GB", 200), ("operator", "GET", f"{BASE}?jurisdiction=XX", 404),
    ("anonymous", "PUT", f"{BASE}/ID/live_shopping", 401), ("buyer", "PUT", f"{BASE}/ID/live_shopping", 403),
    ("regulator", "PUT", f"{BASE}/ID/live_shopping", 403), ("regulator", "POST", f"{BASE}/ID/live_shopping", 403),
    ("operator", "PUT", f"{BASE}/ID/live_shopping", 200), ("operator", "POST", f"{BASE}/ID/live_shopping", 200),
    ("operator", "PUT", f"{BASE}/XX/live_shopping", 404),
])
def test_who_may_call_each_endpoint(callers, caller, method, path, status):
    body = {"state": "off", "reason": "Paused"} if method != "GET" else None
    response = call(method, path, callers[caller], body)
    assert response.status_code == status, response.content
    if status >= 400:
        error_of(response)
    if method != "GET" and status != 200:
        assert not FeatureSwitch.objects.exists()


def test_the_list_says_each_features_state(callers):
    call("PUT", f"{BASE}/ID/payment_method:qris", callers["operator"], {"state": "off", "reason": "QRIS outage"})
    items = call("GET", f"{BASE}?jurisdiction=ID", callers["regulator"]).json()["items"]
    by_feature = {i["feature"]: i for i in items}
    assert {i["jurisdiction"] for i in items} == {"ID"}
    assert {"live_shopping", "cross_border", "first_party", "payment_method:va_bca"} <= set(by_feature)
    assert by_feature["payment_method:qris"]["state"] == "off"
    assert by_feature["payment_method:qris"]["reason"] == "QRIS outage"
    assert by_feature["live_shopping"] == {"jurisdiction": "ID", "feature": "live_shopping", "label": "Live shopping",
                                           "state": "on", "reason": "", "pilot_sellers": [], "changed_by": "",
                                           "changed_at": None}
    everything = call("GET", BASE, callers["operator"]).json()["items"]
    assert {i["jurisdiction"] for i in everything} == {"ID", "GB"}


def test_an_operator_starts_a_pilot_and_it_is_audited(callers):
    response = call("PUT", f"{BASE}/ID/cross_border", callers["operator"],
                    {"state": "pilot", "reason": "Two merchants", "pilot_sellers": [PILOT_SELLER]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["pilot_sellers"], body["reason"]) == ("pilot", [PILOT_SELLER], "Two merchants")
    assert body["changed_by"].startswith("usr_") and body["changed_at"]
    event = AuditEvent.objects.get(action="compliance.switch.changed")
    assert (event.before["state"], event.after["state"], event.subject_id) == ("on", "pilot", "ID:cross_border")


@pytest.mark.parametrize(("feature", "body", "fields"), [
    ("teleport", {"state": "off", "reason": "x"}, {"feature"}),
    ("payment_method:", {"state": "off", "reason": "x"}, {"feature"}),
    ("live_shopping", {"state": "pilot", "reason": "x"}, {"pilot_sellers"}),
    ("live_shopping", {"state": "pilot", "reason": "x", "pilot_sellers": ["org_123", "usr_01JD3Q6Y8W9M2K4N7P5R0S1T2V"]},
     {"pilot_sellers"}),
    ("live_shopping", {"state": "off"}, {"reason"}),
    ("live_shopping", {"state": "maybe", "reason": "x"}, {"state"}),
    ("live_shopping", {"state": "off", "reason": "x", "colour": "red"}, {"colour"}),
    ("live_shopping", {"reason": "x"}, {"state"}),
    ("live_shopping", {"state": "pilot", "reason": "x", "pilot_sellers": "org_x"}, {"pilot_sellers"}),
])
def test_bad_input_is_a_422_naming_the_fields(callers, feature, body, fields):
    response = call("PUT", f"{BASE}/ID/{feature}", callers["operator"], body)
    assert response.status_code == 422, response.content
    error = error_of(response)
    assert error["code"] == "validation_error" and set(error["fields"]) == fields
    assert not FeatureSwitch.objects.exists()
    assert not AuditEvent.objects.filter(action="compliance.switch.changed").exists()
