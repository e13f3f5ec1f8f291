"""Encryption at rest for identity data (NIK, passport, NPWP, NIB, bank account numbers, KTP and selfie images).

Blob format, version 1 (self-describing, so old blobs keep decrypting after the active key changes)::

    offset      size     content
    0           1        version, 0x01
    1           1        n, the length of the key id (1..32)
    2           n        key id, ASCII (an entry of IDENTITY_VAULT_KEYS)
    2+n         12       nonce, random per encryption (96 bits, as GCM wants)
    14+n        rest     AES-256-GCM ciphertext, then its 16-byte tag

The associated data authenticated with it is the header (bytes 0 .. 2+n) followed by the UTF-8 `context`,
e.g. ``sellers.application.nik:app_01J…``: a blob copied to another row or field, or given another key id,
does not decrypt. Contexts name where a value lives, never the value.

Every decryption names who reads and why (`VaultAccess`) and appends an `identity.decrypt` audit event in
the caller's transaction (COMPLIANCE ID-PDP-4); the event records the purpose, the kind of field and the
key id, never the plaintext.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from lapak.core.audit.services import audit_append
from lapak.market.sellers.vault.keys import KEY_ID_PATTERN, key_ring

VERSION = 1
NONCE_BYTES = 12
TAG_BYTES = 16

Blob = bytes | bytearray | memoryview  # BinaryField reads back as memoryview on PostgreSQL


class VaultError(Exception):
    """A blob that cannot be opened. Messages never carry data, key material or blob bytes."""


@dataclass(frozen=True)
class VaultAccess:
    """Who reads identity data, why, and about whom: the audit record of one decryption."""

    actor: str  # a user's public id, or a system label such as "system:kyc-review"
    purpose: str  # e.g. "kyc.review", "payout.bank_transfer"
    subject_type: str
    subject_id: str
    jurisdiction: str = ""


def vault_encrypt(plaintext: bytes, *, context: str) -> bytes:
    """Encrypt under the active key. Guarantees a fresh random nonce and a blob bound to `context`."""
    if not isinstance(plaintext, bytes | bytearray):
        raise TypeError("vault_encrypt takes bytes; use encrypt_text for str")
    _check_context(context)
    ring = key_ring()
    header = _header(ring.active_id)
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(ring.keys[ring.active_id]).encrypt(nonce, bytes(plaintext), header + context.encode("utf-8"))
    return header + nonce + sealed


def vault_decrypt(blob: Blob, *, context: str, access: VaultAccess) -> bytes:
    """Decrypt a blob made for `context`, and log the access.

    Guarantees: the plaintext is returned only after the `identity.decrypt` audit event has been appended in
    the caller's transaction (so a rolled-back read leaves no event, and a failed audit write returns nothing).
    Raises VaultError for a blob that is malformed, tampered with, made for another context, or under a key
    not in the ring; and for an access without a purpose.
    """
    if not (isinstance(access, VaultAccess) and isinstance(access.purpose, str) and access.purpose.strip()):
        raise VaultError("Every decryption needs an access record with a purpose.")
    key_id, plaintext = _open(blob, context)
    audit_append(
        actor=access.actor,
        action="identity.decrypt",
        subject_type=access.subject_type,
        subject_id=access.subject_id,
        jurisdiction=access.jurisdiction,
        after={"purpose": access.purpose, "context_kind": context_kind(context), "key_id": key_id},
    )
    return plaintext


def encrypt_text(plaintext: str, *, context: str) -> bytes:
    """`vault_encrypt` for text (UTF-8)."""
    return vault_encrypt(plaintext.encode("utf-8"), context=context)


def decrypt_text(blob: Blob, *, context: str, access: VaultAccess) -> str:
    """`vault_decrypt` for text (UTF-8); logs the access the same way."""
    return vault_decrypt(blob, context=context, access=access).decode("utf-8")


def key_id_of(blob: Blob) -> str:
    """The id of the key a blob was encrypted under (VaultError when the blob is malformed)."""
    return _split(blob)[0]


def context_kind(context: str) -> str:
    """The part of a context before the first ':' (the field, without the row it belongs to)."""
    return context.split(":", 1)[0]


def _header(key_id: str) -> bytes:
    raw = key_id.encode("ascii")
    return bytes([VERSION, len(raw)]) + raw


def _split(blob: Blob) -> tuple[str, bytes, bytes]:
    if not isinstance(blob, bytes | bytearray | memoryview):
        raise VaultError("A vault blob is bytes.")
    data = bytes(blob)
    if len(data) < 2 or data[0] != VERSION:
        raise VaultError("The blob is not in a vault format this version understands.")
    length = data[1]
    header_end = 2 + length
    if length == 0 or len(data) < header_end + NONCE_BYTES + TAG_BYTES:
        raise VaultError("The blob is truncated.")
    try:
        key_id = data[2:header_end].decode("ascii")
    except UnicodeDecodeError:
        raise VaultError("The blob's key id is malformed.") from None
    if not KEY_ID_PATTERN.fullmatch(key_id):
        raise VaultError("The blob's key id is malformed.")
    return key_id, data[:header_end], data[header_end:]


def _check_context(context: str) -> None:
    if not isinstance(context, str) or not context or "\x00" in context:
        raise ValueError("a vault context is a non-empty string naming where the value lives")


def rewrap(blob: Blob, *, context: str) -> bytes:
    """The same plaintext, encrypted anew under the active key; for key rotation only.

    Not audited per value: the plaintext never leaves this function, and `vault_rotate_batch` records one
    `identity.key_rotation` event per batch instead.
    """
    _key_id, plaintext = _open(blob, context)
    return vault_encrypt(plaintext, context=context)


def _open(blob: Blob, context: str) -> tuple[str, bytes]:
    _check_context(context)
    key_id, header, body = _split(blob)
    key = key_ring().keys.get(key_id)
    if key is None:
        raise VaultError("The blob was encrypted under a key that is not in the key ring.")
    try:
        plaintext = AESGCM(key).decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], header + context.encode("utf-8"))
    except InvalidTag:
        raise VaultError("The blob does not decrypt: wrong key, wrong context, or altered.") from None
    return key_id, plaintext
