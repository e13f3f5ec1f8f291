"""End to end: a regulator exports a segment through the API, keeps two heads and the public key, and the standalone
verifier (a subprocess, `python -I`) says OK; then every kind of tampering with the export is caught and named."""

from __future__ import annotations

import copy
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lapak.core.audit.sealing import audit_seal
from lapak.oversight.tests.test_evidence_support import API, append, build_log, get_json, run_verifier, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(api_client, make_user, bearer, tmp_path):
    log = build_log(make_user, bearer)
    heads = {h["tree_size"]: h for h in get_json(api_client, f"{API}/heads", log.headers)["heads"]}
    keys = get_json(api_client, f"{API}/keys", log.headers)
    segment = get_json(api_client, f"{API}/segment?first={log.old_size}&second={log.new_size}", log.headers)
    return {
        "log": log, "client": api_client, "tmp": tmp_path, "keys": keys, "segment": segment,
        "key": keys["keys"][0]["public_key_hex"],
        "old": write(tmp_path / "old_head.json", heads[log.old_size]),
        "new": write(tmp_path / "new_head.json", heads[log.new_size]),
    }


def verify(export, segment, *, old=None, new=None, key=None):
    path = write(export["tmp"] / "segment.json", segment)
    return run_verifier("segment", "--key", key or export["key"], "--old", old or export["old"],
                        "--new", new or export["new"], path)


def failed(result, message: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    line = result.stdout.strip()
    assert "\n" not in line and line.startswith("FAILED ")
    assert message in line, line


def _first(segment, *, redacted: bool) -> int:
    return next(i for i, leaf in enumerate(segment["leaves"]) if ("data" in leaf) != redacted)


def test_an_honest_export_verifies(export):
    result = verify(export, export["segment"])
    assert result.returncode == 0, (result.stdout, result.stderr)
    log = export["log"]
    assert result.stdout.startswith(f"OK segment {log.old_size}..{log.new_size - 1}: {log.new_size - log.old_size} "
                                    "leaves (4 with data, 3 redacted)")


def test_key_order_inside_leaf_data_does_not_matter(export):
    segment = copy.deepcopy(export["segment"])
    for leaf in segment["leaves"]:
        if "data" in leaf:
            leaf["data"] = dict(reversed(list(leaf["data"].items())))
    assert verify(export, segment).returncode == 0


def test_keys_pinned_from_the_api_document_or_pem(export):
    keys_file = write(export["tmp"] / "keys.json", export["keys"])
    assert verify(export, export["segment"], key=keys_file).returncode == 0
    pem = export["tmp"] / "key.pem"
    pem.write_text(export["keys"]["keys"][0]["public_key_pem"])
    assert verify(export, export["segment"], key=str(pem)).returncode == 0


def test_a_changed_field_of_an_unredacted_leaf(export):
    segment = copy.deepcopy(export["segment"])
    i = _first(segment, redacted=False)
    segment["leaves"][i]["data"]["after"]["status"] = "rejected"
    index = segment["leaves"][i]["leaf_index"]
    failed(verify(export, segment), f"leaf {index}: its data does not hash to its leaf hash")


def test_a_changed_field_with_its_hash_recomputed(export):
    from lapak.core.audit import merkle
    from lapak.core.audit.encoding import canonical_json

    segment = copy.deepcopy(export["segment"])
    leaf = segment["leaves"][_first(segment, redacted=False)]
    leaf["data"]["actor"] = "usr_SOMEONE_ELSE"
    leaf["leaf_hash"] = merkle.leaf_hash(canonical_json(leaf["data"])).hex()
    failed(verify(export, segment), "do not lead to the new head's root")


def test_a_changed_redacted_hash(export):
    segment = copy.deepcopy(export["segment"])
    leaf = segment["leaves"][_first(segment, redacted=True)]
    leaf["leaf_hash"] = ("0" if leaf["leaf_hash"][0] != "0" else "1") + leaf["leaf_hash"][1:]
    failed(verify(export, segment), "do not lead to the new head's root")


def test_a_dropped_leaf(export):
    segment = copy.deepcopy(export["segment"])
    dropped = segment["leaves"].pop(2)
    failed(verify(export, segment), f"leaf {dropped['leaf_index']}: the segment gives leaf index")
    last = copy.deepcopy(export["segment"])
    gone = last["leaves"].pop()
    failed(verify(export, last), f"leaf {gone['leaf_index']}: missing")


def test_two_swapped_leaves(export):
    segment = copy.deepcopy(export["segment"])
    leaves = segment["leaves"]
    leaves[1], leaves[2] = leaves[2], leaves[1]
    failed(verify(export, segment), f"leaf {leaves[2]['leaf_index']}: the segment gives leaf index")
    renumbered = copy.deepcopy(segment)
    a, b = renumbered["leaves"][1], renumbered["leaves"][2]
    a["leaf_index"], b["leaf_index"] = b["leaf_index"], a["leaf_index"]
    failed(verify(export, renumbered), "do not lead to the new head's root")


def test_an_added_leaf(export):
    segment = copy.deepcopy(export["segment"])
    extra = copy.deepcopy(segment["leaves"][-1])
    extra["leaf_index"] += 1
    segment["leaves"].append(extra)
    failed(verify(export, segment), f"leaf {export['log'].new_size}: the segment holds more leaves than the new head")


def test_an_altered_frontier(export):
    segment = copy.deepcopy(export["segment"])
    segment["frontier"][-1] = "ab" * 32
    failed(verify(export, segment), "the frontier does not fold to the old head's root")
    shorter = copy.deepcopy(export["segment"])
    shorter["frontier"].pop()
    failed(verify(export, shorter), "the frontier holds")


def _resigned(head: dict, private: Ed25519PrivateKey, *, key_id: str) -> dict:
    from lapak.core.audit.encoding import tree_head_message

    forged = dict(head, key_id=key_id)
    forged.pop("signature_b64")
    forged.pop("signed_message")
    message = tree_head_message(tree_size=head["tree_size"], root_hash=bytes.fromhex(head["root_hash"]),
                                timestamp_ms=head["timestamp_ms"], key_id=key_id)
    forged["signature"] = private.sign(message).hex()
    return forged


def test_a_head_signed_by_another_key(export):
    import hashlib

    attacker = Ed25519PrivateKey.generate()
    attacker_id = hashlib.sha256(attacker.public_key().public_bytes_raw()).digest()[:8].hex()
    new_head = json.loads(open(export["new"]).read())  # noqa: SIM115
    forged = write(export["tmp"] / "forged.json", _resigned(new_head, attacker, key_id=attacker_id))
    failed(verify(export, export["segment"], new=forged),
           f"the new head (size {export['log'].new_size}): signed by key {attacker_id}, which is not one of the pinned")
    same_id = write(export["tmp"] / "same_id.json", _resigned(new_head, attacker, key_id=new_head["key_id"]))
    failed(verify(export, export["segment"], new=same_id), "the signature does not verify with pinned key")


def test_the_segments_head_differs_from_the_kept_one(export):
    segment = copy.deepcopy(export["segment"])
    segment["second_head"]["timestamp_ms"] += 1
    segment["second_head"].pop("signed_message")
    failed(verify(export, segment), "the segment's second head (size")


def test_the_wrong_old_head(export):
    log = export["log"]
    append(1, jurisdiction="ID", start=90)
    third = audit_seal()["tree_size"]
    later = get_json(export["client"], f"{API}/segment?first={log.new_size}&second={third}", log.headers)
    newest = write(export["tmp"] / "newest.json", get_json(export["client"], f"{API}/heads/latest", log.headers))
    assert verify(export, later, old=export["new"], new=newest).returncode == 0
    failed(verify(export, later, old=export["old"], new=newest),
           f"the segment's first head (size {log.new_size}) is not the old head you kept (size {log.old_size})")


def test_unusable_input_exits_2(export):
    bad = export["tmp"] / "bad.json"
    bad.write_text("{not json")
    result = run_verifier("segment", "--key", export["key"], "--old", export["old"], "--new", export["new"], str(bad))
    assert result.returncode == 2 and "not valid JSON" in result.stderr
    assert verify(export, export["segment"], key="abcd").returncode == 2
    missing = run_verifier("segment", "--key", export["key"], "--new", export["new"], str(bad) + ".none")
    assert missing.returncode == 2


def test_inclusion_proof_checks_offline(export):
    log = export["log"]
    event = log.id_events[2]
    url = f"{API}/proofs/inclusion?event={event.public_id}&size={log.new_size}"
    proof = get_json(export["client"], url, log.headers)
    path = write(export["tmp"] / "proof.json", proof)
    result = run_verifier("inclusion", "--key", export["key"], "--head", export["new"], path)
    assert result.returncode == 0 and result.stdout.startswith(f"OK event {event.public_id} is leaf")
    wrong_head = run_verifier("inclusion", "--key", export["key"], "--head", export["old"], path)
    failed(wrong_head, "the proof's head (size")
    tampered = copy.deepcopy(proof)
    tampered["event"]["after"]["status"] = "rejected"
    failed(run_verifier("inclusion", "--key", export["key"], write(export["tmp"] / "p2.json", tampered)),
           "its data does not hash to its leaf hash")
    bent = copy.deepcopy(proof)
    bent["audit_path"][0] = "cd" * 32
    failed(run_verifier("inclusion", "--key", export["key"], write(export["tmp"] / "p3.json", bent)),
           "the audit path does not lead to the root")


def test_consistency_proof_checks_offline(export):
    log = export["log"]
    proof = get_json(export["client"], f"{API}/proofs/consistency?first={log.old_size}&second={log.new_size}",
                     log.headers)
    path = write(export["tmp"] / "consistency.json", proof)
    result = run_verifier("consistency", "--key", export["key"], "--old", export["old"], "--new", export["new"], path)
    assert result.returncode == 0, result.stdout
    bent = copy.deepcopy(proof)
    bent["consistency_path"][-1] = "ef" * 32
    failed(run_verifier("consistency", "--key", export["key"], "--old", export["old"], "--new", export["new"],
                        write(export["tmp"] / "c2.json", bent)), "does not extend the old head")
    head = run_verifier("head", "--key", export["key"], export["new"])
    assert head.returncode == 0 and head.stdout.startswith(f"OK head of size {log.new_size}")


def test_every_single_leaf_tampering_is_caught(export):
    """In process, for speed: each leaf in turn, its hash bent, its data changed, or the leaf removed."""
    import importlib.util

    from lapak.oversight.tests.test_evidence_support import VERIFIER

    spec = importlib.util.spec_from_file_location("lapak_audit_verify_inproc", VERIFIER)
    verifier = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(verifier)
    keys = verifier.load_keys([export["key"]])
    path = export["tmp"] / "each.json"

    def check(segment) -> str:
        write(path, segment)
        return verifier.verify_segment(keys, export["old"], export["new"], str(path))

    assert check(export["segment"]).startswith("OK")
    for i, leaf in enumerate(export["segment"]["leaves"]):
        bent = copy.deepcopy(export["segment"])
        bent["leaves"][i]["leaf_hash"] = leaf["leaf_hash"][:-1] + ("f" if leaf["leaf_hash"][-1] != "f" else "e")
        removed = copy.deepcopy(export["segment"])
        del removed["leaves"][i]
        cases = [bent, removed]
        if "data" in leaf:
            changed = copy.deepcopy(export["segment"])
            changed["leaves"][i]["data"]["subject_id"] += "x"
            cases.append(changed)
        for case in cases:
            with pytest.raises(verifier.Failed):
                check(case)


def test_an_event_rewritten_in_the_database_is_caught(export):
    """Someone with database access changes a sealed event: the export carries the changed data, and the verifier
    names the leaf. A malformed stored hash makes proofs a clear 409, and the export still goes out to be caught."""
    from lapak.core.audit.models import AuditEvent

    log = export["log"]
    victim = log.id_events[-1]
    victim.refresh_from_db()
    AuditEvent.objects.filter(pk=victim.pk).update(after={"status": "verified", "n": 999})
    url = f"{API}/segment?first={log.old_size}&second={log.new_size}"
    rewritten = get_json(export["client"], url, log.headers)
    failed(verify(export, rewritten), f"leaf {victim.leaf_index}: its data does not hash to its leaf hash")
    AuditEvent.objects.filter(pk=victim.pk).update(leaf_hash="zz")
    body = get_json(export["client"], f"{API}/proofs/inclusion?event={log.id_events[0].public_id}", log.headers, 409)
    assert body["error"]["code"] == "audit_integrity_error"
    failed(verify(export, get_json(export["client"], url, log.headers)),
           f"leaf {victim.leaf_index}: its leaf hash is missing or malformed")
