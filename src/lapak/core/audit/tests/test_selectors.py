import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from lapak.core.audit import merkle
from lapak.core.audit.keys import signing_key
from lapak.core.audit.models import TreeHead
from lapak.core.audit.sealing import audit_seal
from lapak.core.audit.selectors import audit_public_key, consistency_proof, inclusion_proof, latest_tree_head
from lapak.core.errors import Conflict, NotFound, ValidationFailed

pytestmark = pytest.mark.django_db


def test_latest_tree_head(append_events):
    assert latest_tree_head() is None
    append_events(3)
    audit_seal()
    append_events(2, start=3)
    audit_seal()
    head = latest_tree_head()
    assert head["tree_size"] == 5
    assert head == TreeHead.objects.get(tree_size=5).as_dict()


def test_inclusion_proofs_verify_for_every_event_and_every_head(append_events):
    events = append_events(11)
    audit_seal(batch_size=4)  # heads of sizes 4, 8, 11
    for event in events:
        for size in (None, 4, 8, 11):
            if size is not None and events.index(event) >= size:
                with pytest.raises(Conflict):
                    inclusion_proof(event.public_id, tree_size=size)
                continue
            proof = inclusion_proof(event.public_id, tree_size=size)
            assert proof["tree_size"] == (size or 11)
            assert merkle.verify_inclusion(
                proof["leaf_index"],
                proof["tree_size"],
                bytes.fromhex(event.leaf_hash),
                [bytes.fromhex(p) for p in proof["audit_path"]],
                bytes.fromhex(proof["tree_head"]["root_hash"]),
            )


def test_inclusion_proof_errors(append_events):
    with pytest.raises(NotFound):
        inclusion_proof("aud_DOESNOTEXIST")
    waiting = append_events(1)[0]
    with pytest.raises(Conflict):
        inclusion_proof(waiting.public_id)
    audit_seal()
    with pytest.raises(NotFound):
        inclusion_proof(waiting.public_id, tree_size=7)  # no head of that size


def test_consistency_proofs_between_signed_heads_verify(append_events):
    append_events(13)
    audit_seal(batch_size=3)
    sizes = [0, *TreeHead.objects.values_list("tree_size", flat=True)]
    assert sizes == [0, 3, 6, 9, 12, 13]
    for i, first in enumerate(sizes):
        for second in sizes[max(i, 1) :]:
            proof = consistency_proof(first, second)
            assert merkle.verify_consistency(
                first,
                second,
                bytes.fromhex(proof["first_root_hash"]),
                bytes.fromhex(proof["second_root_hash"]),
                [bytes.fromhex(p) for p in proof["consistency_path"]],
            ), (first, second)
    with pytest.raises(ValidationFailed):
        consistency_proof(6, 3)
    with pytest.raises(NotFound):
        consistency_proof(3, 14)


def test_public_key_for_publication():
    published = audit_public_key()
    raw = base64.b64decode(published["public_key"])
    assert raw == signing_key().public_raw
    assert published["key_id"] == hashlib.sha256(raw).hexdigest()[:16]
    assert load_pem_public_key(published["public_key_pem"].encode()).public_bytes_raw() == raw
    assert published["algorithm"] == "Ed25519"
