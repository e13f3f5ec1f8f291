import io

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from lapak.core.audit import merkle
from lapak.core.audit.encoding import leaf_data, tree_head_message
from lapak.core.audit.keys import signing_key
from lapak.core.audit.models import AuditEvent, SealState, TreeHead
from lapak.core.audit.sealing import AuditIntegrityError, audit_seal
from lapak.core.audit.tasks import audit_seal_task
from lapak.core.audit.verification import audit_log_verify

pytestmark = pytest.mark.django_db


def leaf_hashes():
    return [bytes.fromhex(h) for h in AuditEvent.objects.order_by("leaf_index").values_list("leaf_hash", flat=True)]


def assert_head_signed(head):
    """Check the signature with the public key alone, independently of the code under test."""
    public = Ed25519PublicKey.from_public_bytes(signing_key().public_raw)
    message = (
        b"LapakAuditSTH"
        + bytes([1])
        + head.tree_size.to_bytes(8, "big")
        + bytes.fromhex(head.root_hash)
        + head.timestamp_ms.to_bytes(8, "big")
        + bytes.fromhex(head.key_id)
    )
    assert len(message) == 70
    assert message == tree_head_message(
        tree_size=head.tree_size,
        root_hash=bytes.fromhex(head.root_hash),
        timestamp_ms=head.timestamp_ms,
        key_id=head.key_id,
    )
    public.verify(bytes.fromhex(head.signature), message)  # raises InvalidSignature if wrong


def test_seal_gives_consecutive_leaf_indices_in_id_order_and_signs_the_root(append_events):
    events = append_events(5)
    result = audit_seal()
    assert result["sealed"] == 5
    assert list(AuditEvent.objects.order_by("id").values_list("leaf_index", flat=True)) == [0, 1, 2, 3, 4]
    head = TreeHead.objects.get()
    assert head.tree_size == 5
    assert head.root_hash == merkle.root([bytes.fromhex(e.leaf_hash) for e in events]).hex() == result["root_hash"]
    assert abs(head.timestamp - timezone.now()).total_seconds() < 60
    assert_head_signed(head)


def test_seal_with_nothing_waiting_signs_nothing_new(append_events):
    append_events(2)
    audit_seal()
    assert audit_seal() == {"sealed": 0, "tree_size": 2, "root_hash": TreeHead.objects.get().root_hash}
    assert TreeHead.objects.count() == 1


def test_seal_works_in_batches_each_with_its_own_head(append_events):
    append_events(7)
    assert audit_seal(batch_size=3)["sealed"] == 7
    assert list(TreeHead.objects.values_list("tree_size", flat=True)) == [3, 6, 7]
    hashes = leaf_hashes()
    for head in TreeHead.objects.all():
        assert head.root_hash == merkle.root(hashes[: head.tree_size]).hex()
        assert_head_signed(head)


def test_new_heads_extend_the_old_tree(append_events):
    append_events(3)
    audit_seal()
    append_events(4, start=3)
    audit_seal()
    first, second = TreeHead.objects.all()
    proof = merkle.consistency_proof(3, leaf_hashes())
    assert merkle.verify_consistency(3, 7, bytes.fromhex(first.root_hash), bytes.fromhex(second.root_hash), proof)


def insert_event_with_id(pk, n):
    """An event whose id we choose, standing in for a transaction that took its id early but committed late."""
    event = AuditEvent(
        pk=pk,
        occurred_at=timezone.now(),
        actor="system",
        action="late.commit",
        subject_type="s",
        subject_id=f"s{n}",
    )
    event.leaf_hash = merkle.leaf_hash(leaf_data(event.leaf_fields())).hex()
    event.save()
    return event


def test_a_lower_id_committed_after_a_seal_gets_the_next_leaf_index_not_its_id():
    insert_event_with_id(1_000_001, 1)
    insert_event_with_id(1_000_002, 2)
    audit_seal()
    late = insert_event_with_id(1_000_000, 3)
    audit_seal()
    assert AuditEvent.objects.get(pk=late.pk).leaf_index == 2
    assert audit_log_verify().ok


def test_seal_refuses_to_sign_over_an_unsealed_event_that_was_altered(append_events):
    append_events(2)
    audit_seal()
    waiting = append_events(2, start=2)
    AuditEvent.objects.filter(pk=waiting[1].pk).update(after={"status": "forged"})
    with pytest.raises(AuditIntegrityError, match=waiting[1].public_id):
        audit_seal()
    assert AuditEvent.objects.filter(leaf_index__isnull=True).count() == 2
    assert TreeHead.objects.count() == 1


def test_seal_refuses_an_unsealed_event_turned_into_values_it_cannot_encode(append_events):
    waiting = append_events(1)[0]
    AuditEvent.objects.filter(pk=waiting.pk).update(after={"price": 1.5})
    with pytest.raises(AuditIntegrityError, match=waiting.public_id):
        audit_seal()


def test_seal_refuses_to_extend_a_head_whose_signature_is_broken(append_events):
    append_events(2)
    audit_seal()
    TreeHead.objects.update(signature="00" * 64)
    append_events(1, start=2)
    with pytest.raises(AuditIntegrityError, match="signed"):
        audit_seal()


def test_seal_refuses_when_sealed_leaves_no_longer_match_the_head(append_events):
    events = append_events(3)
    audit_seal()
    SealState.objects.update(frontier=[])  # force a rebuild from the stored leaves
    AuditEvent.objects.filter(pk=events[0].pk).update(leaf_hash="ab" * 32)
    append_events(1, start=3)
    with pytest.raises(AuditIntegrityError, match="no longer match"):
        audit_seal()


def test_the_seal_state_is_only_a_cache(append_events):
    append_events(5)
    audit_seal()
    SealState.objects.update(tree_size=5, frontier=["11" * 32, "22" * 32])  # wrong hashes, right shape
    append_events(3, start=5)
    audit_seal()
    head = TreeHead.objects.order_by("-tree_size").first()
    assert head.root_hash == merkle.root(leaf_hashes()).hex()
    SealState.objects.all()._raw_delete(connection.alias)  # the row is recreated on demand
    append_events(1, start=8)
    audit_seal()
    assert audit_log_verify().ok


def test_the_task_and_the_command_seal(append_events):
    append_events(2)
    result = audit_seal_task.enqueue()  # the test settings run tasks immediately
    assert result.return_value["sealed"] == 2
    append_events(1, start=2)
    out = io.StringIO()
    call_command("audit_seal", stdout=out)
    assert "Sealed 1 events; tree size 3" in out.getvalue()
