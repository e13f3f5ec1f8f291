"""/api/v1/compliance/rules and /reevaluations: who may read and write, the one error shape, bad input."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from lapak.compliance.models import ReevaluationRun, Rule, RuleVersion

pytestmark = pytest.mark.django_db
BASE = "/api/v1/compliance"
FLOOR = {"floor_usd_cents": 15_000, "currency": "USD", "origins": ["cross_border_direct"]}


@pytest.fixture
def callers(make_user, bearer):
    return {
        "operator": bearer(make_user(roles=["operator"])),
        "regulator_id": bearer(make_user(roles=["regulator"], jurisdiction="ID")),
        "regulator_gb": bearer(make_user(roles=["regulator"], jurisdiction="GB")),
        "seller": bearer(make_user()),
        "anonymous": {},
    }


def post(client, path, body, headers):
    return client.post(path, data=json.dumps(body), content_type="application/json", **headers)


def draft_body(**overrides):
    return {"parameters": FLOOR, "effective_from": timezone.localdate().isoformat(), **overrides}


READS = [f"{BASE}/rules", f"{BASE}/rules?jurisdiction=ID", f"{BASE}/rules/ID-XB-1", f"{BASE}/reevaluations"]


@pytest.mark.parametrize("path", READS)
@pytest.mark.parametrize(("caller", "status"), [("operator", 200), ("regulator_id", 200), ("seller", 403),
                                                ("anonymous", 401)])
def test_who_reads(api_client, callers, path, caller, status):
    response = api_client.get(path, **callers[caller])
    assert response.status_code == status
    if status != 200:
        assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_a_regulator_reads_only_their_jurisdiction(api_client, callers):
    rules = api_client.get(f"{BASE}/rules", **callers["regulator_gb"]).json()
    assert rules and {r["jurisdiction"] for r in rules} == {"GB"}
    assert api_client.get(f"{BASE}/rules/ID-XB-1", **callers["regulator_gb"]).status_code == 404


def test_rule_detail_has_both_languages_and_versions(api_client, callers):
    body = api_client.get(f"{BASE}/rules/ID-XB-1", **callers["operator"]).json()
    assert body["title"] == body["title_en"] and body["title_id"] and body["explanation_id"]
    assert body["versions_in_force"] == [1] and body["versions"][0]["parameters"]["floor_usd_cents"] == 10_000


WRITES = ["versions", "versions/2/dry-run", "versions/2/activate", "versions/2/withdraw"]


@pytest.mark.parametrize("action", WRITES)
@pytest.mark.parametrize(("caller", "status"), [("regulator_id", 403), ("seller", 403), ("anonymous", 401)])
def test_only_operators_write(api_client, callers, make_user, action, caller, status):
    from lapak.compliance.rule_services import rule_version_draft

    rule_version_draft(rule=Rule.objects.get(rule_id="ID-XB-1"), parameters=FLOOR,
                       effective_from=timezone.localdate(), actor=make_user(roles=["operator"]))
    response = post(api_client, f"{BASE}/rules/ID-XB-1/{action}", draft_body(), callers[caller])
    assert response.status_code == status
    assert RuleVersion.objects.get(rule__rule_id="ID-XB-1", version=2).status == "draft"
    assert not ReevaluationRun.objects.exists()


def test_operator_drafts_tries_and_activates(api_client, callers, django_capture_on_commit_callbacks):
    headers = callers["operator"]
    made = post(api_client, f"{BASE}/rules/ID-XB-1/versions", draft_body(note="KMK change"), headers)
    assert made.status_code == 201 and made.json()["version"] == 2 and made.json()["status"] == "draft"
    with django_capture_on_commit_callbacks(execute=True):
        tried = post(api_client, f"{BASE}/rules/ID-XB-1/versions/2/dry-run", {}, headers)
    assert tried.status_code == 202 and tried.json()["runs"][0]["candidate"] == "ID-XB-1/v2"
    run_id = tried.json()["runs"][0]["id"]
    run = api_client.get(f"{BASE}/reevaluations/{run_id}", **headers).json()
    assert run["dry_run"] and run["status"] == "done"
    activated = post(api_client, f"{BASE}/rules/ID-XB-1/versions/2/activate", {}, headers)
    assert activated.status_code == 200 and activated.json()["status"] == "active"
    again = post(api_client, f"{BASE}/rules/ID-XB-1/versions/2/activate", {}, headers)
    assert again.status_code == 409 and again.json()["error"]["code"] == "rule_version_not_draft"
    listed = api_client.get(f"{BASE}/reevaluations?dry_run=false", **headers).json()
    assert [r["cause"] for r in listed["items"]] == ["rule ID-XB-1 v2 activated"]


@pytest.mark.parametrize(("body", "field"), [
    ({"parameters": [1, 2]}, "parameters"),
    ({"parameters": {**FLOOR, "floor_usd_cents": -5}}, "parameters.floor_usd_cents"),
    ({"parameters": {"currency": "USD", "origins": []}}, "parameters.floor_usd_cents"),
    ({"effective_from": "2020-01-01"}, "effective_from"),
    ({"effective_from": "not a day"}, "effective_from"),
    ({"surprise": True}, "surprise"),
])
def test_bad_drafts_are_422_with_the_field(api_client, callers, body, field):
    response = post(api_client, f"{BASE}/rules/ID-XB-1/versions", draft_body(**body), callers["operator"])
    assert response.status_code == 422 and field in response.json()["error"]["fields"]
    assert not RuleVersion.objects.filter(version=2).exists()


def test_unknown_rule_and_version_are_404(api_client, callers):
    assert post(api_client, f"{BASE}/rules/XX-1/versions", draft_body(), callers["operator"]).status_code == 404
    assert post(api_client, f"{BASE}/rules/ID-XB-1/versions/9/activate", {}, callers["operator"]).status_code == 404
