import base64
import hashlib
import stat
import threading

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from lapak.core.audit import keys


@pytest.fixture(autouse=True)
def fresh_key_cache():
    keys._load.cache_clear()
    yield
    keys._load.cache_clear()


def test_the_configured_key_is_used_and_its_id_is_sha256_of_the_public_key(tmp_path):
    private = Ed25519PrivateKey.generate()
    setting = base64.b64encode(private.private_bytes_raw()).decode()
    with override_settings(AUDIT_SIGNING_KEY=setting, AUDIT_SIGNING_KEY_FILE=tmp_path / "unused.key"):
        key = keys.signing_key()
    public_raw = private.public_key().public_bytes_raw()
    assert key.public_raw == public_raw
    assert key.key_id == hashlib.sha256(public_raw).hexdigest()[:16]
    assert not (tmp_path / "unused.key").exists()


@pytest.mark.parametrize("setting", ["not base64!", base64.b64encode(b"short").decode()])
def test_a_malformed_configured_key_is_refused(tmp_path, setting):
    with override_settings(AUDIT_SIGNING_KEY=setting), pytest.raises(ImproperlyConfigured):
        keys.signing_key()


def test_without_a_setting_a_key_file_is_generated_once_with_mode_0600(tmp_path):
    path = tmp_path / "var" / "audit-signing.key"
    with override_settings(AUDIT_SIGNING_KEY="", AUDIT_SIGNING_KEY_FILE=path):
        first = keys.signing_key()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        keys._load.cache_clear()
        again = keys.signing_key()
    assert first.key_id == again.key_id
    assert len(base64.b64decode(path.read_text())) == 32


def test_processes_racing_to_create_the_key_file_end_up_with_one_key(tmp_path):
    path = tmp_path / "audit-signing.key"
    results, barrier = [], threading.Barrier(8)

    def create():
        barrier.wait()
        results.append(keys._read_or_create(path))

    threads = [threading.Thread(target=create) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert len(set(results)) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["audit-signing.key"]  # no temporary files left


def test_signature_check():
    private = Ed25519PrivateKey.generate()
    public_raw = private.public_key().public_bytes_raw()
    signature = private.sign(b"message")
    assert keys.signature_valid(public_raw, b"message", signature)
    assert not keys.signature_valid(public_raw, b"messagf", signature)
    assert not keys.signature_valid(public_raw, b"message", signature[:-1])
