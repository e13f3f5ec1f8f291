"""Reading the audit log: signed heads, proofs, and the public keys that check them.

Proofs are computed from all leaf hashes of the tree asked for (one `values_list` query), which is fine
up to about a million events; beyond that, store complete-subtree hashes and read O(log n) of them.
Hashes are returned as lowercase hex. Proofs are built from the stored leaf hashes: if those were
changed, the proof fails against the signed root, which is the point.
"""

from __future__ import annotations

import base64
from typing import Any

from django.utils.translation import gettext_lazy as _

from lapak.core.audit import merkle
from lapak.core.audit.keys import public_key_pem, signing_key
from lapak.core.audit.models import AuditEvent, PublicKey, TreeHead
from lapak.core.audit.sealing import AuditIntegrityError
from lapak.core.errors import Conflict, NotFound, ValidationFailed


def latest_tree_head() -> dict[str, Any] | None:
    """The newest signed tree head, or None before the first seal."""
    head = TreeHead.objects.order_by("-tree_size").first()
    return head.as_dict() if head else None


def audit_public_key() -> dict[str, str]:
    """The configured key, which signs new tree heads, for publication: raw 32 bytes in base64, and PEM
    (SPKI). Heads signed before a rotation name earlier keys: see `audit_public_keys`.
    """
    key = signing_key()
    return {
        "algorithm": "Ed25519",
        "key_id": key.key_id,
        "public_key": base64.b64encode(key.public_raw).decode("ascii"),
        "public_key_pem": public_key_pem(key.public_raw),
    }


def audit_public_keys() -> list[dict[str, Any]]:
    """Every key that has signed tree heads, oldest first: `key_id`, `public_key_b64` (raw 32 bytes),
    `first_used_at`, `retired_at` (None for the active key). A head is checked with the key its key id names.
    """
    keys = []
    for row in PublicKey.objects.order_by("first_used_at", "id"):
        if row.public_raw is None:
            raise AuditIntegrityError(f"registered signing key {row.key_id} is malformed; run audit_verify")
        keys.append(
            {
                "key_id": row.key_id,
                "public_key_b64": base64.b64encode(row.public_raw).decode("ascii"),
                "first_used_at": row.first_used_at,
                "retired_at": row.retired_at,
            }
        )
    return keys


def inclusion_proof(event_public_id: str, tree_size: int | None = None) -> dict[str, Any]:
    """The audit path proving an event is leaf `leaf_index` of the signed tree of `tree_size` leaves
    (default: the latest head). Verify it with `merkle.verify_inclusion`.
    """
    event = AuditEvent.objects.filter(public_id=event_public_id).values("leaf_index", "leaf_hash").first()
    if event is None:
        raise NotFound(_("No audit event has this id."), code="audit_event_not_found")
    if event["leaf_index"] is None:
        raise Conflict(_("This audit event is not sealed yet."), code="audit_event_unsealed")
    head = _head(tree_size)
    if event["leaf_index"] >= head.tree_size:
        raise Conflict(_("This audit event is not in a tree of that size."), code="audit_event_not_in_tree")
    hashes = _leaf_hashes(head.tree_size)
    path = merkle.inclusion_proof(event["leaf_index"], hashes)
    return {
        "event_id": event_public_id,
        "leaf_index": event["leaf_index"],
        "leaf_hash": event["leaf_hash"],
        "tree_size": head.tree_size,
        "root_hash": head.root_hash,
        "tree_head": head.as_dict(),
        "audit_path": [h.hex() for h in path],
    }


def consistency_proof(first_size: int, second_size: int) -> dict[str, Any]:
    """The proof that the tree of `first_size` leaves is a prefix of the tree of `second_size` leaves.

    Both sizes must be those of signed heads (0 is allowed as the first size). Verify with
    `merkle.verify_consistency`.
    """
    if not 0 <= first_size <= second_size:
        raise ValidationFailed(fields={"first_size": [_("The first size must be between 0 and the second size.")]})
    second = _head(second_size)
    first = _head(first_size) if first_size else None
    hashes = _leaf_hashes(second_size)
    return {
        "first_size": first_size,
        "second_size": second_size,
        "first_root_hash": first.root_hash if first else merkle.EMPTY_ROOT.hex(),
        "second_root_hash": second.root_hash,
        "first_tree_head": first.as_dict() if first else None,
        "second_tree_head": second.as_dict(),
        "consistency_path": [h.hex() for h in merkle.consistency_proof(first_size, hashes)],
    }


def _head(tree_size: int | None) -> TreeHead:
    heads = TreeHead.objects.all()
    head = heads.order_by("-tree_size").first() if tree_size is None else heads.filter(tree_size=tree_size).first()
    if head is None:
        raise NotFound(_("No signed tree head has this size."), code="audit_tree_head_not_found")
    return head


def _leaf_hashes(tree_size: int) -> list[bytes]:
    rows = (
        AuditEvent.objects.filter(leaf_index__gte=0, leaf_index__lt=tree_size)
        .order_by("leaf_index")
        .values_list("leaf_hash", flat=True)
    )
    try:
        hashes = [bytes.fromhex(h) for h in rows]
    except ValueError as exc:
        raise AuditIntegrityError("a sealed event has a malformed leaf hash; run audit_verify") from exc
    if len(hashes) != tree_size:
        raise AuditIntegrityError("sealed events are missing from the log; run audit_verify")
    return hashes
