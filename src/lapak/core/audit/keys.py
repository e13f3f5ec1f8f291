"""The Ed25519 key that signs tree heads.

Production gives `AUDIT_SIGNING_KEY` (base64 of the 32-byte raw private key). Without it, a key is
generated once into `AUDIT_SIGNING_KEY_FILE` (same base64 text, mode 0600), so a development install
keeps verifying its own history across restarts. The file is re-read when it changes, so every process
picks up a key that `manage.py audit_key_rotate` put in its place.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import logging
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from lapak.core.audit.encoding import key_id

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SigningKey:
    private_key: Ed25519PrivateKey
    public_raw: bytes
    key_id: str

    def sign(self, message: bytes) -> bytes:
        return self.private_key.sign(message)


def signing_key() -> SigningKey:
    """The configured signing key, creating the development key file on first use."""
    configured = settings.AUDIT_SIGNING_KEY or ""
    path = str(settings.AUDIT_SIGNING_KEY_FILE)
    return _load(configured, path, "" if configured else _file_version(path))


def signing_key_generate() -> tuple[SigningKey, str]:
    """A fresh random key and its base64 text (the form `AUDIT_SIGNING_KEY` and the key file take)."""
    encoded = _new_key_text()
    return _from_text(encoded), encoded


def _file_version(path: str) -> str:
    # Part of the cache key: a replaced file (new inode or mtime) is read again, an unchanged one is not.
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return ""
    return f"{status.st_ino}:{status.st_mtime_ns}:{status.st_size}"


@lru_cache(maxsize=4)
def _load(configured: str, path: str, file_version: str) -> SigningKey:
    return _from_text(configured or _read_or_create(Path(path)))


def _from_text(encoded: str) -> SigningKey:
    try:
        raw = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        # `from None`: the offending text is key material and must not reach a log through the traceback.
        raise ImproperlyConfigured("AUDIT_SIGNING_KEY is not valid base64.") from None
    if len(raw) != 32:
        raise ImproperlyConfigured("AUDIT_SIGNING_KEY must be the 32-byte raw Ed25519 private key.")
    private_key = Ed25519PrivateKey.from_private_bytes(raw)
    public_raw = private_key.public_key().public_bytes_raw()
    return SigningKey(private_key=private_key, public_raw=public_raw, key_id=key_id(public_raw))


def _new_key_text() -> str:
    return base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode("ascii")


def _read_or_create(path: Path) -> str:
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write aside, then hard-link into place: the link is atomic and fails if another process got
    # there first, so every process ends up reading the same complete key.
    temporary = key_file_stage(path, _new_key_text())
    try:
        try:
            os.link(temporary, path)
            logger.warning("Generated a new audit signing key at %s", path)
        except FileExistsError:
            pass
    finally:
        temporary.unlink(missing_ok=True)
    return _read(path)


def key_file_stage(path: Path, encoded: str) -> Path:
    """Write `encoded` to a new mode-0600 file beside `path` and return its name (not yet in place)."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(encoded + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def key_file_install(staged: Path, path: Path, retired: Path) -> None:
    """Keep the current key file as `retired`, then move `staged` into `path` in one atomic rename."""
    # FileExistsError: a rotation that stopped half-way already kept it (the name carries the key id).
    with contextlib.suppress(FileExistsError):
        os.link(path, retired)
    os.replace(staged, path)


def _read(path: Path) -> str:
    if path.stat().st_mode & 0o077:
        logger.warning("Audit signing key file %s is readable by other users; chmod 600 it.", path)
    return path.read_text(encoding="ascii").strip()


def public_key_pem(public_raw: bytes) -> str:
    return (
        Ed25519PublicKey.from_public_bytes(public_raw)
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def signature_valid(public_raw: bytes, message: bytes, signature: bytes) -> bool:
    """True when `signature` is a valid Ed25519 signature of `message` by the key `public_raw`."""
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True
