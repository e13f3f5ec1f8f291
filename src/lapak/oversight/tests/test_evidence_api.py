"""The evidence API as a regulator sees it: heads, keys, proofs and segments, scoped to the regulator's jurisdiction,
every call logged, bad input answered in the one error shape."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from lapak.core.audit import merkle
from lapak.core.audit.encoding import canonical_json
from lapak.core.audit.models import AuditEvent, TreeHead
from lapak.oversight.tests.test_evidence_support import API, build_log, get_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(make_user, bearer):
    return build_log(make_user, bearer)


def _queries() -> int:
    return AuditEvent.objects.filter(action="oversight.query").count()


def test_heads_newest_first_with_the_exact_signed_message(api_client, log):
    body = get_json(api_client, f"{API}/heads", log.headers)
    assert [h["tree_size"] for h in body["heads"]] == [log.new_size, log.old_size]
    keys = get_json(api_client, f"{API}/keys", log.headers)["keys"]
    public = bytes.fromhex(keys[0]["public_key_hex"])
    assert base64.b64decode(keys[0]["public_key_b64"]) == public
    for head in body["heads"]:
        message = bytes.fromhex(head["signed_message"])
        assert len(message) == 70 and message.startswith(b"LapakAuditSTH\x01")
        assert message[14:22] == head["tree_size"].to_bytes(8, "big")
        assert message[22:54].hex() == head["root_hash"]
        assert message[62:].hex() == head["key_id"] == hashlib.sha256(public).digest()[:8].hex()
        assert base64.b64decode(head["signature_b64"]).hex() == head["signature"]
        Ed25519PublicKey.from_public_bytes(public).verify(bytes.fromhex(head["signature"]), message)
    latest = get_json(api_client, f"{API}/heads/latest", log.headers)
    assert latest == body["heads"][0]
    page = get_json(api_client, f"{API}/heads?page=2&page_size=1", log.headers)
    assert (page["count"], page["pages"], [h["tree_size"] for h in page["heads"]]) == (2, 2, [log.old_size])


def test_inclusion_proof_for_own_event_verifies_and_carries_its_leaf_data(api_client, log):
    event = log.id_events[1]
    proof = get_json(api_client, f"{API}/proofs/inclusion?event={event.public_id}&size={log.old_size}", log.headers)
    assert proof["tree_size"] == log.old_size
    assert merkle.leaf_hash(canonical_json(proof["event"])).hex() == proof["leaf_hash"] == event.leaf_hash
    assert merkle.verify_inclusion(proof["leaf_index"], log.old_size, bytes.fromhex(proof["leaf_hash"]),
                                   [bytes.fromhex(h) for h in proof["audit_path"]],
                                   bytes.fromhex(proof["tree_head"]["root_hash"]))
    latest = get_json(api_client, f"{API}/proofs/inclusion?event={event.public_id}", log.headers)
    assert latest["tree_size"] == log.new_size


def test_inclusion_proof_for_another_jurisdictions_event_is_404_like_an_unknown_one(api_client, log):
    other = get_json(api_client, f"{API}/proofs/inclusion?event={log.gb_events[0].public_id}", log.headers, 404)
    unknown = get_json(api_client, f"{API}/proofs/inclusion?event=aud_NOSUCHEVENT", log.headers, 404)
    assert other == unknown
    assert other["error"]["code"] == "audit_event_not_found"


def test_consistency_proof_between_heads(api_client, log):
    proof = get_json(api_client, f"{API}/proofs/consistency?first={log.old_size}&second={log.new_size}", log.headers)
    assert merkle.verify_consistency(log.old_size, log.new_size,
                                     bytes.fromhex(proof["first_tree_head"]["root_hash"]),
                                     bytes.fromhex(proof["second_tree_head"]["root_hash"]),
                                     [bytes.fromhex(h) for h in proof["consistency_path"]])


def test_segment_redacts_other_jurisdictions_and_is_a_download(api_client, log):
    response = api_client.get(f"{API}/segment?first={log.old_size}&second={log.new_size}", **log.headers)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert f"-ID-{log.old_size}-{log.new_size}.json" in response["Content-Disposition"]
    doc = json.loads(b"".join(response.streaming_content))
    leaves = doc["leaves"]
    assert [leaf["leaf_index"] for leaf in leaves] == list(range(log.old_size, log.new_size))
    stored = {e.leaf_index: e for e in AuditEvent.objects.filter(leaf_index__gte=log.old_size)}
    for leaf in leaves:
        event = stored[leaf["leaf_index"]]
        assert leaf["leaf_hash"] == event.leaf_hash
        if event.jurisdiction == "ID":
            assert merkle.leaf_hash(canonical_json(leaf["data"])).hex() == leaf["leaf_hash"]
        else:
            assert leaf == {"leaf_index": event.leaf_index, "leaf_hash": event.leaf_hash, "redacted": True,
                            "reason": "other_jurisdiction"}
    gb_ids = {e.public_id for e in log.gb_events}
    text = json.dumps(doc)
    assert not any(public_id in text for public_id in gb_ids)
    assert sum("data" in leaf for leaf in leaves) == 4 and sum("redacted" in leaf for leaf in leaves) == 3
    tree = merkle.CompactRange(log.old_size, [bytes.fromhex(h) for h in doc["frontier"]])
    assert tree.root().hex() == TreeHead.objects.get(tree_size=log.old_size).root_hash


def test_segment_from_the_empty_tree(api_client, log):
    doc = get_json(api_client, f"{API}/segment?first=0&second={log.old_size}", log.headers)
    assert doc["first_head"] is None and doc["frontier"] == []
    assert len(doc["leaves"]) == log.old_size


@pytest.mark.parametrize(("query", "status", "code"), [
    ("segment?first=abc&second=2", 422, "validation_error"),
    ("segment?first=-1&second=2", 422, "validation_error"),
    ("segment?first=1.5&second=2", 422, "validation_error"),
    ("segment?first=99999999999999999999999&second=2", 422, "validation_error"),
    ("segment?second=2", 422, "validation_error"),
    ("segment?first=NEW&second=OLD", 422, "audit_sizes_reversed"),
    ("segment?first=OLD&second=OLD", 422, "audit_sizes_reversed"),
    ("segment?first=1&second=NEW", 404, "audit_tree_head_not_found"),
    ("segment?first=OLD&second=NEW&colour=red", 422, "validation_error"),
    ("proofs/consistency?first=NEW&second=OLD", 422, "audit_sizes_reversed"),
    ("proofs/consistency?first=OLD&second=1234", 404, "audit_tree_head_not_found"),
    ("proofs/inclusion?size=OLD", 422, "validation_error"),
    ("proofs/inclusion?event=EVENT&size=x", 422, "validation_error"),
    ("proofs/inclusion?event=EVENT&size=1", 404, "audit_tree_head_not_found"),
    ("proofs/inclusion?event=aud_%C3%A9%27%22%3B" + "x" * 300, 404, "audit_event_not_found"),
    ("heads?page=0", 422, "validation_error"),
    ("heads?page_size=100000", 422, "validation_error"),
])
def test_bad_input_gets_the_one_error_shape_and_is_still_logged(api_client, log, query, status, code):
    query = (query.replace("OLD", str(log.old_size)).replace("NEW", str(log.new_size))
             .replace("EVENT", log.id_events[0].public_id))
    before = _queries()
    body = get_json(api_client, f"{API}/{query}", log.headers, status)
    assert set(body) == {"error"} and body["error"]["code"] == code
    assert _queries() == before + 1


def test_segment_size_limit(api_client, log, monkeypatch):
    from lapak.oversight import evidence

    monkeypatch.setattr(evidence, "SEGMENT_MAX_LEAVES", 2)
    body = get_json(api_client, f"{API}/segment?first={log.old_size}&second={log.new_size}", log.headers, 422)
    assert body["error"]["code"] == "audit_segment_too_large"


def test_unsealed_event_is_a_conflict(api_client, log):
    from lapak.oversight.tests.test_evidence_support import append

    waiting = append(1, jurisdiction="ID", start=50)[0]
    body = get_json(api_client, f"{API}/proofs/inclusion?event={waiting.public_id}", log.headers, 409)
    assert body["error"]["code"] == "audit_event_unsealed"


ENDPOINTS = ["heads", "heads/latest", "keys", "proofs/inclusion?event=EVENT", "proofs/consistency?first=OLD&second=NEW",
             "segment?first=OLD&second=NEW"]


def _endpoint(path: str, log) -> str:
    return (f"{API}/" + path.replace("OLD", str(log.old_size)).replace("NEW", str(log.new_size))
            .replace("EVENT", log.id_events[0].public_id))


@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_call_is_logged_with_who_and_what(api_client, log, path):
    before = _queries()
    response = api_client.get(_endpoint(path, log), **log.headers)
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="oversight.query").order_by("-id").first()
    assert _queries() == before + 1
    assert (event.actor, event.jurisdiction) == (log.regulator.public_id, "ID")
    assert event.subject_id.startswith("audit:") and event.after["params"]["channel"] == "api"


@pytest.mark.parametrize("path", ENDPOINTS)
def test_anonymous_is_401_and_non_readers_403(api_client, log, make_user, bearer, path):
    before = _queries()
    assert api_client.get(_endpoint(path, log)).status_code == 401
    buyer = make_user()
    body = get_json(api_client, _endpoint(path, log), bearer(buyer), 403)
    assert body["error"]["code"] == "oversight_forbidden"
    assert _queries() == before


@pytest.mark.parametrize("path", ENDPOINTS)
def test_another_jurisdiction_is_forbidden(api_client, log, path):
    sep = "&" if "?" in path else "?"
    body = get_json(api_client, _endpoint(path, log) + f"{sep}jurisdiction=GB", log.headers, 403)
    assert body["error"]["code"] == "jurisdiction_forbidden"


def test_operator_reads_the_jurisdiction_asked_for(api_client, log, make_user, bearer):
    operator = make_user(roles=["operator"])
    headers = bearer(operator)
    doc = get_json(api_client, f"{API}/segment?first={log.old_size}&second={log.new_size}&jurisdiction=GB", headers)
    with_data = {leaf["data"]["jurisdiction"] for leaf in doc["leaves"] if "data" in leaf}
    assert with_data == {"GB"} and doc["jurisdiction"] == "GB"
    proof = get_json(api_client, f"{API}/proofs/inclusion?event={log.gb_events[0].public_id}&jurisdiction=GB", headers)
    assert proof["event"]["jurisdiction"] == "GB"


def test_the_matrix_covers_every_published_evidence_operation():
    from lapak.core.testing import published_operations

    covered = {("GET", f"{API}/" + path.split("?")[0]) for path in ENDPOINTS}
    assert published_operations(f"{API}/") == covered


@pytest.mark.parametrize("code", ["IDN", "i%22d", "%0Ax", "1D"])
def test_an_operator_naming_a_malformed_jurisdiction_gets_422(api_client, log, make_user, bearer, code):
    headers = bearer(make_user(roles=["operator"]))
    body = get_json(api_client, f"{API}/segment?first=0&second={log.new_size}&jurisdiction={code}", headers, 422)
    assert "jurisdiction" in body["error"]["fields"]


def test_an_export_leaves_its_frontier_for_the_next_and_a_poisoned_cache_is_ignored(api_client, log):
    from django.core.cache import cache

    from lapak.core.audit.sealing import audit_seal
    from lapak.oversight.tests.test_evidence_support import append

    new_head = TreeHead.objects.get(tree_size=log.new_size)
    key = f"oversight:audit-frontier:{log.new_size}:{new_head.root_hash}"
    assert cache.get(key) is None
    get_json(api_client, f"{API}/segment?first={log.old_size}&second={log.new_size}", log.headers)
    hashes = [bytes.fromhex(h) for h in AuditEvent.objects.filter(leaf_index__lt=log.new_size)
              .order_by("leaf_index").values_list("leaf_hash", flat=True)]
    tree = merkle.CompactRange()
    for leaf in hashes:
        tree.append(leaf)
    expected = [h.hex() for h in tree.hashes]
    assert cache.get(key) == expected
    append(2, jurisdiction="ID", start=70)
    third = audit_seal()["tree_size"]
    cache.set(key, ["00" * 32] * len(expected))
    doc = get_json(api_client, f"{API}/segment?first={log.new_size}&second={third}", log.headers)
    assert doc["frontier"] == expected
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"{API}/segment?first={log.new_size}&second={third}"
    with CaptureQueriesContext(connection) as warm:
        assert get_json(api_client, url, log.headers)["frontier"] == expected
    cache.delete(key)
    with CaptureQueriesContext(connection) as cold:
        assert get_json(api_client, url, log.headers)["frontier"] == expected
    assert len(cold) == len(warm) + 1  # the scan of the leaves below the first head
