"""/api/v1/compliance/decisions and /appeals: who may read and act, filters, the one error shape."""

from __future__ import annotations

import pytest

from lapak.compliance.decision_services import decision_appeal
from lapak.compliance.models import Appeal, DecisionOverride
from lapak.compliance.tests import decision_support
from lapak.compliance.tests.decision_support import allowed, refused_listing
from lapak.core.testing import published_operations

pytestmark = pytest.mark.django_db
staff = decision_support.staff
BASE = "/api/v1/compliance"


@pytest.fixture
def call(api_client, bearer):
    def send(method, path, user=None, body=None, **headers):
        auth = bearer(user) if user is not None else {}
        if method == "get":
            return api_client.get(BASE + path, **auth, **headers)
        return api_client.post(BASE + path, body if body is not None else {}, content_type="application/json",
                               **auth, **headers)

    return send


def test_operators_list_everything_regulators_their_jurisdiction(call, staff):
    id_refusal = refused_listing()
    gb_refusal = refused_listing(jurisdiction="GB", party="org_UK", subject_id="prd_B")
    everything = call("get", "/decisions", staff.operator).json()
    assert everything["count"] == 2 and {d["id"] for d in everything["items"]} == {id_refusal.public_id,
                                                                                    gb_refusal.public_id}
    mine = call("get", "/decisions", staff.regulator).json()
    assert [d["id"] for d in mine["items"]] == [id_refusal.public_id]
    assert call("get", f"/decisions/{gb_refusal.public_id}", staff.regulator).status_code == 404
    detail = call("get", f"/decisions/{id_refusal.public_id}", staff.regulator).json()
    assert detail["evidence"]["seller_type"] == "first_party"
    assert detail["reasons"][0]["rule_id"] == "ID-MKT-1" and detail["reasons"][0]["version"] == 1
    assert detail["rule_versions"] and detail["appealable"] is True and detail["override"] is None


def test_filters_and_pages(call, staff):
    refused_listing(subject_id="prd_A")
    refused_listing(subject_id="prd_B")
    payout = allowed()
    body = call("get", "/decisions?outcome=allow", staff.operator).json()
    assert [d["id"] for d in body["items"]] == [payout.public_id]
    assert call("get", "/decisions?rule_id=ID-MKT-1&limit=1", staff.operator).json()["count"] == 2
    page = call("get", "/decisions?limit=1&offset=1", staff.operator).json()
    assert (len(page["items"]), page["count"], page["offset"]) == (1, 3, 1)
    assert call("get", "/decisions?subject_id=prd_B", staff.operator).json()["count"] == 1
    bad = call("get", "/decisions?outcome=maybe&since=yesterday", staff.operator)
    assert bad.status_code == 422
    assert set(bad.json()["error"]["fields"]) == {"outcome", "since"}


def test_reasons_follow_accept_language(call, staff):
    decision = refused_listing()
    english = call("get", f"/decisions/{decision.public_id}", staff.operator).json()["reasons"][0]
    indonesian = call("get", f"/decisions/{decision.public_id}", staff.operator,
                      HTTP_ACCEPT_LANGUAGE="id").json()["reasons"][0]
    assert english["title"] == english["title_en"] and indonesian["title"] == indonesian["title_id"]
    assert english["explanation"].startswith(english["message_en"])
    assert indonesian["explanation"].startswith(indonesian["message_id"])
    assert english["title"] != indonesian["title"]


def test_an_operator_overrides_once(call, staff):
    decision = refused_listing()
    path = f"/decisions/{decision.public_id}/override"
    response = call("post", path, staff.operator, {"outcome": "allow", "reason": "Not an affiliate any more."})
    assert response.status_code == 201, response.json()
    assert response.json()["effective_outcome"] == "allow" and response.json()["outcome"] == "deny"
    again = call("post", path, staff.operator2, {"outcome": "review", "reason": "Second opinion."})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "decision_already_overridden"


@pytest.mark.parametrize(("body", "fields"), [
    ({"outcome": "allow", "reason": "   "}, {"reason"}),
    ({"outcome": "perhaps", "reason": "ok"}, {"outcome"}),
    ({"outcome": "allow"}, {"reason"}),
    ({"outcome": "allow", "reason": "ok", "extra": 1}, {"extra"}),
    ({"outcome": "deny", "reason": "same as recorded"}, {"outcome"}),
])
def test_override_input_errors_are_422_by_field(call, staff, body, fields):
    decision = refused_listing()
    response = call("post", f"/decisions/{decision.public_id}/override", staff.operator, body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error" and set(error["fields"]) == fields
    assert not DecisionOverride.objects.exists()


def test_appeal_queue_and_answer(call, staff):
    decision = refused_listing()
    appeal = decision_appeal(decision=decision, party="org_TOKO1", text="Please look again.", filed_by="usr_o")
    queue = call("get", "/appeals?status=open", staff.operator).json()
    assert [a["id"] for a in queue["items"]] == [appeal.public_id]
    assert call("get", "/appeals?status=open", staff.regulator_gb).json()["count"] == 0
    assert call("get", "/appeals?status=closed", staff.operator).status_code == 422
    path = f"/appeals/{appeal.public_id}/answer"
    assert call("post", path, staff.operator, {"status": "overturned", "answer": " "}).status_code == 422
    answered = call("post", path, staff.operator, {"status": "overturned", "answer": "Documents checked."})
    assert answered.status_code == 200 and answered.json()["status"] == "overturned"
    assert DecisionOverride.objects.get(decision=decision).outcome == "allow"
    assert call("post", path, staff.operator, {"status": "upheld", "answer": "No"}).status_code == 409
    assert call("get", "/appeals?status=open", staff.operator).json()["count"] == 0
    assert call("post", "/appeals/apl_NOPE/answer", staff.operator, {"status": "upheld", "answer": "x"}
                ).status_code == 404


def test_authorisation_matrix(call, staff):
    decision = refused_listing()
    appeal = decision_appeal(decision=decision, party="org_TOKO1", text="Please", filed_by="usr_o")
    override = {"outcome": "allow", "reason": "ok"}
    answer = {"status": "upheld", "answer": "ok"}
    operations = {
        ("GET", "/api/v1/compliance/decisions"): ("get", "/decisions", None),
        ("GET", "/api/v1/compliance/decisions/{decision_id}"): ("get", f"/decisions/{decision.public_id}", None),
        ("POST", "/api/v1/compliance/decisions/{decision_id}/override"): (
            "post", f"/decisions/{decision.public_id}/override", override),
        ("GET", "/api/v1/compliance/appeals"): ("get", "/appeals", None),
        ("POST", "/api/v1/compliance/appeals/{appeal_id}/answer"): (
            "post", f"/appeals/{appeal.public_id}/answer", answer),
    }
    published = published_operations("/api/v1/compliance/decisions", "/api/v1/compliance/appeals")
    assert set(operations) <= published
    readers = {("GET", "/api/v1/compliance/decisions"), ("GET", "/api/v1/compliance/decisions/{decision_id}"),
               ("GET", "/api/v1/compliance/appeals")}
    for key, (method, path, body) in operations.items():
        assert call(method, path, None, body).status_code == 401, key
        assert call(method, path, staff.seller, body).status_code == 403, key
        expected = 200 if key in readers else 403
        assert call(method, path, staff.regulator, body).status_code == expected, key
    assert Appeal.objects.get().status == "open" and not DecisionOverride.objects.exists()
