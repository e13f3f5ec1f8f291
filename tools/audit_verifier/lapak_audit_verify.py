#!/usr/bin/env python3
"""Check Lapak's audit log offline, against signed tree heads you kept and public keys you pinned.

Needs only Python 3.11+ and `cryptography`. It shares no code with Lapak on purpose: it is the reader's
own check of the formats written down in Lapak's ADR 0004 (RFC 6962 Merkle trees, canonical-JSON leaves,
Ed25519-signed 70-byte tree heads). See README.md beside this file.

    lapak_audit_verify.py segment     --key KEY [--key ...] [--old OLD_HEAD] --new NEW_HEAD SEGMENT
    lapak_audit_verify.py inclusion   --key KEY [--head KEPT_HEAD] [--leaf-only] PROOF
    lapak_audit_verify.py consistency --key KEY --old OLD_HEAD --new NEW_HEAD PROOF
    lapak_audit_verify.py head        --key KEY HEAD

Exit status: 0 and "OK ..." when everything checks; 1 and one line naming the first bad head or leaf;
2 when the input cannot be used (missing file, not JSON, a required field missing, a malformed key).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import struct
import sys
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

HEAD_CONTEXT = b"LapakAuditSTH"
LEAF_KEYS = frozenset({"action", "actor", "after", "before", "decision", "format", "jurisdiction", "occurred_at",
                       "public_id", "subject_id", "subject_type"})
EMPTY_ROOT = hashlib.sha256(b"").digest()


class Unusable(Exception):
    """The input cannot be checked at all (exit 2)."""


class Failed(Exception):
    """The input was checked and something does not hold (exit 1)."""


# --- Merkle tree (RFC 6962 §2.1; verification as in RFC 9162 §2.1.3.2 and §2.1.4.2) ---

def hash_leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def hash_children(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def fold(subtree_roots: list[bytes]) -> bytes:
    """The root of a tree given the roots of its maximal perfect subtrees, left to right."""
    if not subtree_roots:
        return EMPTY_ROOT
    acc = subtree_roots[-1]
    for node in reversed(subtree_roots[:-1]):
        acc = hash_children(node, acc)
    return acc


def extend(subtree_roots: list[bytes], size: int, leaf: bytes) -> None:
    """Append one leaf hash to the frontier of a tree of `size` leaves (merges like a binary carry)."""
    while size & 1:
        leaf = hash_children(subtree_roots.pop(), leaf)
        size >>= 1
    subtree_roots.append(leaf)


def _shift_while_even(a: int, b: int) -> tuple[int, int]:
    while a and not a & 1:
        a, b = a >> 1, b >> 1
    return a, b


def inclusion_root(index: int, size: int, leaf: bytes, path: list[bytes]) -> bytes | None:
    if not 0 <= index < size:
        return None
    fn, sn, acc = index, size - 1, leaf
    for sibling in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            acc = hash_children(sibling, acc)
            fn, sn = _shift_while_even(fn, sn) if not fn & 1 else (fn, sn)
        else:
            acc = hash_children(acc, sibling)
        fn, sn = fn >> 1, sn >> 1
    return acc if sn == 0 else None


def consistent(first: int, second: int, first_root: bytes, second_root: bytes, path: list[bytes]) -> bool:
    if not 0 <= first <= second:
        return False
    if first == 0:
        return not path
    if first == second:
        return not path and first_root == second_root
    nodes = ([first_root] if first & (first - 1) == 0 else []) + list(path)
    if not nodes:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = nodes[0]
    for node in nodes[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = hash_children(node, fr), hash_children(node, sr)
            fn, sn = _shift_while_even(fn, sn) if not fn & 1 else (fn, sn)
        else:
            sr = hash_children(sr, node)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root


# --- Encodings (ADR 0004) ---

def _check_plain(value: Any) -> None:
    if value is None or isinstance(value, bool | int):
        return
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("NUL character")
        return
    if isinstance(value, list):
        for item in value:
            _check_plain(item)
        return
    if isinstance(value, dict):
        for item in value.values():
            _check_plain(item)
        return
    raise ValueError(f"{type(value).__name__} is not allowed in leaf data")


def leaf_bytes(data: dict) -> bytes:
    """The canonical JSON of a leaf: sorted keys, no whitespace, UTF-8 as itself, no floats."""
    if set(data) != LEAF_KEYS or data.get("format") != 1 or isinstance(data.get("format"), bool):
        raise ValueError("not the fields of a format 1 leaf")
    _check_plain(data)
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.encode("utf-8")


def key_id_of(raw: bytes) -> str:
    return hashlib.sha256(raw).digest()[:8].hex()


class Head:
    FIELDS = ("version", "tree_size", "root_hash", "timestamp_ms", "key_id")

    def __init__(self, doc: Any, where: str) -> None:
        if isinstance(doc, dict) and isinstance(doc.get("tree_head"), dict):
            doc = doc["tree_head"]
        if not isinstance(doc, dict):
            raise Unusable(f"{where}: not a tree head object")
        self.where = where
        self.version = _integer(doc, "version", where)
        self.tree_size = _integer(doc, "tree_size", where)
        self.root = _hex(doc, "root_hash", 32, where)
        self.timestamp_ms = _integer(doc, "timestamp_ms", where)
        self.key_id = _hex(doc, "key_id", 8, where).hex()
        self.signature = _signature(doc, where)
        self.claimed_message = doc.get("signed_message")

    def message(self) -> bytes:
        return (HEAD_CONTEXT + struct.pack(">BQ", self.version, self.tree_size) + self.root
                + struct.pack(">Q", self.timestamp_ms) + bytes.fromhex(self.key_id))

    def signed_fields(self) -> tuple:
        return self.version, self.tree_size, self.root, self.timestamp_ms, self.key_id, self.signature

    def check(self, keys: dict[str, bytes], label: str) -> None:
        name = f"{label} (size {self.tree_size})"
        if self.version != 1:
            raise Failed(f"{name}: unknown tree head version {self.version}")
        if self.claimed_message is not None and self.claimed_message != self.message().hex():
            raise Failed(f"{name}: its signed_message does not match its fields")
        if self.key_id not in keys:
            raise Failed(f"{name}: signed by key {self.key_id}, which is not one of the pinned keys")
        try:
            Ed25519PublicKey.from_public_bytes(keys[self.key_id]).verify(self.signature, self.message())
        except (InvalidSignature, ValueError):
            raise Failed(f"{name}: the signature does not verify with pinned key {self.key_id}") from None


def _integer(doc: dict, name: str, where: str) -> int:
    value = doc.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**64:
        raise Unusable(f"{where}: {name} must be a non-negative integer")
    return value


def _hex(doc: dict, name: str, size: int, where: str) -> bytes:
    try:
        raw = bytes.fromhex(doc[name])
    except (KeyError, TypeError, ValueError):
        raw = b""
    if len(raw) != size:
        raise Unusable(f"{where}: {name} must be {size} bytes in hex")
    return raw


def _signature(doc: dict, where: str) -> bytes:
    found = []
    if "signature" in doc:
        found.append(_hex(doc, "signature", 64, where))
    if doc.get("signature_b64") is not None:
        try:
            found.append(base64.b64decode(str(doc["signature_b64"]), validate=True))
        except (binascii.Error, ValueError):
            raise Unusable(f"{where}: signature_b64 is not base64") from None
    if not found or any(len(signature) != 64 for signature in found):
        raise Unusable(f"{where}: a 64-byte signature (hex `signature` or `signature_b64`) is required")
    if len(set(found)) > 1:
        raise Failed(f"{where}: signature and signature_b64 differ")
    return found[0]


# --- Input ---

def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key in a JSON object")
    return result


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def load_json(path: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except OSError as exc:
        raise Unusable(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:  # includes JSONDecodeError and UnicodeDecodeError
        raise Unusable(f"{path}: not valid JSON ({exc})") from None


def load_keys(values: list[str]) -> dict[str, bytes]:
    keys: dict[str, bytes] = {}
    for value in values:
        for raw in _key_material(value):
            if len(raw) != 32:
                raise Unusable(f"--key {value}: an Ed25519 public key is 32 bytes")
            keys[key_id_of(raw)] = raw
    if not keys:
        raise Unusable("pin at least one public key with --key")
    return keys


def _key_material(value: str) -> list[bytes]:
    text = value.strip()
    if len(text) == 64 and all(c in "0123456789abcdefABCDEF" for c in text):
        return [bytes.fromhex(text)]
    try:
        text = Path(value).read_text(encoding="utf-8").strip()
    except (OSError, ValueError):
        raise Unusable(f"--key {value}: neither 64 hex characters nor a readable key file") from None
    if text.startswith("-----BEGIN"):
        try:
            key = load_pem_public_key(text.encode("ascii"))
        except ValueError:
            raise Unusable(f"--key {value}: not a PEM public key") from None
        if not isinstance(key, Ed25519PublicKey):
            raise Unusable(f"--key {value}: not an Ed25519 key")
        return [key.public_bytes_raw()]
    if text.startswith(("{", "[")):
        return _keys_from_json(value, text)
    try:
        return [bytes.fromhex(text)] if len(text) == 64 else [base64.b64decode(text, validate=True)]
    except (binascii.Error, ValueError):
        raise Unusable(f"--key {value}: the file holds no hex, base64, PEM or JSON key") from None


def _keys_from_json(name: str, text: str) -> list[bytes]:
    try:
        doc = json.loads(text)
        entries = doc.get("keys", doc) if isinstance(doc, dict) else doc
        raws = []
        for entry in entries:
            raw = (bytes.fromhex(entry["public_key_hex"]) if "public_key_hex" in entry
                   else base64.b64decode(entry["public_key_b64"], validate=True))
            if "key_id" in entry and entry["key_id"] != key_id_of(raw):
                raise ValueError(f"key {entry['key_id']} does not match its public key")
            raws.append(raw)
        return raws
    except (ValueError, TypeError, KeyError, AttributeError, binascii.Error) as exc:
        raise Unusable(f"--key {name}: not a key list ({exc})") from None


def same_head(kept: Head, given: Head, kept_label: str, given_label: str) -> None:
    if kept.signed_fields() != given.signed_fields():
        raise Failed(f"{given_label} (size {given.tree_size}) is not the {kept_label} you kept "
                     f"(size {kept.tree_size})")


def _hash_list(doc: dict, name: str, where: str) -> list[bytes]:
    items = doc.get(name)
    if not isinstance(items, list):
        raise Unusable(f"{where}: {name} must be a list of hex hashes")
    try:
        hashes = [bytes.fromhex(item) for item in items]
    except (TypeError, ValueError):
        raise Failed(f"{where}: {name} holds something that is not a hex hash") from None
    if any(len(h) != 32 for h in hashes):
        raise Failed(f"{where}: {name} holds a hash that is not 32 bytes")
    return hashes


def _document(path: str, kind: str) -> dict:
    doc = load_json(path)
    if not isinstance(doc, dict) or doc.get("format") != kind or doc.get("version") != 1:
        raise Unusable(f"{path}: not a version 1 {kind} document")
    return doc


# --- Commands ---

def verify_segment(keys: dict[str, bytes], old_path: str | None, new_path: str, segment_path: str) -> str:
    doc = _document(segment_path, "lapak-audit-segment")
    new = Head(load_json(new_path), new_path)
    old = Head(load_json(old_path), old_path) if old_path else None
    if old:
        old.check(keys, "the old head")
    new.check(keys, "the new head")
    seg_new = Head(doc.get("second_head"), f"{segment_path}: second_head")
    seg_old = None if doc.get("first_head") is None else Head(doc["first_head"], f"{segment_path}: first_head")
    if old is None and seg_old is not None:
        raise Unusable(f"the segment starts at size {seg_old.tree_size}: give the head of that size with --old")
    if old is not None and seg_old is None:
        raise Failed(f"the segment starts at the empty tree, not at the old head you kept (size {old.tree_size})")
    if old is not None and seg_old is not None:
        same_head(old, seg_old, "old head", "the segment's first head")
    same_head(new, seg_new, "new head", "the segment's second head")
    first, second = (old.tree_size if old else 0), new.tree_size
    if first >= second:
        raise Failed(f"the new head (size {second}) is not larger than the old head (size {first})")
    if old and new.timestamp_ms < old.timestamp_ms:
        raise Failed(f"the new head (size {second}) is dated before the old head (size {first})")
    frontier = _hash_list(doc, "frontier", segment_path)
    if len(frontier) != first.bit_count():
        raise Failed(f"the frontier holds {len(frontier)} hashes; a tree of size {first} has "
                     f"{first.bit_count()} perfect subtrees")
    if fold(frontier) != (old.root if old else EMPTY_ROOT):
        raise Failed(f"the frontier does not fold to the old head's root (size {first})")
    leaves = doc.get("leaves")
    if not isinstance(leaves, list):
        raise Unusable(f"{segment_path}: leaves must be a list")
    size, with_data = first, 0
    for leaf in leaves:
        if size >= second:
            raise Failed(f"leaf {size}: the segment holds more leaves than the new head (size {second}) covers")
        with_data += _check_leaf(leaf, size)
        extend(frontier, size, bytes.fromhex(leaf["leaf_hash"]))
        size += 1
    if size < second:
        raise Failed(f"leaf {size}: missing; the segment ends before the new head (size {second})")
    if fold(frontier) != new.root:
        raise Failed(f"the leaves {first}..{second - 1} do not lead to the new head's root (size {second})")
    return (f"OK segment {first}..{second - 1}: {second - first} leaves ({with_data} with data, "
            f"{second - first - with_data} redacted) extend the old head (size {first}) to the new head "
            f"(size {second}, root {new.root.hex()})")


def _check_leaf(leaf: Any, index: int) -> int:
    """1 when the leaf carried data that matched its hash, 0 when redacted; Failed otherwise."""
    if not isinstance(leaf, dict):
        raise Failed(f"leaf {index}: not an object")
    given = leaf.get("leaf_index")
    if given != index or isinstance(given, bool):
        raise Failed(f"leaf {index}: the segment gives leaf index {given!r} here; leaves must be consecutive")
    try:
        expected = bytes.fromhex(leaf["leaf_hash"])
    except (KeyError, TypeError, ValueError):
        expected = b""
    if len(expected) != 32:
        raise Failed(f"leaf {index}: its leaf hash is missing or malformed")
    data = leaf.get("data")
    if data is None:
        return 0
    try:
        if not isinstance(data, dict):
            raise ValueError("not an object")
        computed = hash_leaf(leaf_bytes(data))
    except (ValueError, UnicodeEncodeError) as exc:
        raise Failed(f"leaf {index}: its data cannot be encoded as a leaf ({exc})") from None
    if computed != expected:
        raise Failed(f"leaf {index}: its data does not hash to its leaf hash")
    return 1


def verify_inclusion(keys: dict[str, bytes], head_path: str | None, proof_path: str, *, leaf_only: bool = False) -> str:
    """With `leaf_only`, a proof without the event's data (withheld from this reader) is checked for its leaf hash
    alone, and the OK line says that the event's id was not checked; a proof that carries data is checked in full
    either way."""
    doc = _document(proof_path, "lapak-audit-inclusion-proof")
    head = Head(doc.get("tree_head"), f"{proof_path}: tree_head")
    if head_path:
        kept = Head(load_json(head_path), head_path)
        kept.check(keys, "the kept head")
        same_head(kept, head, "head", "the proof's head")
    head.check(keys, "the proof's head")
    index = doc.get("leaf_index")
    if not isinstance(index, int) or isinstance(index, bool):
        raise Unusable(f"{proof_path}: leaf_index must be an integer")
    event = doc.get("event")
    # Without the event's data nothing ties `event_id` to the leaf, so the proof could name any event: that is only
    # acceptable when the reader asked for the leaf alone, and the OK line then says what was not checked.
    if event is None and not leaf_only:
        raise Failed(f"leaf {index}: the proof carries no event data, so it cannot show which event the leaf is "
                     "(use --leaf-only to check the leaf hash alone)")
    _check_leaf({"leaf_index": index, "leaf_hash": doc.get("leaf_hash"), "data": event}, index)
    if isinstance(event, dict) and event.get("public_id") != doc.get("event_id"):
        raise Failed(f"leaf {index}: the event data names {event.get('public_id')!r}, not {doc.get('event_id')!r}")
    path = _hash_list(doc, "audit_path", proof_path)
    if inclusion_root(index, head.tree_size, bytes.fromhex(doc["leaf_hash"]), path) != head.root:
        raise Failed(f"leaf {index}: the audit path does not lead to the root of the head (size {head.tree_size})")
    if event is None:
        leaf = bytes.fromhex(doc["leaf_hash"]).hex()
        return (f"OK leaf {leaf} is at index {index} of the tree of size {head.tree_size}; the event's content was "
                "not disclosed, so its id is not checked")
    return (f"OK event {doc.get('event_id')} is leaf {index} of the tree of size {head.tree_size} "
            f"(root {head.root.hex()})")


def verify_consistency(keys: dict[str, bytes], old_path: str, new_path: str, proof_path: str) -> str:
    doc = _document(proof_path, "lapak-audit-consistency-proof")
    old, new = Head(load_json(old_path), old_path), Head(load_json(new_path), new_path)
    old.check(keys, "the old head")
    new.check(keys, "the new head")
    same_head(old, Head(doc.get("first_tree_head"), f"{proof_path}: first_tree_head"), "old head",
              "the proof's first head")
    same_head(new, Head(doc.get("second_tree_head"), f"{proof_path}: second_tree_head"), "new head",
              "the proof's second head")
    path = _hash_list(doc, "consistency_path", proof_path)
    if not consistent(old.tree_size, new.tree_size, old.root, new.root, path):
        raise Failed(f"the new head (size {new.tree_size}) does not extend the old head (size {old.tree_size})")
    return f"OK the tree of size {new.tree_size} extends the tree of size {old.tree_size}"


def verify_head(keys: dict[str, bytes], head_path: str) -> str:
    head = Head(load_json(head_path), head_path)
    head.check(keys, "the head")
    return f"OK head of size {head.tree_size} (root {head.root.hex()}) is signed by pinned key {head.key_id}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify Lapak's audit log offline (see README.md).")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, helptext in (("segment", "an exported log segment between two kept heads"),
                           ("inclusion", "an inclusion proof for one event"),
                           ("consistency", "a consistency proof between two kept heads"),
                           ("head", "one tree head's signature")):
        command = commands.add_parser(name, help=helptext)
        command.add_argument("--key", action="append", required=True,
                             help="a pinned public key: 64 hex characters, or a file (hex, base64, PEM, or keys JSON)")
        if name in ("segment", "consistency"):
            command.add_argument("--old", required=name == "consistency", help="the older head you kept (JSON)")
            command.add_argument("--new", required=True, help="the newer head you kept (JSON)")
        if name == "inclusion":
            command.add_argument("--head", help="the head you kept that the proof is against (JSON)")
            command.add_argument("--leaf-only", action="store_true",
                                 help="accept a proof without the event's data: check only that its leaf hash is "
                                      "in the tree (the event's id is then not checked)")
        command.add_argument("file", help="the file to check")
    args = parser.parse_args(argv)
    try:
        keys = load_keys(args.key)
        if args.command == "segment":
            print(verify_segment(keys, args.old, args.new, args.file))
        elif args.command == "inclusion":
            print(verify_inclusion(keys, args.head, args.file, leaf_only=args.leaf_only))
        elif args.command == "consistency":
            print(verify_consistency(keys, args.old, args.new, args.file))
        else:
            print(verify_head(keys, args.file))
    except Failed as exc:
        print(f"FAILED {exc}")
        return 1
    except Unusable as exc:
        print(f"UNUSABLE {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
