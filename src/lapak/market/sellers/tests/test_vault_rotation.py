"""Key rotation against a real table: a test-only model in an isolated app registry, created and dropped here."""

import base64
import random
import secrets
import threading
from io import StringIO

import pytest
from django.apps.registry import Apps
from django.core.management import call_command
from django.db import connection, models, transaction

from lapak.core.audit.models import AuditEvent
from lapak.market.sellers.vault import (
    VaultAccess,
    decrypt_text,
    encrypt_text,
    key_id_of,
    register_encrypted_field,
    registered_fields,
    rotation,
    vault_rotate_batch,
    vault_rotate_field,
)

_test_apps = Apps()


class VaultRow(models.Model):
    """Never in INSTALLED_APPS' registry, so migrations and other tests never see it."""

    public_id = models.CharField(max_length=20, unique=True)
    secret = models.BinaryField(null=True)
    note = models.CharField(max_length=40, default="")

    class Meta:
        apps = _test_apps
        app_label = "sellers"
        db_table = "sellers_test_vault_rotation_row"


def context_of(row: VaultRow) -> str:
    return f"test.vault_row.secret:{row.public_id}"


ACCESS = VaultAccess(actor="usr_T", purpose="test.rotation", subject_type="test_row", subject_id="row")


def read(row: VaultRow) -> str:
    return decrypt_text(row.secret, context=context_of(row), access=ACCESS)


@pytest.fixture
def table(transactional_db):
    with connection.schema_editor() as editor:
        editor.create_model(VaultRow)
    saved = dict(rotation._REGISTRY)
    rotation._REGISTRY.clear()
    register_encrypted_field(VaultRow, "secret", context_of)
    yield VaultRow
    rotation._REGISTRY.clear()
    rotation._REGISTRY.update(saved)
    with connection.schema_editor() as editor:
        editor.delete_model(VaultRow)


@pytest.fixture
def old_rows(table):
    """20 rows encrypted under the test key, plus one without a value."""
    rows = []
    for n in range(20):
        row = VaultRow(public_id=f"row{n:03d}", note=f"note {n}")
        row.secret = encrypt_text(f"value {n}", context=context_of(row))
        row.save()
        rows.append(row)
    VaultRow.objects.create(public_id="empty", secret=None)
    assert {key_id_of(r.secret) for r in rows} == {"test1"}
    return rows


@pytest.fixture
def new_key(settings):
    """Put a new key first in the ring; the old one ("test1") still decrypts."""
    settings.IDENTITY_VAULT_KEYS = (
        f"k2:{base64.b64encode(secrets.token_bytes(32)).decode()},test1:"
        + (settings.IDENTITY_VAULT_KEYS.split("test1:", 1)[1])
    )
    return "k2"


def blobs_by_key() -> dict[str, int]:
    counts: dict[str, int] = {}
    for blob in VaultRow.objects.exclude(secret=None).values_list("secret", flat=True):
        counts[key_id_of(blob)] = counts.get(key_id_of(blob), 0) + 1
    return counts


def test_registry_accepts_binary_fields_only(table):
    assert [f.label for f in registered_fields()] == ["sellers.vaultrow.secret"]
    with pytest.raises(TypeError):
        register_encrypted_field(VaultRow, "note", context_of)


def test_rotation_moves_every_value_to_the_new_key_and_keeps_its_plaintext(old_rows, new_key):
    count = vault_rotate_field(registered_fields()[0], batch_size=6)
    assert (count.checked, count.stale, count.rotated, count.unreadable) == (21, 20, 20, 0)
    assert blobs_by_key() == {"k2": 20}
    for n, row in enumerate(VaultRow.objects.exclude(secret=None).order_by("pk")):
        assert read(row) == f"value {n}"
        assert row.note == f"note {n}"
    assert VaultRow.objects.get(public_id="empty").secret is None
    # One audit event per batch (20 stale values in batches of 6: 4 batches), counts only.
    events = list(AuditEvent.objects.filter(action="identity.key_rotation").order_by("pk"))
    assert [e.after["rotated"] for e in events] == [6, 6, 6, 2]
    assert {e.subject_id for e in events} == {"sellers.vaultrow.secret"}
    assert all("value" not in str(e.after) for e in events)


def test_rotation_can_stop_and_resume(old_rows, new_key):
    first = vault_rotate_batch(VaultRow.objects.all(), "secret", context_of, 5)
    assert first == 5 and blobs_by_key() == {"k2": 5, "test1": 15}
    count = vault_rotate_field(registered_fields()[0], batch_size=5)
    assert (count.stale, count.rotated) == (15, 15)
    again = vault_rotate_field(registered_fields()[0], batch_size=5)
    assert (again.checked, again.stale, again.rotated) == (21, 0, 0)


def test_dry_run_changes_nothing(old_rows, new_key):
    count = vault_rotate_field(registered_fields()[0], batch_size=7, dry_run=True)
    assert (count.stale, count.rotated) == (20, 0)
    assert blobs_by_key() == {"test1": 20}
    assert not AuditEvent.objects.filter(action="identity.key_rotation").exists()


def test_values_that_cannot_be_opened_are_counted_and_left_alone(old_rows, new_key):
    VaultRow.objects.filter(public_id="row003").update(secret=b"garbage")
    stranger = encrypt_text("x", context="test.vault_row.secret:row004")
    VaultRow.objects.filter(public_id="row005").update(secret=stranger[:2] + b"gone!" + stranger[7:])
    count = vault_rotate_field(registered_fields()[0], batch_size=50)
    assert (count.stale, count.rotated, count.unreadable) == (18, 18, 2)
    assert bytes(VaultRow.objects.get(public_id="row003").secret) == b"garbage"


def test_command_prints_counts_per_field(old_rows, new_key):
    out = StringIO()
    call_command("vault_rotate", "--batch-size", "8", "--dry-run", stdout=out)
    assert "Active key: k2 (dry run)" in out.getvalue()
    assert "sellers.vaultrow.secret: checked 21, stale 20, rotated 0, unreadable 0" in out.getvalue()
    out = StringIO()
    call_command("vault_rotate", "--batch-size", "8", stdout=out)
    assert "sellers.vaultrow.secret: checked 21, stale 20, rotated 20, unreadable 0" in out.getvalue()
    assert AuditEvent.objects.filter(action="identity.key_rotation").count() == 3


def test_a_write_between_scan_and_lock_is_not_lost(old_rows, new_key, monkeypatch, settings):
    """A competing write lands after the unlocked scan saw the rows as stale, before the batch locks them."""
    changed = VaultRow.objects.get(public_id="row002")
    replacement = encrypt_text("written by the user", context=context_of(changed))  # under k2, the active key
    # A process not yet restarted with the new ring still writes under test1: that value must be rotated, not lost.
    ring = settings.IDENTITY_VAULT_KEYS
    settings.IDENTITY_VAULT_KEYS = ring.split(",", 1)[1]
    late = VaultRow.objects.get(public_id="row007")
    late_blob = encrypt_text("late write, old key", context=context_of(late))
    settings.IDENTITY_VAULT_KEYS = ring

    real_batch = rotation.vault_rotate_batch
    calls = []

    def competing_write_then_batch(queryset, field, context_fn, batch_size):
        if not calls:

            def write():
                with transaction.atomic():
                    VaultRow.objects.filter(pk=changed.pk).update(secret=replacement, note="user edit")
                    VaultRow.objects.filter(pk=late.pk).update(secret=late_blob)
                connection.close()

            thread = threading.Thread(target=write)
            thread.start()
            thread.join()
        calls.append(batch_size)
        return real_batch(queryset, field, context_fn, batch_size)

    monkeypatch.setattr(rotation, "vault_rotate_batch", competing_write_then_batch)
    count = vault_rotate_field(registered_fields()[0], batch_size=50)
    # row002 was rewritten under k2 by the user, so the batch found it current inside the lock and skipped it.
    assert (count.stale, count.rotated) == (20, 19)
    assert read(VaultRow.objects.get(pk=changed.pk)) == "written by the user"
    assert VaultRow.objects.get(pk=changed.pk).note == "user edit"
    assert read(VaultRow.objects.get(pk=late.pk)) == "late write, old key"
    assert blobs_by_key() == {"k2": 20}


@pytest.mark.parametrize("seed", [1, 2])
def test_concurrent_writers_during_rotation_lose_nothing(old_rows, new_key, seed):
    """Writers keep changing values while rotation runs in small batches; every last write survives."""
    pks = [r.pk for r in old_rows]
    public_ids = {r.pk: r.public_id for r in old_rows}
    expected = {r.pk: f"value {n}" for n, r in enumerate(old_rows)}
    done = threading.Event()
    errors = []

    def writer(offset: int):
        rng = random.Random(seed * 100 + offset)
        n = 0
        try:
            while not done.is_set() and n < 30:
                pk = rng.choice(pks[offset::2])  # each writer owns half the rows, so "last write" is well defined
                n += 1
                text = f"writer {offset} write {n}"
                blob = encrypt_text(text, context=f"test.vault_row.secret:{public_ids[pk]}")
                with transaction.atomic():
                    VaultRow.objects.filter(pk=pk).update(secret=blob)
                expected[pk] = text
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    try:
        total = 0
        for _ in range(3):
            total += vault_rotate_field(registered_fields()[0], batch_size=3).rotated
    finally:
        done.set()
        for thread in threads:
            thread.join()
    assert not errors
    for row in VaultRow.objects.exclude(secret=None):
        assert read(row) == expected[row.pk]
    # Whatever the writers did not already rewrite under k2, rotation did.
    assert blobs_by_key() == {"k2": 20}
