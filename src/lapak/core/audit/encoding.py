"""The byte encodings the audit log hashes and signs. Standard library only, like `merkle`, so the
standalone verifier can recompute leaves and check signatures from an export without Django.

Leaf data (format 1) is the canonical JSON of one object with exactly these keys::

    {"action", "actor", "after", "before", "decision", "format": 1, "jurisdiction",
     "occurred_at", "public_id", "subject_id", "subject_type"}

Canonical JSON: keys sorted by Unicode code point, no whitespace (separators "," and ":"), non-ASCII
characters written as themselves, UTF-8 encoded; no floats, NaN or infinities (payloads carry integers,
strings, booleans, null, lists and objects only). For such values this is the RFC 8785 (JCS) output,
except that JCS sorts keys by UTF-16 code unit; the two orders differ only for keys mixing characters
above U+FFFF with characters in U+E000..U+FFFF. Timestamps are ISO-8601 UTC with exactly six fractional
digits and a `Z`, e.g. "2025-01-31T07:05:09.000123Z". The leaf index is not part of the leaf: a leaf's
position is fixed by the tree itself.

Tree head message (version 1), the exact bytes Ed25519 signs, 70 bytes::

    b"LapakAuditSTH" (13 ASCII bytes, a domain separator)
    || version        uint8      (1)
    || tree_size      uint64 big-endian
    || root_hash      32 bytes
    || timestamp_ms   uint64 big-endian, milliseconds since 1970-01-01T00:00:00Z
    || key_id         8 bytes: the first 8 bytes of SHA-256(raw 32-byte Ed25519 public key)

The printed key id is those 8 bytes as 16 lowercase hex characters.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

LEAF_FORMAT = 1
TREE_HEAD_VERSION = 1
TREE_HEAD_CONTEXT = b"LapakAuditSTH"
KEY_ID_BYTES = 8
LEAF_FIELDS = (
    "public_id",
    "occurred_at",
    "actor",
    "action",
    "subject_type",
    "subject_id",
    "jurisdiction",
    "before",
    "after",
    "decision",
)


def canonical_json(value: Any) -> bytes:
    """The canonical UTF-8 JSON bytes of a value made of dicts, lists, str, int, bool and None."""
    _check_json(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def _check_json(value: Any) -> None:
    # Floats are refused because a database may hand them back in another spelling (1e20 as an
    # integer, -0.0 as 0), which would change the hash; NUL because PostgreSQL cannot store it.
    if value is None or isinstance(value, bool | int):
        return
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("audit values cannot contain NUL characters")
        return
    if isinstance(value, list):
        for item in value:
            _check_json(item)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"audit object keys must be strings, not {type(key).__name__}")
            _check_json(key)
            _check_json(item)
        return
    raise TypeError(f"audit values cannot hold {type(value).__name__}; use int or str")


def format_timestamp(moment: datetime) -> str:
    """ISO-8601 in UTC with microseconds and a `Z`: the one spelling of a time inside leaf data."""
    if moment.tzinfo is None:
        raise ValueError("audit timestamps must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def leaf_data(fields: Mapping[str, Any]) -> bytes:
    """The bytes an event contributes to the tree; `occurred_at` may be a datetime or its formatted string."""
    record = {name: fields[name] for name in LEAF_FIELDS}
    if isinstance(record["occurred_at"], datetime):
        record["occurred_at"] = format_timestamp(record["occurred_at"])
    record["format"] = LEAF_FORMAT
    return canonical_json(record)


def key_id_bytes(public_key: bytes) -> bytes:
    return hashlib.sha256(public_key).digest()[:KEY_ID_BYTES]


def key_id(public_key: bytes) -> str:
    """The printed key id: 16 hex characters of SHA-256 over the raw Ed25519 public key."""
    return key_id_bytes(public_key).hex()


def tree_head_message(
    *, tree_size: int, root_hash: bytes, timestamp_ms: int, key_id: str, version: int = TREE_HEAD_VERSION
) -> bytes:
    """The exact bytes signed for a tree head (layout in the module docstring).

    Raises ValueError for an unknown version, a malformed key id or a root that is not 32 bytes.
    """
    kid = bytes.fromhex(key_id)
    if version != TREE_HEAD_VERSION or len(root_hash) != 32 or len(kid) != KEY_ID_BYTES:
        raise ValueError("a version 1 tree head needs a 32-byte root hash and an 8-byte key id")
    return (
        TREE_HEAD_CONTEXT
        + struct.pack(">BQ", version, tree_size)
        + bytes(root_hash)
        + struct.pack(">Q", timestamp_ms)
        + kid
    )
