"""The audit-evidence pages: what a regulator (after two factors) and an operator see and download, the scoping,
the errors shown on the page, and the query log."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from lapak.core.audit.models import AuditEvent
from lapak.oversight.tests.test_evidence_support import build_log, run_verifier, write

pytestmark = pytest.mark.django_db
BASE = "/oversight/audit/"


@pytest.fixture
def log(make_user, bearer):
    return build_log(make_user, bearer)


def _verified_client(user) -> Client:
    """Signed in, second factor passed: a confirmed TOTP device recorded in the session as django-otp does."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def regulator(log):
    return _verified_client(log.regulator)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _page_queries() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="oversight.query").order_by("id"))


def test_home_shows_the_latest_head_keys_forms_and_how_to_verify(regulator, log):
    before = len(_page_queries())
    response = regulator.get(BASE)
    assert response.status_code == 200
    html = response.content.decode()
    for marker in ('id="latest-head"', 'id="signing-keys"', 'id="recent-heads"', 'id="inclusion-form"',
                   'id="segment-form"', 'id="verify-offline"', "lapak_audit_verify.py segment"):
        assert marker in html
    assert f'id="latest-size">{log.new_size}<' in html
    assert f"{BASE}heads/{log.new_size}.json" in html and f'id="head-{log.old_size}"' in html
    queries = _page_queries()
    assert len(queries) == before + 1
    assert (queries[-1].actor, queries[-1].subject_id, queries[-1].after["params"]["channel"]) == (
        log.regulator.public_id, "audit:page_home", "page")


def test_the_files_from_the_pages_verify_offline(regulator, log, tmp_path):
    keys = write(tmp_path / "keys.json", json.loads(regulator.get(f"{BASE}keys.json").content))
    old = regulator.get(f"{BASE}heads/{log.old_size}.json")
    assert old.status_code == 200 and "attachment" in old["Content-Disposition"]
    old_path, new_path = tmp_path / "old.json", tmp_path / "new.json"
    old_path.write_bytes(old.content)
    new_path.write_bytes(regulator.get(f"{BASE}heads/{log.new_size}.json").content)
    segment = regulator.get(f"{BASE}segment.json?first={log.old_size}&second={log.new_size}")
    assert segment.status_code == 200 and "attachment" in segment["Content-Disposition"]
    (tmp_path / "segment.json").write_bytes(_body(segment))
    result = run_verifier("segment", "--key", keys, "--old", str(old_path), "--new", str(new_path),
                          str(tmp_path / "segment.json"))
    assert result.returncode == 0, result.stdout + result.stderr
    event = log.id_events[0]
    proof = regulator.get(f"{BASE}inclusion.json?event={event.public_id}&size={log.new_size}")
    (tmp_path / "proof.json").write_bytes(proof.content)
    result = run_verifier("inclusion", "--key", keys, "--head", str(new_path), str(tmp_path / "proof.json"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_inclusion_page_shows_the_proof_and_hides_other_jurisdictions(regulator, log):
    event = log.id_events[0]
    response = regulator.get(f"{BASE}inclusion/?event={event.public_id}")
    assert response.status_code == 200
    assert 'id="proof"' in response.content.decode() and event.public_id in response.content.decode()
    other = regulator.get(f"{BASE}inclusion/?event={log.gb_events[0].public_id}")
    unknown = regulator.get(f"{BASE}inclusion/?event=aud_NOSUCHTHING")
    assert other.status_code == unknown.status_code == 404
    assert 'id="proof"' not in other.content.decode()
    assert log.gb_events[0].subject_id not in other.content.decode()
    assert regulator.get(f"{BASE}inclusion.json?event={log.gb_events[0].public_id}").status_code == 404


@pytest.mark.parametrize(("query", "status"), [
    ("first=abc&second=1", 422),
    ("first=NEW&second=OLD", 422),
    ("first=1&second=NEW", 404),
])
def test_bad_segment_requests_are_shown_on_the_page(regulator, log, query, status):
    query = query.replace("OLD", str(log.old_size)).replace("NEW", str(log.new_size))
    response = regulator.get(f"{BASE}segment.json?{query}")
    assert response.status_code == status
    assert 'id="form-errors"' in response.content.decode()


def test_consistency_file_and_its_errors(regulator, log):
    ok = regulator.get(f"{BASE}consistency.json?first={log.old_size}&second={log.new_size}")
    assert ok.status_code == 200 and json.loads(ok.content)["second_size"] == log.new_size
    reversed_sizes = regulator.get(f"{BASE}consistency.json?first={log.new_size}&second={log.old_size}")
    assert reversed_sizes.status_code == 422 and 'id="evidence-error"' in reversed_sizes.content.decode()


def test_another_jurisdiction_is_403_and_unknown_head_404(regulator, log):
    assert regulator.get(f"{BASE}?jurisdiction=GB").status_code == 403
    assert regulator.get(f"{BASE}segment.json?first=0&second={log.new_size}&jurisdiction=GB").status_code == 403
    assert regulator.get(f"{BASE}heads/12345.json").status_code == 404


def test_who_may_see_the_pages(log, make_user):
    anonymous = Client()
    assert anonymous.get(BASE).status_code == 302
    buyer = Client()
    buyer.force_login(make_user())
    assert buyer.get(BASE).status_code == 403
    unverified = Client()
    unverified.force_login(log.regulator)
    response = unverified.get(BASE)
    assert response.status_code == 302 and "two-factor" in response["Location"]
    operator = Client(HTTP_ACCEPT_LANGUAGE="en")
    operator.force_login(make_user(roles=["operator"]))
    doc = json.loads(_body(operator.get(f"{BASE}segment.json?first={log.old_size}&second={log.new_size}"
                                        "&jurisdiction=GB")))
    assert {leaf["data"]["jurisdiction"] for leaf in doc["leaves"] if "data" in leaf} == {"GB"}
    assert operator.get(f"{BASE}segment.json?first=0&second={log.new_size}&jurisdiction=a%22b").status_code == 400

