"""Tamper detection: an attacker with database access changes rows; audit_verify must notice and say where."""

import base64
import io

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lapak.core.audit import merkle
from lapak.core.audit.encoding import leaf_data
from lapak.core.audit.keys import signing_key
from lapak.core.audit.models import AuditEvent, TreeHead
from lapak.core.audit.sealing import audit_seal

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed_log(append_events):
    """Ten events sealed under heads of sizes 4, 8 and 10, plus two events still waiting."""
    events = append_events(10)
    audit_seal(batch_size=4)
    events += append_events(2, start=10)
    return events


def verify(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("audit_verify", *args, stdout=out, stderr=err)
    return out.getvalue()


def verify_fails(*args):
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("audit_verify", *args, stdout=io.StringIO(), stderr=err)
    return str(failure.value), err.getvalue()


def raw_sql(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_untouched_log_verifies(sealed_log):
    output = verify()
    assert output.startswith("OK: 10 sealed events, 2 waiting, 3 signed tree heads; latest tree size 10")
    assert TreeHead.objects.order_by("-tree_size").first().root_hash in output


def test_an_empty_log_verifies(db):
    assert verify().startswith("OK: 0 sealed events")


def test_a_changed_after_names_that_event(sealed_log):
    victim = sealed_log[5]
    AuditEvent.objects.filter(pk=victim.pk).update(after={"status": "verified", "n": 999})
    message, details = verify_fails()
    assert f"First: Event {victim.public_id} (leaf index 5) was altered" in message
    assert "Tree head of size 8 does not match" in details  # and the head over it no longer matches


def test_a_change_with_a_recomputed_leaf_hash_is_caught_by_the_signed_root(sealed_log):
    victim = AuditEvent.objects.get(pk=sealed_log[6].pk)
    victim.actor = "usr_SOMEONE_ELSE"
    forged_hash = merkle.leaf_hash(leaf_data(victim.leaf_fields())).hex()
    AuditEvent.objects.filter(pk=victim.pk).update(actor=victim.actor, leaf_hash=forged_hash)
    message, _ = verify_fails()
    assert "Tree head of size 8 does not match the events" in message
    assert "leaf indices 4 to 7" in message


def test_a_changed_tree_head_root_is_named(sealed_log):
    other_root = merkle.root([merkle.leaf_hash(b"x")]).hex()
    TreeHead.objects.filter(tree_size=8).update(root_hash=other_root)
    message, details = verify_fails()
    assert "Tree head of size 8" in message
    assert "signature" in details and "does not match the events" in details


def test_a_broken_signature_is_named(sealed_log):
    head = TreeHead.objects.get(tree_size=4)
    signature = bytearray(bytes.fromhex(head.signature))
    signature[10] ^= 1
    TreeHead.objects.filter(pk=head.pk).update(signature=signature.hex())
    message, _ = verify_fails()
    assert "First: Tree head of size 4 does not carry a valid signature" in message


def test_a_resigned_head_with_another_key_is_rejected(sealed_log):
    head = TreeHead.objects.get(tree_size=10)
    attacker = Ed25519PrivateKey.generate()
    TreeHead.objects.filter(pk=head.pk).update(signature=attacker.sign(head.signed_message()).hex())
    message, _ = verify_fails()
    assert "Tree head of size 10 does not carry a valid signature" in message


def test_a_deleted_event_leaves_a_gap_that_is_named(sealed_log):
    victim = sealed_log[3]
    raw_sql("DELETE FROM audit_auditevent WHERE id = %s", [victim.pk])
    message, _ = verify_fails()
    assert f"Leaf index 3 is missing (deleted?); the next sealed event is {sealed_log[4].public_id}" in message


def test_deleting_the_newest_sealed_event_is_noticed(sealed_log):
    raw_sql("DELETE FROM audit_auditevent WHERE id = %s", [sealed_log[9].pk])
    message, _ = verify_fails()
    assert "Tree head of size 10 covers more events than the 9 sealed events stored" in message


def test_an_inserted_event_with_a_forged_leaf_index_is_named(sealed_log):
    forged = AuditEvent(actor="system", action="seller.verify", subject_type="seller", subject_id="sel_FAKE")
    forged.leaf_hash = merkle.leaf_hash(leaf_data(forged.leaf_fields())).hex()
    forged.save()
    AuditEvent.objects.filter(pk=forged.pk).update(leaf_index=10)  # as if a seal had placed it
    message, _ = verify_fails()
    assert f"Event {forged.public_id} (leaf index 10) is marked sealed, but no signed tree head covers it" in message


def test_a_waiting_event_that_was_altered_is_named(sealed_log):
    victim = sealed_log[11]
    AuditEvent.objects.filter(pk=victim.pk).update(subject_id="sel_OTHER")
    message, _ = verify_fails()
    assert f"Event {victim.public_id} (leaf index unsealed) was altered" in message


def test_values_that_cannot_be_encoded_are_reported_not_crashed_on(sealed_log):
    AuditEvent.objects.filter(pk=sealed_log[0].pk).update(after={"price": 1.5})
    message, _ = verify_fails()
    assert f"Event {sealed_log[0].public_id} (leaf index 0) holds values that are not valid audit data" in message


def test_verify_with_a_published_public_key(sealed_log):
    public = base64.b64encode(signing_key().public_raw).decode()
    assert verify("--public-key", public).startswith("OK:")
    stranger = base64.b64encode(Ed25519PrivateKey.generate().public_key().public_bytes_raw()).decode()
    message, _ = verify_fails("--public-key", stranger)
    assert "Tree head of size 4 names signing key" in message and "not a known audit signing key" in message
