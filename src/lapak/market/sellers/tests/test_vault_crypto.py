import base64
import json
import os
import secrets
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from lapak.core.audit.models import AuditEvent
from lapak.market.sellers.vault import (
    VaultAccess,
    VaultError,
    decrypt_text,
    encrypt_text,
    key_id_of,
    key_ring,
    vault_decrypt,
    vault_encrypt,
)
from lapak.market.sellers.vault.keys import lookup_key

NIK = "3171015501900001"
CONTEXT = "sellers.application.nik:app_01JTEST"
ACCESS = VaultAccess(
    actor="usr_01JREVIEWER",
    purpose="kyc.review",
    subject_type="seller_application",
    subject_id="app_01JTEST",
    jurisdiction="ID",
)


def new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def test_round_trip_under_the_active_key_writes_one_audit_event(db):
    blob = encrypt_text(NIK, context=CONTEXT)
    assert key_id_of(blob) == key_ring().active_id == "test1"
    assert NIK.encode() not in blob
    assert decrypt_text(blob, context=CONTEXT, access=ACCESS) == NIK
    event = AuditEvent.objects.get(action="identity.decrypt")
    assert (event.actor, event.subject_type, event.subject_id, event.jurisdiction) == (
        "usr_01JREVIEWER",
        "seller_application",
        "app_01JTEST",
        "ID",
    )
    assert event.after == {"purpose": "kyc.review", "context_kind": "sellers.application.nik", "key_id": "test1"}


def test_no_plaintext_reaches_the_audit_row(db):
    blob = encrypt_text(NIK, context=CONTEXT)
    for _ in range(2):
        vault_decrypt(blob, context=CONTEXT, access=ACCESS)
    rows = list(AuditEvent.objects.filter(action="identity.decrypt").values())
    assert len(rows) == 2
    dumped = json.dumps(rows, default=str)
    assert NIK not in dumped and NIK[:8] not in dumped and NIK[-8:] not in dumped


def test_decrypt_rolled_back_with_the_callers_transaction_leaves_no_event(db):
    blob = encrypt_text(NIK, context=CONTEXT)
    with pytest.raises(RuntimeError), transaction.atomic():
        vault_decrypt(blob, context=CONTEXT, access=ACCESS)
        raise RuntimeError("caller fails after reading")
    assert not AuditEvent.objects.filter(action="identity.decrypt").exists()


def test_every_encryption_uses_a_fresh_nonce():
    blobs = {encrypt_text(NIK, context=CONTEXT) for _ in range(50)}
    assert len(blobs) == 50


def test_blob_layout_is_version_key_id_nonce_ciphertext_tag():
    blob = vault_encrypt(b"abc", context=CONTEXT)
    assert blob[0] == 1 and blob[1] == len("test1") and blob[2:7] == b"test1"
    assert len(blob) == 2 + 5 + 12 + 3 + 16


def test_a_blob_moved_to_another_row_does_not_decrypt(db):
    blob = encrypt_text(NIK, context=CONTEXT)
    with pytest.raises(VaultError):
        vault_decrypt(blob, context="sellers.application.nik:app_01JOTHER", access=ACCESS)
    with pytest.raises(VaultError):
        vault_decrypt(blob, context="sellers.application.npwp:app_01JTEST", access=ACCESS)
    assert not AuditEvent.objects.filter(action="identity.decrypt").exists()


@given(position=st.integers(min_value=0, max_value=2 + 5 + 12 + 16 + 16 - 1), flip=st.integers(1, 255))
def test_any_altered_byte_is_refused(position, flip):
    blob = bytearray(vault_encrypt(NIK.encode(), context=CONTEXT))
    blob[position] ^= flip
    with pytest.raises(VaultError) as caught:
        vault_decrypt(bytes(blob), context=CONTEXT, access=ACCESS)
    assert NIK not in str(caught.value)


def test_truncated_and_foreign_blobs_are_refused_without_data_in_the_message():
    blob = vault_encrypt(NIK.encode(), context=CONTEXT)
    for bad in (b"", b"\x01", blob[:20], b"\x02" + blob[1:], NIK.encode(), b"\x01\x05t\xffst1" + blob[7:]):
        with pytest.raises(VaultError) as caught:
            vault_decrypt(bad, context=CONTEXT, access=ACCESS)
        message = str(caught.value)
        assert NIK not in message and "test1" not in message and repr(bad) not in message


def test_unknown_key_id_is_refused(settings):
    blob = vault_encrypt(NIK.encode(), context=CONTEXT)
    settings.IDENTITY_VAULT_KEYS = f"other:{new_key()}"
    with pytest.raises(VaultError, match="not in the key ring"):
        vault_decrypt(blob, context=CONTEXT, access=ACCESS)


def test_same_key_id_with_different_key_material_is_refused(settings):
    blob = vault_encrypt(NIK.encode(), context=CONTEXT)
    settings.IDENTITY_VAULT_KEYS = f"test1:{new_key()}"
    with pytest.raises(VaultError, match="does not decrypt"):
        vault_decrypt(blob, context=CONTEXT, access=ACCESS)


def test_old_blobs_still_decrypt_after_a_new_key_becomes_active(db, settings):
    old_blob = encrypt_text(NIK, context=CONTEXT)
    settings.IDENTITY_VAULT_KEYS = f"k2:{new_key()},{settings.IDENTITY_VAULT_KEYS}"
    fresh = encrypt_text(NIK, context=CONTEXT)
    assert (key_id_of(old_blob), key_id_of(fresh)) == ("test1", "k2")
    assert decrypt_text(old_blob, context=CONTEXT, access=ACCESS) == NIK
    assert decrypt_text(fresh, context=CONTEXT, access=ACCESS) == NIK


def test_memoryview_from_postgres_binaryfield_is_accepted(db):
    blob = encrypt_text(NIK, context=CONTEXT)
    assert decrypt_text(memoryview(blob), context=CONTEXT, access=ACCESS) == NIK
    assert key_id_of(memoryview(blob)) == "test1"


@pytest.mark.parametrize("purpose", ["", "   "])
def test_a_decrypt_without_purpose_is_refused_and_not_logged(db, purpose):
    blob = encrypt_text(NIK, context=CONTEXT)
    access = VaultAccess(actor="usr_X", purpose=purpose, subject_type="seller_application", subject_id="app_1")
    with pytest.raises(VaultError, match="purpose"):
        vault_decrypt(blob, context=CONTEXT, access=access)
    assert not AuditEvent.objects.exists()


def test_empty_context_and_str_plaintext_are_programming_errors():
    with pytest.raises(ValueError):
        vault_encrypt(b"x", context="")
    with pytest.raises(TypeError):
        vault_encrypt(NIK, context=CONTEXT)


def test_access_record_is_frozen():
    with pytest.raises(AttributeError):
        ACCESS.purpose = "other"  # type: ignore[misc]


# --- key configuration ------------------------------------------------------------------------------


def test_production_without_keys_refuses_on_first_use(settings, tmp_path):
    settings.DEBUG = False
    settings.IDENTITY_VAULT_KEYS = ""
    settings.IDENTITY_VAULT_KEYS_FILE = tmp_path / "vault.keys"
    settings.IDENTITY_LOOKUP_KEY = ""
    settings.IDENTITY_LOOKUP_KEY_FILE = tmp_path / "lookup.key"
    with pytest.raises(ImproperlyConfigured, match="IDENTITY_VAULT_KEYS is not set"):
        vault_encrypt(b"x", context=CONTEXT)
    with pytest.raises(ImproperlyConfigured, match="IDENTITY_LOOKUP_KEY is not set"):
        lookup_key()
    assert not list(tmp_path.iterdir())


def test_development_generates_private_key_files_once(settings, tmp_path):
    settings.DEBUG = True
    settings.IDENTITY_VAULT_KEYS = ""
    settings.IDENTITY_VAULT_KEYS_FILE = tmp_path / "vault.keys"
    settings.IDENTITY_LOOKUP_KEY = ""
    settings.IDENTITY_LOOKUP_KEY_FILE = tmp_path / "lookup.key"
    blob = vault_encrypt(b"x", context=CONTEXT)
    first_lookup = lookup_key()
    for path in (tmp_path / "vault.keys", tmp_path / "lookup.key"):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    ring_text = (tmp_path / "vault.keys").read_text().strip()
    assert ring_text.startswith(key_id_of(blob) + ":")
    # Another process (a cold cache) reads the same files instead of generating new keys.
    from lapak.market.sellers.vault import keys

    keys._ring.cache_clear()
    keys._lookup.cache_clear()
    assert key_ring().active_id == key_id_of(blob)
    assert lookup_key() == first_lookup
    assert len(first_lookup) == 32


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nocolon", "entry 1 must look like"),
        ("bad id!:" + base64.b64encode(b"k" * 32).decode(), "entry 1 must look like"),
        ("a:not-base64!!", "not valid base64"),
        ("a:" + base64.b64encode(b"short").decode(), "must be 32 bytes"),
        ("a:{k},a:{k}", "twice"),
    ],
)
def test_malformed_key_rings_are_refused_without_echoing_key_material(settings, value, message):
    key = base64.b64encode(b"k" * 32).decode()
    settings.IDENTITY_VAULT_KEYS = value.replace("{k}", key)
    with pytest.raises(ImproperlyConfigured, match=message) as caught:
        key_ring()
    assert key not in str(caught.value) and "not-base64" not in str(caught.value)
    assert caught.value.__cause__ is None


def test_short_lookup_key_is_refused(settings):
    settings.IDENTITY_LOOKUP_KEY = base64.b64encode(b"k" * 16).decode()
    with pytest.raises(ImproperlyConfigured, match="at least 32 bytes"):
        lookup_key()


def test_key_ring_repr_shows_no_key_material():
    ring = key_ring()
    assert base64.b64encode(ring.keys["test1"]).decode() not in repr(ring)
    assert "test1" in repr(ring)
