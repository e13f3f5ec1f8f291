"""The disclosure policy of the evidence exports (`oversight/disclosure.py`): which leaves a regulator gets the data
of, in segments, inclusion proofs and on the pages, and what the standalone verifier says about the rest."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client

from lapak.compliance.switches import AUDIT_ACTION, AUDIT_SUBJECT
from lapak.core.audit.sealing import audit_seal
from lapak.core.audit.services import audit_append
from lapak.oversight.disclosure import (
    DISCLOSED_ACTIONS,
    NOT_DISCLOSED,
    OTHER_JURISDICTION,
    PLATFORM_WIDE_ACTIONS,
    action_disclosed,
)
from lapak.oversight.pricing.models import LegalRequest
from lapak.oversight.pricing.selectors import local_today
from lapak.oversight.pricing.services import legal_request_record
from lapak.oversight.pricing.tests.support import Catalogue
from lapak.oversight.tests.test_evidence_support import API, get_json, run_verifier, write

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[2]


@dataclass
class Mixed:
    regulator: object
    headers: dict
    seller: object
    events: dict
    first: int
    second: int


def _event(action: str, subject_type: str, subject_id: str, *, jurisdiction: str = "ID", **data):
    return audit_append(actor="usr_OPERATOR", action=action, subject_type=subject_type, subject_id=subject_id,
                        jurisdiction=jurisdiction, after=data or None)


@pytest.fixture
def mixed(make_user, bearer):
    """Between two heads: a switch change, an order, a seller's tax status, a pilot naming that seller, and a
    switch change in GB."""
    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    seller = Catalogue().seller(name="Toko Sepatu Bandung")
    first = audit_seal()["tree_size"]
    events = {
        "switch": _event(AUDIT_ACTION, AUDIT_SUBJECT, "ID:cross_border", state="off", reason="Banjir impor"),
        "order": _event("order.place", "order", "ord_TEST", buyer="usr_BUYER", total=250_000),
        "tax": _event("seller.tax_status_recorded", "seller", seller.public_id, certificate="SKB-123/2026"),
        "pilot": _event(AUDIT_ACTION, AUDIT_SUBJECT, "ID:live_selling", state="pilot",
                        pilot_sellers=[seller.public_id]),
        "gb": _event(AUDIT_ACTION, AUDIT_SUBJECT, "GB:cross_border", jurisdiction="GB", state="off"),
    }
    second = audit_seal()["tree_size"]
    return Mixed(regulator, bearer(regulator), seller, events, first, second)


def _leaves(client, mixed: Mixed, headers: dict | None = None, jurisdiction: str = "") -> dict:
    """The segment's leaves by event name."""
    suffix = f"&jurisdiction={jurisdiction}" if jurisdiction else ""
    doc = get_json(client, f"{API}/segment?first={mixed.first}&second={mixed.second}{suffix}",
                   headers or mixed.headers)
    by_index = {leaf["leaf_index"]: leaf for leaf in doc["leaves"]}
    for event in mixed.events.values():
        event.refresh_from_db()
    return {name: by_index[event.leaf_index] for name, event in mixed.events.items()}


def _proof(client, mixed: Mixed, name: str, status: int = 200, headers: dict | None = None) -> dict:
    return get_json(client, f"{API}/proofs/inclusion?event={mixed.events[name].public_id}&size={mixed.second}",
                    headers or mixed.headers, status)


def _name(mixed: Mixed, operator) -> LegalRequest:
    return legal_request_record(
        actor=operator, jurisdiction="ID", authority="Satgas Perdagangan Daring", reference_number="B-9/2026",
        legal_basis="Permendag 31/2023", received_on=local_today("ID") - timedelta(days=3),
        seller_id=mixed.seller.public_id)


def test_an_order_is_withheld_and_a_switch_change_disclosed(api_client, mixed):
    leaves = _leaves(api_client, mixed)
    assert leaves["switch"]["data"]["action"] == AUDIT_ACTION and "reason" not in leaves["switch"]
    for name in ("order", "tax", "pilot"):
        assert "data" not in leaves[name]
        assert (leaves[name]["redacted"], leaves[name]["reason"]) == (True, NOT_DISCLOSED)
    assert leaves["gb"]["reason"] == OTHER_JURISDICTION
    order = _proof(api_client, mixed, "order")
    assert (order["event"], order["disclosed"]) == (None, False)
    assert order["leaf_hash"] == mixed.events["order"].leaf_hash and order["audit_path"]
    switch = _proof(api_client, mixed, "switch")
    assert switch["disclosed"] is True and switch["event"]["subject_id"] == "ID:cross_border"
    assert _proof(api_client, mixed, "gb", 404)["error"]["code"] == "audit_event_not_found"


def test_a_seller_is_disclosed_while_a_legal_request_names_it_and_withheld_after_it_expires(
        api_client, mixed, make_user, bearer):
    operator = make_user(roles=["operator"])
    request = _name(mixed, operator)
    leaves = _leaves(api_client, mixed)
    assert leaves["tax"]["data"]["after"]["certificate"] == "SKB-123/2026"
    assert leaves["pilot"]["data"]["after"]["pilot_sellers"] == [mixed.seller.public_id]
    assert "data" not in leaves["order"]
    assert _proof(api_client, mixed, "tax")["disclosed"] is True
    # Operators read what regulators see without a request: the request names the seller to regulators only.
    assert "data" not in _leaves(api_client, mixed, bearer(operator), jurisdiction="ID")["tax"]

    LegalRequest.objects.filter(pk=request.pk).update(expires_on=local_today("ID") - timedelta(days=1))
    leaves = _leaves(api_client, mixed)
    assert leaves["tax"]["reason"] == leaves["pilot"]["reason"] == NOT_DISCLOSED
    assert _proof(api_client, mixed, "tax")["event"] is None


def test_a_gb_regulator_never_sees_indonesian_data(api_client, mixed, make_user, bearer):
    headers = bearer(make_user(roles=["regulator"], jurisdiction="GB"))
    _name(mixed, make_user(roles=["operator"]))
    doc = get_json(api_client, f"{API}/segment?first={mixed.first}&second={mixed.second}", headers)
    assert doc["jurisdiction"] == "GB"
    assert {leaf["data"]["jurisdiction"] for leaf in doc["leaves"] if "data" in leaf} == {"GB"}
    assert {leaf["reason"] for leaf in doc["leaves"] if "data" not in leaf} == {OTHER_JURISDICTION}
    for name in ("switch", "tax", "order"):
        assert _proof(api_client, mixed, name, 404, headers)["error"]["code"] == "audit_event_not_found"


def test_platform_wide_reference_data_is_disclosed_to_every_regulator(api_client, make_user, bearer):
    """Exchange rates, the category tree and key rotations are logged with no jurisdiction; other platform-wide
    events (a bulk load, a malformed query) are not."""
    readers = [bearer(make_user(roles=["regulator"], jurisdiction=code)) for code in ("ID", "GB")]
    first = audit_seal()["tree_size"]
    platform = [_event("catalog.category.updated", "category", "sepatu", jurisdiction="", name="Sepatu"),
                _event("compliance.rate.add", "exchange_rate", "USD:2026-11-01", jurisdiction="", idr_per_unit=16250)]
    private = [_event("demo.catalog.bulk_load", "demo_bulk_batch", "b1", jurisdiction="", sellers=3),
               _event("oversight.query", "oversight", "audit:segment", jurisdiction="", params={"x": "1"})]
    second = audit_seal()["tree_size"]
    for headers in readers:
        doc = get_json(api_client, f"{API}/segment?first={first}&second={second}", headers)
        leaves = {leaf["leaf_index"]: leaf for leaf in doc["leaves"]}
        for event in platform + private:
            event.refresh_from_db()
        assert all("data" in leaves[event.leaf_index] for event in platform)
        assert all(leaves[event.leaf_index]["reason"] == NOT_DISCLOSED for event in private)
        proof = get_json(api_client, f"{API}/proofs/inclusion?event={platform[0].public_id}", headers)
        assert proof["disclosed"] is True and proof["event"]["action"] == "catalog.category.updated"
        withheld = get_json(api_client, f"{API}/proofs/inclusion?event={private[0].public_id}", headers)
        assert (withheld["disclosed"], withheld["event"]) == (False, None)


@pytest.fixture
def files(api_client, mixed, tmp_path):
    heads = {h["tree_size"]: h for h in get_json(api_client, f"{API}/heads", mixed.headers)["heads"]}
    keys = write(tmp_path / "keys.json", get_json(api_client, f"{API}/keys", mixed.headers))
    return {"keys": keys, "old": write(tmp_path / "old.json", heads[mixed.first]),
            "new": write(tmp_path / "new.json", heads[mixed.second]), "tmp": tmp_path}


def _segment(files, doc) -> object:
    return run_verifier("segment", "--key", files["keys"], "--old", files["old"], "--new", files["new"],
                        write(files["tmp"] / "segment.json", doc))


def test_the_verifier_checks_a_segment_mixing_disclosed_and_withheld_leaves(api_client, mixed, files):
    doc = get_json(api_client, f"{API}/segment?first={mixed.first}&second={mixed.second}", mixed.headers)
    assert {leaf.get("reason") for leaf in doc["leaves"]} == {None, NOT_DISCLOSED, OTHER_JURISDICTION}
    result = _segment(files, doc)
    assert result.returncode == 0 and result.stdout.startswith("OK segment"), (result.stdout, result.stderr)
    assert "(1 with data, 4 redacted)" in result.stdout
    disclosed = copy.deepcopy(doc)
    leaf = next(leaf for leaf in disclosed["leaves"] if "data" in leaf)
    leaf["data"]["after"]["state"] = "on"
    tampered = _segment(files, disclosed)
    assert tampered.returncode == 1
    assert f"leaf {leaf['leaf_index']}: its data does not hash to its leaf hash" in tampered.stdout
    withheld = copy.deepcopy(doc)
    leaf = next(leaf for leaf in withheld["leaves"] if leaf.get("reason") == NOT_DISCLOSED)
    leaf["leaf_hash"] = ("0" if leaf["leaf_hash"][0] != "0" else "1") + leaf["leaf_hash"][1:]
    tampered = _segment(files, withheld)
    assert tampered.returncode == 1 and "do not lead to the new head's root" in tampered.stdout


def test_the_verifier_checks_a_withheld_inclusion_proof_only_with_leaf_only(api_client, mixed, files):
    proof = _proof(api_client, mixed, "order")
    path = write(files["tmp"] / "order.json", proof)
    refused = run_verifier("inclusion", "--key", files["keys"], "--head", files["new"], path)
    assert refused.returncode == 1 and "carries no event data" in refused.stdout and "--leaf-only" in refused.stdout
    ok = run_verifier("inclusion", "--key", files["keys"], "--head", files["new"], "--leaf-only", path)
    assert ok.returncode == 0, (ok.stdout, ok.stderr)
    assert ok.stdout.strip() == (f"OK leaf {proof['leaf_hash']} is at index {proof['leaf_index']} of the tree of "
                                 f"size {mixed.second}; the event's content was not disclosed, so its id is not "
                                 "checked")
    bent = copy.deepcopy(proof)
    bent["leaf_hash"] = ("0" if bent["leaf_hash"][0] != "0" else "1") + bent["leaf_hash"][1:]
    failed = run_verifier("inclusion", "--key", files["keys"], "--leaf-only", write(files["tmp"] / "bent.json", bent))
    assert failed.returncode == 1 and "the audit path does not lead to the root" in failed.stdout
    # A proof that carries data is checked in full, --leaf-only or not.
    switch = _proof(api_client, mixed, "switch")
    switch["event"]["after"]["state"] = "on"
    full = run_verifier("inclusion", "--key", files["keys"], "--leaf-only", write(files["tmp"] / "sw.json", switch))
    assert full.returncode == 1 and "its data does not hash to its leaf hash" in full.stdout


def _verified_client(user) -> Client:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_the_pages_say_what_is_withheld_and_why(mixed, make_user):
    client = _verified_client(mixed.regulator)
    home = client.get("/oversight/audit/").content.decode()
    assert 'id="disclosure-policy"' in home and "not_disclosed" in home and "other_jurisdiction" in home
    assert "name 0 sellers to you" in home
    withheld = client.get(f"/oversight/audit/inclusion/?event={mixed.events['order'].public_id}").content.decode()
    assert 'id="proof-withheld"' in withheld and 'id="proof-event"' not in withheld
    assert "usr_BUYER" not in withheld and "--leaf-only" in withheld
    _name(mixed, make_user(roles=["operator"]))
    assert "names 1 seller to you" in client.get("/oversight/audit/").content.decode()
    shown = client.get(f"/oversight/audit/inclusion/?event={mixed.events['tax'].public_id}").content.decode()
    assert 'id="proof-event"' in shown and mixed.seller.public_id in shown


def test_the_allowlist():
    for action in ("compliance.switch.changed", "compliance.rate.add", "compliance.hs_list.activate",
                   "compliance.rule_version.draft", "compliance.holiday.change",
                   "compliance.certificate_requirement.end", "catalog.category.created", "audit.signing_key_rotate",
                   "identity.key_rotation", "oversight.query", "oversight.workforce_record"):
        assert action_disclosed(action), action
    for action in ("order.place", "seller.tax_status_recorded", "payout.paid", "compliance.decision.overridden",
                   "compliance.switch.changed.x", "compliance.ratex", "catalog.listing.active", "identity.decrypt",
                   "oversight.legal_request.record", "oversight.query_x", "audit"):
        assert not action_disclosed(action), action


def test_every_allowlist_entry_names_actions_the_code_writes():
    """A renamed action must not leave a dead entry behind (nor a live one that matches nothing we meant)."""
    written = set()
    for path in SRC.rglob("*.py"):
        if "tests" not in path.parts:
            written.update(re.findall(r"[\"']((?:compliance|catalog|audit|identity|oversight)\.[a-z_.{}]+)[\"']",
                                      path.read_text(encoding="utf-8")))
    assert set(PLATFORM_WIDE_ACTIONS) <= set(DISCLOSED_ACTIONS)
    for entry in DISCLOSED_ACTIONS:
        assert any(name == entry or (entry.endswith(".") and name.startswith(entry)) for name in written), entry
