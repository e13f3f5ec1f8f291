"""Signing-key rotation: heads name the key that signed them, and each is checked with that key."""

import base64
import io

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from lapak.core.audit import merkle
from lapak.core.audit.encoding import key_id
from lapak.core.audit.key_registry import AuditKeyError
from lapak.core.audit.keys import signing_key_generate
from lapak.core.audit.models import AuditEvent, PublicKey, TreeHead
from lapak.core.audit.rotation import ROTATION_ACTION, signing_key_rotate
from lapak.core.audit.sealing import AuditIntegrityError, audit_seal
from lapak.core.audit.selectors import audit_public_keys, consistency_proof
from lapak.core.audit.verification import audit_log_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def configure(settings):
    """Make a key the configured one (AUDIT_SIGNING_KEY), as a process started with it would have."""

    def use(text):
        settings.AUDIT_SIGNING_KEY = text

    return use


@pytest.fixture
def rotated_log(append_events, configure):
    """Heads of sizes 2 and 4 by the old key, a rotation head of size 5 and a head of size 7 by the new key."""
    old, old_text = signing_key_generate()
    new, new_text = signing_key_generate()
    configure(old_text)
    append_events(4)
    audit_seal(batch_size=2)
    result = signing_key_rotate(new_key=new, current_key=old)
    configure(new_text)  # the operator set AUDIT_SIGNING_KEY and restarted
    append_events(2, start=4)
    audit_seal()
    return {"old": old, "old_text": old_text, "new": new, "new_text": new_text, "result": result}


def problems(report):
    return [p.message for p in report.problems]


def assert_signed_by(head, public_raw):
    """Checked with the cryptography library alone, not with the code under test."""
    Ed25519PublicKey.from_public_bytes(public_raw).verify(bytes.fromhex(head.signature), head.signed_message())
    assert head.key_id == key_id(public_raw)


def test_after_a_rotation_heads_of_both_keys_verify(rotated_log):
    old, new = rotated_log["old"], rotated_log["new"]
    heads = {head.tree_size: head for head in TreeHead.objects.all()}
    assert sorted(heads) == [2, 4, 5, 7]
    for size in (2, 4):
        assert_signed_by(heads[size], old.public_raw)
    for size in (5, 7):
        assert_signed_by(heads[size], new.public_raw)
    report = audit_log_verify()
    assert report.ok, problems(report)
    assert report.tree_heads == 4 and report.sealed == 7
    rotation = AuditEvent.objects.get(action=ROTATION_ACTION)
    assert rotation.leaf_index == 4 and rotation.subject_id == new.key_id
    assert rotation.before == {"active_key_ids": [old.key_id]}


def test_the_rotation_head_provably_extends_the_last_head_of_the_old_key(rotated_log):
    result = rotated_log["result"]
    assert (result["previous_tree_size"], result["previous_key_id"]) == (4, rotated_log["old"].key_id)
    assert result["tree_size"] == 5
    proof = consistency_proof(4, 5)
    assert proof["first_tree_head"]["key_id"] == rotated_log["old"].key_id
    assert proof["second_tree_head"]["key_id"] == rotated_log["new"].key_id
    assert merkle.verify_consistency(
        4,
        5,
        bytes.fromhex(proof["first_root_hash"]),
        bytes.fromhex(proof["second_root_hash"]),
        [bytes.fromhex(h) for h in proof["consistency_path"]],
    )


def test_the_key_table_and_the_public_keys_selector(rotated_log):
    old, new = rotated_log["old"], rotated_log["new"]
    keys = audit_public_keys()
    assert [k["key_id"] for k in keys] == [old.key_id, new.key_id]
    assert base64.b64decode(keys[0]["public_key_b64"]) == old.public_raw
    assert base64.b64decode(keys[1]["public_key_b64"]) == new.public_raw
    assert keys[0]["retired_at"] is not None and keys[0]["first_used_at"] <= keys[0]["retired_at"]
    assert keys[1]["retired_at"] is None
    assert set(keys[0]) == {"key_id", "public_key_b64", "first_used_at", "retired_at"}


def test_pinned_keys_must_cover_every_key_that_signed(rotated_log):
    old, new = rotated_log["old"], rotated_log["new"]
    assert audit_log_verify(public_keys=[old.public_raw, new.public_raw]).ok
    report = audit_log_verify(public_key=new.public_raw)
    assert [(p.code, p.tree_size) for p in report.problems] == [
        ("tree_head_key_unknown", 2),
        ("tree_head_key_unknown", 4),
    ]
    out = io.StringIO()
    pins = [base64.b64encode(k.public_raw).decode() for k in (old, new)]
    call_command("audit_verify", "--public-key", pins[0], "--public-key", pins[1], stdout=out)
    assert out.getvalue().startswith("OK: 7 sealed events")


def test_a_tampered_head_of_the_retired_key_still_fails(rotated_log):
    old = rotated_log["old"]
    head = TreeHead.objects.get(tree_size=2)
    signature = bytearray(bytes.fromhex(head.signature))
    signature[3] ^= 1
    TreeHead.objects.filter(pk=head.pk).update(signature=signature.hex())
    report = audit_log_verify()
    assert [(p.code, p.tree_size, p.key_id) for p in report.problems] == [
        ("tree_head_signature_invalid", 2, old.key_id)
    ]
    assert f"does not carry a valid signature by its signing key {old.key_id}" in report.problems[0].message


def test_an_old_head_re_signed_under_the_old_key_id_by_another_key_fails(rotated_log):
    head = TreeHead.objects.get(tree_size=4)
    attacker = Ed25519PrivateKey.generate()
    TreeHead.objects.filter(pk=head.pk).update(signature=attacker.sign(head.signed_message()).hex())
    assert [p.code for p in audit_log_verify().problems] == ["tree_head_signature_invalid"]


def test_a_head_signed_by_an_unknown_key_fails_verification_and_sealing(rotated_log, append_events):
    head = TreeHead.objects.get(tree_size=7)
    attacker, _ = signing_key_generate()
    head.key_id = attacker.key_id
    forged = attacker.sign(head.signed_message()).hex()  # valid under the attacker's own key id
    TreeHead.objects.filter(pk=head.pk).update(key_id=attacker.key_id, signature=forged)
    report = audit_log_verify()
    assert [(p.code, p.tree_size) for p in report.problems] == [("tree_head_key_unknown", 7)]
    assert f"names signing key {attacker.key_id}, which is not a known audit signing key" in problems(report)[0]
    append_events(1, start=7)
    with pytest.raises(AuditIntegrityError, match="not registered"):
        audit_seal()


def test_a_registered_key_whose_public_key_was_swapped_is_reported(rotated_log):
    stranger, _ = signing_key_generate()
    PublicKey.objects.filter(key_id=rotated_log["old"].key_id).update(public_key=stranger.public_raw.hex())
    codes = [p.code for p in audit_log_verify().problems]
    assert codes == ["signing_key_invalid", "tree_head_key_unknown", "tree_head_key_unknown"]


def test_a_process_still_holding_the_retired_key_refuses_to_seal(rotated_log, configure, append_events):
    configure(rotated_log["old_text"])
    append_events(1, start=7)
    with pytest.raises(AuditKeyError, match="retired"):
        audit_seal()
    with pytest.raises(CommandError, match="retired"):
        call_command("audit_seal", stdout=io.StringIO())
    assert TreeHead.objects.order_by("-tree_size").first().tree_size == 7


def test_a_stray_key_cannot_enrol_itself_while_another_is_active(rotated_log, configure, append_events):
    _, stray_text = signing_key_generate()
    configure(stray_text)
    append_events(1, start=7)
    with pytest.raises(AuditKeyError, match="not the active key"):
        audit_seal()
    assert PublicKey.objects.count() == 2


def test_the_sealer_builds_on_a_head_signed_by_an_earlier_key(append_events, configure):
    old, old_text = signing_key_generate()
    new, new_text = signing_key_generate()
    configure(old_text)
    append_events(3)
    audit_seal()
    # A rotation that did not seal (as if it had no head of its own): the latest head is the old key's.
    PublicKey.objects.filter(key_id=old.key_id).update(retired_at=PublicKey.objects.get().first_used_at)
    PublicKey.objects.create(key_id=new.key_id, public_key=new.public_raw.hex())
    configure(new_text)
    append_events(2, start=3)
    assert audit_seal()["tree_size"] == 5
    first, second = TreeHead.objects.all()
    assert (first.key_id, second.key_id) == (old.key_id, new.key_id)
    assert audit_log_verify().ok


def test_the_sealer_refuses_an_earlier_key_head_whose_signature_is_broken(append_events, configure):
    old, old_text = signing_key_generate()
    new, _ = signing_key_generate()
    configure(old_text)
    append_events(2)
    audit_seal()
    TreeHead.objects.update(signature="00" * 64)
    with pytest.raises(AuditIntegrityError, match=f"not validly signed by its key {old.key_id}"):
        signing_key_rotate(new_key=new, current_key=old)
    # All or nothing: the rotation left no trace.
    assert list(PublicKey.objects.values_list("key_id", "retired_at")) == [(old.key_id, None)]
    assert not AuditEvent.objects.filter(action=ROTATION_ACTION).exists()


def test_a_key_cannot_be_rotated_to_twice(rotated_log):
    with pytest.raises(AuditKeyError, match="registered before"):
        signing_key_rotate(new_key=rotated_log["old"], current_key=rotated_log["new"])


def test_the_database_admits_one_active_key_only(rotated_log):
    stranger, _ = signing_key_generate()
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicKey.objects.create(key_id=stranger.key_id, public_key=stranger.public_raw.hex())


def test_heads_from_before_the_key_table_verify_with_the_configured_key(append_events, configure):
    old, old_text = signing_key_generate()
    configure(old_text)
    append_events(3)
    audit_seal()
    PublicKey.objects.all()._raw_delete(connection.alias)  # a database upgraded from before the table
    assert audit_log_verify().ok
    first_head = TreeHead.objects.get()
    append_events(1, start=3)
    audit_seal()  # the first seal after the upgrade registers the key, dated from its first head
    key = PublicKey.objects.get()
    assert (key.key_id, key.retired_at) == (old.key_id, None)
    assert key.first_used_at == first_head.timestamp
    assert audit_log_verify().ok


def test_rotating_a_database_from_before_the_key_table_keeps_its_heads_verifiable(append_events, configure):
    old, old_text = signing_key_generate()
    new, _ = signing_key_generate()
    configure(old_text)
    append_events(2)
    audit_seal()
    PublicKey.objects.all()._raw_delete(connection.alias)
    result = signing_key_rotate(new_key=new, current_key=old)
    assert result["retired_key_ids"] == [old.key_id]
    _, stray_text = signing_key_generate()
    configure(stray_text)  # neither old nor new: every head must verify from the table alone
    report = audit_log_verify()
    assert report.ok, problems(report)
    assert list(TreeHead.objects.values_list("key_id", flat=True)) == [old.key_id, new.key_id]
