"""The rules console pages: who sees them, the draft form with inline errors, dry run, activate, withdraw."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from lapak.accounts.tests.two_factor_support import sign_in
from lapak.compliance.models import ReevaluationRun, RuleVersion

pytestmark = pytest.mark.django_db
BASE = "/operations/compliance/rules/"
FLOOR = {"floor_usd_cents": 15_000, "currency": "USD", "origins": ["cross_border_direct"]}


@pytest.fixture
def login(client, make_user):
    def as_(*roles, jurisdiction=""):
        user = make_user(roles=roles, jurisdiction=jurisdiction)
        sign_in(client, user)
        return client

    return as_


def form(**overrides):
    return {"parameters": json.dumps(FLOOR), "effective_from": timezone.localdate().isoformat(),
            "effective_until": "", "note": "", **overrides}


@pytest.mark.parametrize("path", [BASE, f"{BASE}ID-XB-1/", f"{BASE}runs/"])
def test_who_sees_the_pages(client, login, path):
    assert client.get(path).status_code == 302  # anonymous: to the login page
    assert login().get(path).status_code == 403
    assert login("regulator", jurisdiction="ID").get(path).status_code == 200
    assert login("operator").get(path).status_code == 200


def test_list_and_detail_show_titles_in_the_readers_language(login):
    client = login("operator")
    page = client.get(BASE + "?jurisdiction=ID", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "ID-XB-1" in page and "Permendag 31/2023" in page and "GB-TRD-1" not in page
    detail = client.get(f"{BASE}ID-XB-1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Bahasa Indonesia" in detail and "floor_usd_cents" in detail and "in force today" in detail


def test_a_regulator_sees_no_buttons_and_cannot_post(login):
    client = login("regulator", jurisdiction="ID")
    assert client.get(f"{BASE}ID-XB-1/versions/new/").status_code == 403
    assert client.post(f"{BASE}ID-XB-1/versions/new/", form()).status_code == 403
    assert b"Activate" not in client.get(f"{BASE}ID-XB-1/").content
    assert login("regulator", jurisdiction="GB").get(f"{BASE}ID-XB-1/").status_code == 404


@pytest.mark.parametrize(("data", "text"), [
    ({"parameters": "{not json"}, "not valid JSON"),
    ({"parameters": json.dumps({**FLOOR, "floor_usd_cents": "lots"})}, "floor_usd_cents:"),
    ({"parameters": json.dumps([1])}, "must be a JSON object"),
    ({"effective_from": "2020-01-01"}, "cannot start in the past"),
])
def test_the_draft_form_shows_errors_inline(login, data, text):
    response = login("operator").post(f"{BASE}ID-XB-1/versions/new/", form(**data), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422 and text in response.content.decode()
    assert 'class="field__errors"' in response.content.decode()
    assert not RuleVersion.objects.filter(version=2).exists()


def test_draft_dry_run_activate_from_the_pages(login, django_capture_on_commit_callbacks):
    client = login("operator")
    prefilled = client.get(f"{BASE}ID-XB-1/versions/new/").content.decode()
    assert "floor_usd_cents" in prefilled and "version-form" in prefilled
    assert client.post(f"{BASE}ID-XB-1/versions/new/", form(note="KMK")).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        tried = client.post(f"{BASE}ID-XB-1/versions/2/dry-run/")
    run = ReevaluationRun.objects.get(dry_run=True)
    assert tried.status_code == 302 and tried["Location"].endswith(f"runs/{run.public_id}/")
    result = client.get(tried["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="run-examined">0<' in result and "Dry run" in result
    assert client.post(f"{BASE}ID-XB-1/versions/2/activate/").status_code == 302
    assert RuleVersion.objects.get(version=2, rule__rule_id="ID-XB-1").status == "active"
    refused = client.post(f"{BASE}ID-XB-1/versions/2/withdraw/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 409 and "Only a draft" in refused.content.decode()
    assert run.public_id in client.get(f"{BASE}runs/").content.decode()
