"""The identity vault's keys: the AES-256-GCM key ring and the lookup-hash key.

`IDENTITY_VAULT_KEYS` is `"kid1:base64key,kid2:base64key"` (each key 32 raw bytes). The first entry is the
active key, used for every new encryption; the others only decrypt, so a key can be rotated by putting a new
one first, deploying, and running `manage.py vault_rotate`. Remove an old key only after that has finished.

`IDENTITY_LOOKUP_KEY` (base64, at least 32 bytes) keys the HMAC behind `lookup_hash`.

Without them, a DEBUG install generates both once into files under `VAR_DIR` (mode 0600, never the
repository), the way `lapak.core.audit.keys` does for the audit signing key. With DEBUG off they must be
given: the first use raises ImproperlyConfigured.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

KEY_BYTES = 32
LOOKUP_KEY_MIN_BYTES = 32
# Key ids travel inside every blob; short ASCII keeps the header small and unambiguous.
KEY_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,32}")


@dataclass(frozen=True)
class KeyRing:
    active_id: str
    keys: dict[str, bytes]

    def __repr__(self) -> str:  # never show key material, even in a debugger or a traceback
        return f"KeyRing(active_id={self.active_id!r}, key_ids={list(self.keys)!r})"


def key_ring() -> KeyRing:
    """The configured key ring; in DEBUG, created in `IDENTITY_VAULT_KEYS_FILE` on first use."""
    return _ring(settings.IDENTITY_VAULT_KEYS or "", str(settings.IDENTITY_VAULT_KEYS_FILE), bool(settings.DEBUG))


def lookup_key() -> bytes:
    """The HMAC key for lookup hashes; in DEBUG, created in `IDENTITY_LOOKUP_KEY_FILE` on first use."""
    return _lookup(settings.IDENTITY_LOOKUP_KEY or "", str(settings.IDENTITY_LOOKUP_KEY_FILE), bool(settings.DEBUG))


@lru_cache(maxsize=8)
def _ring(configured: str, path: str, debug: bool) -> KeyRing:
    text = configured or _development_value("IDENTITY_VAULT_KEYS", Path(path), debug, _new_ring_text)
    keys: dict[str, bytes] = {}
    for position, entry in enumerate(part.strip() for part in text.split(",")):
        key_id, separator, encoded = entry.partition(":")
        if not separator or not KEY_ID_PATTERN.fullmatch(key_id):
            raise ImproperlyConfigured(
                f"IDENTITY_VAULT_KEYS entry {position + 1} must look like 'kid:base64key', "
                "the key id 1-32 letters, digits, '_' or '-'."
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"IDENTITY_VAULT_KEYS names the key id {key_id!r} twice.")
        raw = _decode("IDENTITY_VAULT_KEYS", encoded)
        if len(raw) != KEY_BYTES:
            raise ImproperlyConfigured(f"IDENTITY_VAULT_KEYS key {key_id!r} must be {KEY_BYTES} bytes (AES-256).")
        keys[key_id] = raw
    return KeyRing(active_id=next(iter(keys)), keys=keys)


@lru_cache(maxsize=8)
def _lookup(configured: str, path: str, debug: bool) -> bytes:
    encoded = configured or _development_value("IDENTITY_LOOKUP_KEY", Path(path), debug, _new_lookup_text)
    raw = _decode("IDENTITY_LOOKUP_KEY", encoded)
    if len(raw) < LOOKUP_KEY_MIN_BYTES:
        raise ImproperlyConfigured(f"IDENTITY_LOOKUP_KEY must be at least {LOOKUP_KEY_MIN_BYTES} bytes.")
    return raw


def _decode(name: str, encoded: str) -> bytes:
    try:
        return base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        # `from None`: the offending text is key material and must not reach a log through the traceback.
        raise ImproperlyConfigured(f"{name} holds a key that is not valid base64.") from None


def _new_ring_text() -> str:
    return f"dev{secrets.token_hex(3)}:{base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode('ascii')}"


def _new_lookup_text() -> str:
    return base64.b64encode(secrets.token_bytes(LOOKUP_KEY_MIN_BYTES)).decode("ascii")


def _development_value(name: str, path: Path, debug: bool, generate: Callable[[], str]) -> str:
    if not debug:
        raise ImproperlyConfigured(
            f"{name} is not set. The identity vault needs it in production; see lapak.market.sellers.vault.keys."
        )
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write aside, then hard-link into place: the link is atomic and fails if another process got there first,
    # so every process ends up with the same key (same pattern as lapak.core.audit.keys).
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(generate() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
            logger.warning("Generated a development %s at %s", name, path)
        except FileExistsError:
            pass
    finally:
        temporary.unlink(missing_ok=True)
    return _read(path)


def _read(path: Path) -> str:
    if path.stat().st_mode & 0o077:
        logger.warning("Identity vault key file %s is readable by other users; chmod 600 it.", path)
    return path.read_text(encoding="ascii").strip()
