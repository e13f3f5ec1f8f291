"""Review: the standalone verifier must not vouch for an event it has not seen (no Django, no database)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import struct

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lapak.core.audit import merkle
from lapak.core.audit.encoding import leaf_data
from lapak.oversight.tests.test_evidence_support import VERIFIER


@pytest.fixture(scope="module")
def verifier():
    spec = importlib.util.spec_from_file_location("lapak_audit_verify_review", VERIFIER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _event(n: int) -> dict:
    return {"public_id": f"aud_{n}", "occurred_at": "2026-01-02T03:04:05.000006Z", "actor": "usr_A",
            "action": "seller.verify", "subject_type": "seller", "subject_id": f"sel_{n}", "jurisdiction": "ID",
            "before": None, "after": {"n": n}, "decision": None}


def _proof(tmp_path, index: int = 2, size: int = 5):
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes_raw()
    key_id = hashlib.sha256(raw).digest()[:8].hex()
    events = [_event(n) for n in range(size)]
    hashes = [merkle.leaf_hash(leaf_data(event)) for event in events]
    root = merkle.root(hashes)
    message = b"LapakAuditSTH" + struct.pack(">BQ", 1, size) + root + struct.pack(">Q", 1_000) + bytes.fromhex(key_id)
    head = {"version": 1, "tree_size": size, "root_hash": root.hex(), "timestamp_ms": 1_000, "key_id": key_id,
            "signature": private.sign(message).hex()}
    record = dict(json.loads(leaf_data(events[index])))
    proof = {"format": "lapak-audit-inclusion-proof", "version": 1, "event_id": events[index]["public_id"],
             "event": record, "leaf_index": index, "leaf_hash": hashes[index].hex(), "tree_size": size,
             "tree_head": head, "audit_path": [h.hex() for h in merkle.inclusion_proof(index, hashes)]}
    return raw.hex(), proof


def _check(verifier, tmp_path, key: str, proof: dict) -> str:
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(proof), encoding="utf-8")
    return verifier.verify_inclusion(verifier.load_keys([key]), None, str(path))


def test_an_honest_inclusion_proof_verifies(verifier, tmp_path):
    key, proof = _proof(tmp_path)
    assert _check(verifier, tmp_path, key, proof).startswith("OK event aud_2 is leaf 2")


@pytest.mark.parametrize("how", ["null", "missing"])
def test_an_inclusion_proof_without_the_event_data_does_not_vouch_for_the_named_event(verifier, tmp_path, how):
    """Without the event's data nothing ties `event_id` to the leaf: a platform could name any event it likes."""
    key, proof = _proof(tmp_path)
    proof["event_id"] = "aud_NEVER_LOGGED"
    if how == "null":
        proof["event"] = None
    else:
        del proof["event"]
    with pytest.raises((verifier.Failed, verifier.Unusable)):
        _check(verifier, tmp_path, key, proof)
