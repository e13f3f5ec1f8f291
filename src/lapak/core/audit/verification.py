"""Checking the whole audit log against its signed tree heads.

Nothing stored is trusted except the public keys: every leaf hash is recomputed from the event's fields,
the tree is rebuilt from those recomputed hashes, and each signed head must match the rebuilt root at
its size. Problems are reported in leaf order, so the first one is the earliest damage.

Each head is checked with the public key its key id names: by default the keys in the `PublicKey` table
plus the configured key (heads signed before the table existed name it); given `public_keys` (keys the
verifier holds from elsewhere, e.g. as published to the regulator), those alone. The table lives in the
same database as the heads, so pinning keys held outside is the stronger check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from lapak.core.audit import merkle
from lapak.core.audit.encoding import key_id, leaf_data
from lapak.core.audit.keys import signing_key
from lapak.core.audit.models import AuditEvent, PublicKey, TreeHead

_UNHASHABLE = b"\xff" * merkle.HASH_SIZE  # stands in for an event whose fields cannot be encoded

MESSAGES = {
    "leaf_missing": _(
        "Leaf index %(missing)d is missing (deleted?); the next sealed event is %(event)s at leaf index %(index)d."
    ),
    "leaf_index_invalid": _("Event %(event)s has leaf index %(index)d where %(missing)d was expected."),
    "leaf_not_covered": _(
        "Event %(event)s (leaf index %(index)d) is marked sealed, but no signed tree head covers it."
    ),
    "event_unreadable": _("Event %(event)s (leaf index %(index)s) holds values that are not valid audit data."),
    "event_altered": _(
        "Event %(event)s (leaf index %(index)s) was altered: its stored fields do not match its leaf hash."
    ),
    "tree_head_signature_invalid": _(
        "Tree head of size %(size)d does not carry a valid signature by its signing key %(key_id)s."
    ),
    "tree_head_key_unknown": _(
        "Tree head of size %(size)d names signing key %(key_id)s, which is not a known audit signing key."
    ),
    "signing_key_invalid": _(
        "Registered signing key %(key_id)s is malformed: its public key is not 32 bytes that hash to its key id."
    ),
    "tree_head_root_mismatch": _(
        "Tree head of size %(size)d does not match the events: its root differs from the one rebuilt from the "
        "stored events; the change lies in leaf indices %(first)d to %(last)d."
    ),
    "tree_head_beyond_log": _(
        "Tree head of size %(size)d covers more events than the %(count)d sealed events stored; events are missing "
        "(deleted?) from leaf index %(count)d on."
    ),
}


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    event_id: str | None = None
    leaf_index: int | None = None
    tree_size: int | None = None
    key_id: str | None = None


@dataclass
class VerificationReport:
    sealed: int = 0
    unsealed: int = 0
    tree_heads: int = 0
    tree_size: int = 0
    root_hash: str = merkle.EMPTY_ROOT.hex()
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, code: str, *, event: AuditEvent | None = None, head: TreeHead | None = None, **params: Any) -> None:
        if event is not None:
            params.setdefault("event", event.public_id)
            params.setdefault("index", event.leaf_index if event.leaf_index is not None else _("unsealed"))
        if head is not None:
            params.setdefault("size", head.tree_size)
            params.setdefault("key_id", head.key_id)
        self.problems.append(
            Problem(
                code=code,
                message=str(MESSAGES[code]) % params,
                event_id=event.public_id if event else None,
                leaf_index=event.leaf_index if event else None,
                tree_size=head.tree_size if head else None,
                key_id=params.get("key_id"),
            )
        )


def audit_log_verify(
    *, public_key: bytes | None = None, public_keys: Iterable[bytes] | None = None
) -> VerificationReport:
    """Recompute the log and check every signed head with the key its key id names.

    `public_key` / `public_keys` (raw Ed25519) pin the keys to trust; without them, the registered keys
    and the configured key are trusted. Read-only. Streams events, so memory stays flat however long the
    log is.
    """
    pinned = [*([public_key] if public_key else []), *(public_keys or [])]
    heads = list(TreeHead.objects.order_by("tree_size", "id"))
    heads_by_size = {head.tree_size: head for head in heads}
    covered = heads[-1].tree_size if heads else 0
    report = VerificationReport(tree_heads=len(heads))
    trusted = _trusted_keys(pinned, report)
    if heads:
        report.tree_size, report.root_hash = heads[-1].tree_size, heads[-1].root_hash
    tree = merkle.CompactRange()
    last_good_size, positions_broken = 0, False

    for event in AuditEvent.objects.filter(leaf_index__isnull=False).order_by("leaf_index").iterator(2000):
        if event.leaf_index != tree.size:
            # After a gap, positions no longer line up with the heads; their roots are not compared.
            positions_broken = True
            code = "leaf_missing" if event.leaf_index > tree.size else "leaf_index_invalid"
            report.add(code, event=event, missing=tree.size)
        recomputed = _recomputed_leaf(event, report)
        if event.leaf_index >= covered:
            report.add("leaf_not_covered", event=event)
        tree.append(recomputed)
        report.sealed += 1
        head = heads_by_size.get(tree.size)
        if head is None:
            continue
        _check_signature(head, trusted, report)
        if positions_broken:
            continue
        if head.root_hash == tree.root().hex():
            last_good_size = head.tree_size
        else:
            report.add("tree_head_root_mismatch", head=head, first=last_good_size, last=head.tree_size - 1)

    for head in heads:
        if head.tree_size > tree.size or head.tree_size <= 0:
            _check_signature(head, trusted, report)
            report.add("tree_head_beyond_log", head=head, count=tree.size)

    for event in AuditEvent.objects.filter(leaf_index__isnull=True).order_by("id").iterator(2000):
        _recomputed_leaf(event, report)
        report.unsealed += 1
    return report


def _recomputed_leaf(event: AuditEvent, report: VerificationReport) -> bytes:
    """The leaf hash recomputed from the stored fields, reporting any mismatch with the stored hash."""
    try:
        recomputed = merkle.leaf_hash(leaf_data(event.leaf_fields()))
    except (TypeError, ValueError):
        report.add("event_unreadable", event=event)
        return _UNHASHABLE
    if recomputed.hex() != event.leaf_hash:
        report.add("event_altered", event=event)
    return recomputed


def _trusted_keys(pinned: list[bytes], report: VerificationReport) -> dict[str, bytes]:
    """Public keys by key id: the pinned ones alone, else the registered ones plus the configured one."""
    if pinned:
        return {key_id(raw): raw for raw in pinned}
    trusted: dict[str, bytes] = {}
    for row in PublicKey.objects.order_by("id"):
        if row.public_raw is None:
            report.add("signing_key_invalid", key_id=row.key_id)
        else:
            trusted[row.key_id] = row.public_raw
    configured = signing_key()
    trusted.setdefault(configured.key_id, configured.public_raw)
    return trusted


def _check_signature(head: TreeHead, trusted: dict[str, bytes], report: VerificationReport) -> None:
    public_raw = trusted.get(head.key_id)
    if public_raw is None:
        report.add("tree_head_key_unknown", head=head)
    elif not head.signature_valid(public_raw):
        report.add("tree_head_signature_invalid", head=head)
