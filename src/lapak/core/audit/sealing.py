"""Sealing: give waiting events their leaf positions and sign a new tree head.

One sealer at a time: each batch locks the single `SealState` row first (SELECT ... FOR UPDATE on
PostgreSQL; on SQLite the IMMEDIATE transaction already serialises writers). Appenders never touch that
row, so sealing never blocks `audit_append` on PostgreSQL.

Only the active key signs (see `key_registry`). A new head may extend a head signed by an earlier key:
that head is checked with the earlier key's registered public key before anything is built on it.

Events are taken in id order among those still unsealed. Ids are not leaf positions: on PostgreSQL a
transaction holding a lower id can commit after a seal has taken higher ids; that event is simply
sealed next time, at the next free leaf index.
"""

from __future__ import annotations

import time

from django.db import transaction
from django.db.models import Q

from lapak.core.audit import merkle
from lapak.core.audit.encoding import leaf_data, tree_head_message
from lapak.core.audit.key_registry import registered_public_key, signing_key_register
from lapak.core.audit.keys import SigningKey, signing_key
from lapak.core.audit.lock_objects import seal_state_for_update
from lapak.core.audit.models import AuditEvent, SealState, TreeHead

SEAL_BATCH_SIZE = 10_000
MAX_BATCHES_PER_RUN = 1_000


class AuditIntegrityError(RuntimeError):
    """The stored log no longer matches its signed heads; sealing stops rather than sign over it."""


def audit_seal(
    *, batch_size: int = SEAL_BATCH_SIZE, max_batches: int = MAX_BATCHES_PER_RUN, key: SigningKey | None = None
) -> dict:
    """Seal every event waiting now, one transaction per batch of `batch_size`, signing with `key` (default:
    the configured key; `signing_key_rotate` passes the new one).

    Guarantees: each sealed event gets exactly one leaf index; indices are consecutive from 0 with no
    gaps or duplicates, even with several sealers running at once; every batch ends with a signed tree
    head over all leaves so far, committed in the same transaction as the indices; each new head extends
    the previous one (its tree is built on the previous head's verified compact range). Raises
    AuditIntegrityError, sealing nothing more, if an event no longer matches its leaf hash or the sealed
    leaves no longer match the latest head. Raises AuditKeyError, sealing nothing, if the key is not the
    active signing key (it is registered as such on first use when no key is active yet).
    """
    sealed, head = 0, None
    for _ in range(max_batches):
        count, batch_head = _seal_batch(batch_size, key)
        sealed += count
        head = batch_head or head
        if count < batch_size:
            break
    if head is None:
        head = TreeHead.objects.order_by("-tree_size").first()
    return {
        "sealed": sealed,
        "tree_size": head.tree_size if head else 0,
        "root_hash": head.root_hash if head else merkle.EMPTY_ROOT.hex(),
    }


def _seal_batch(batch_size: int, key: SigningKey | None) -> tuple[int, TreeHead | None]:
    with transaction.atomic():
        state = seal_state_for_update()
        events = list(AuditEvent.objects.filter(leaf_index__isnull=True).order_by("id")[:batch_size])
        if not events:
            return 0, None
        key = key or signing_key()
        signing_key_register(key)
        previous = TreeHead.objects.order_by("-tree_size").first()
        tree = _verified_compact_range(state, previous, key)
        for event in events:
            if _recomputed_leaf_hash(event) != event.leaf_hash:
                raise AuditIntegrityError(
                    f"unsealed event {event.public_id} no longer matches its leaf hash; refusing to seal"
                )
            event.leaf_index = tree.size
            tree.append(bytes.fromhex(event.leaf_hash))
        AuditEvent.objects.bulk_update(events, ["leaf_index"], batch_size=500)
        head = _signed_head(tree, key, not_before_ms=previous.timestamp_ms if previous else 0)
        state.tree_size = tree.size
        state.frontier = [h.hex() for h in tree.hashes]
        state.save(update_fields=["tree_size", "frontier"])
        return len(events), head


def _recomputed_leaf_hash(event: AuditEvent) -> str | None:
    try:
        return merkle.leaf_hash(leaf_data(event.leaf_fields())).hex()
    except (TypeError, ValueError):
        return None  # fields that cannot be encoded were not written by audit_append


def _verified_compact_range(state: SealState, previous: TreeHead | None, key: SigningKey) -> merkle.CompactRange:
    """The compact range of the sealed tree, checked against the latest signed head."""
    size = previous.tree_size if previous else 0
    if previous:
        _check_previous_signature(previous, key)
    if AuditEvent.objects.filter(Q(leaf_index__gte=size) | Q(leaf_index__lt=0)).exists():
        raise AuditIntegrityError("events carry leaf indices that no signed tree head covers")
    root = bytes.fromhex(previous.root_hash) if previous else merkle.EMPTY_ROOT  # well formed: it verified
    try:
        tree = merkle.CompactRange(state.tree_size, [bytes.fromhex(h) for h in state.frontier])
    except (TypeError, ValueError):
        tree = None
    if tree is None or tree.size != size or tree.root() != root:
        # The state row is a cache; rebuild it from the sealed leaves when it disagrees with the head.
        tree = merkle.CompactRange()
        leaves = AuditEvent.objects.filter(leaf_index__isnull=False).order_by("leaf_index")
        for index, stored in leaves.values_list("leaf_index", "leaf_hash").iterator(chunk_size=10_000):
            if index != tree.size:
                raise AuditIntegrityError(f"sealed leaf index {tree.size} is missing")
            try:
                tree.append(bytes.fromhex(stored))
            except ValueError as exc:
                raise AuditIntegrityError(f"sealed leaf index {index} has a malformed leaf hash") from exc
        if tree.size != size or tree.root() != root:
            raise AuditIntegrityError(f"the sealed events no longer match the latest tree head (size {size})")
    return tree


def _check_previous_signature(previous: TreeHead, key: SigningKey) -> None:
    size, signer = previous.tree_size, previous.key_id
    public_raw = key.public_raw if signer == key.key_id else registered_public_key(signer)
    if public_raw is None:
        raise AuditIntegrityError(
            f"the latest tree head (size {size}) names signing key {signer}, which is not registered"
        )
    if not previous.signature_valid(public_raw):
        raise AuditIntegrityError(f"the latest tree head (size {size}) is not validly signed by its key {signer}")


def _signed_head(tree: merkle.CompactRange, key: SigningKey, *, not_before_ms: int) -> TreeHead:
    # Never earlier than the previous head, so head timestamps read in order even if the clock steps back.
    timestamp_ms = max(time.time_ns() // 1_000_000, not_before_ms)
    root = tree.root()
    message = tree_head_message(tree_size=tree.size, root_hash=root, timestamp_ms=timestamp_ms, key_id=key.key_id)
    return TreeHead.objects.create(
        version=1,
        tree_size=tree.size,
        root_hash=root.hex(),
        timestamp_ms=timestamp_ms,
        key_id=key.key_id,
        signature=key.sign(message).hex(),
    )
