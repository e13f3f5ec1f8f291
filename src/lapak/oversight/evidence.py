"""Reads for the regulator's verifiable evidence: signed tree heads, the keys that sign them, proofs, and
segment exports that `tools/audit_verifier/lapak_audit_verify.py` checks offline (formats: ADR 0004 and the
verifier's README).

Privacy: which leaves carry their data is decided in one place, `disclosure.py` (the reader's jurisdiction, a
platform-level action or a seller a legal request names); every other leaf is its leaf hash alone, with the reason,
which is all the Merkle tree needs. An inclusion proof is given only for an event of the reader's jurisdiction,
without its data when that is withheld; any other event is "not found", exactly like an unknown one.

The frontier of a segment (the compact range of the first tree) comes from the cache when an earlier export ended
at that head, else from the stored leaf hashes below it (O(first size), streamed), like the kernel's own proofs.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.audit import merkle
from lapak.core.audit import selectors as audit_selectors
from lapak.core.audit.keys import public_key_pem
from lapak.core.audit.models import AuditEvent, TreeHead
from lapak.core.audit.sealing import AuditIntegrityError
from lapak.core.errors import Conflict, NotFound, ValidationFailed
from lapak.oversight.disclosure import LeafDisclosure, leaf_disclosure, leaf_record

logger = logging.getLogger(__name__)
SEGMENT_MAX_LEAVES = 200_000
HEADS_PAGE_SIZE = 50
HEADS_PAGE_SIZE_MAX = 500
_CHUNK = 5_000
_MAX_SIZE = 2**63 - 1
FRONTIER_CACHE_SECONDS = 30 * 24 * 3600
SEGMENT_FORMAT = "lapak-audit-segment"
INCLUSION_FORMAT = "lapak-audit-inclusion-proof"
CONSISTENCY_FORMAT = "lapak-audit-consistency-proof"


def jurisdiction_valid(code: str) -> bool:
    """Two capital letters. An operator may name any jurisdiction, and it ends up in the audit log, file names
    and headers, so it is checked here."""
    return len(code) == 2 and code.isascii() and code.isalpha() and code.isupper()


def check_jurisdiction(code: str) -> str:
    if not jurisdiction_valid(code):
        raise ValidationFailed(fields={"jurisdiction": [_("Enter a two-letter jurisdiction code, e.g. ID.")]})
    return code


def parse_size(raw: str | None, *, field: str, required: bool = True) -> int | None:
    """A tree size from a query parameter: digits only; ValidationFailed naming `field` otherwise."""
    text = (raw or "").strip()
    if not text:
        if required:
            raise ValidationFailed(fields={field: [_("This field is required.")]})
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 19 or int(text) > _MAX_SIZE:
        raise ValidationFailed(fields={field: [_("Enter a tree size: a whole number, 0 or more.")]})
    return int(text)


def parse_page(params: Mapping[str, str]) -> tuple[int, int]:
    """`page` (from 1) and `page_size` (1..500) for the list of heads."""
    errors: dict[str, list] = {}
    values = {}
    for field, default, top in (("page", 1, 10**6), ("page_size", HEADS_PAGE_SIZE, HEADS_PAGE_SIZE_MAX)):
        text = (params.get(field) or "").strip()
        if not text:
            values[field] = default
        elif text.isascii() and text.isdigit() and len(text) <= 7 and 1 <= int(text) <= top:
            values[field] = int(text)
        else:
            errors[field] = [_("Enter a whole number from 1 to %(top)s.") % {"top": top}]
    if errors:
        raise ValidationFailed(fields=errors)
    return values["page"], values["page_size"]


def head_json(head: TreeHead) -> dict[str, Any]:
    """A signed tree head with everything needed to check it: the fields, the signature in hex and base64, and
    the exact 70-byte message the signature covers (hex)."""
    # A malformed stored field must not stop the export: the verifier is where it shows.
    try:
        signature_b64: str | None = base64.b64encode(bytes.fromhex(head.signature)).decode("ascii")
    except ValueError:
        signature_b64 = None
    try:
        message: str | None = head.signed_message().hex()
    except ValueError:
        message = None
    return {
        "version": head.version,
        "tree_size": head.tree_size,
        "root_hash": head.root_hash,
        "timestamp_ms": head.timestamp_ms,
        "timestamp": head.timestamp.isoformat().replace("+00:00", "Z"),
        "key_id": head.key_id,
        "signature": head.signature,
        "signature_b64": signature_b64,
        "signed_message": message,
    }


def tree_heads_page(*, page: int = 1, page_size: int = HEADS_PAGE_SIZE) -> dict[str, Any]:
    """Signed tree heads, newest (largest) first, one page of them."""
    heads = TreeHead.objects.order_by("-tree_size")
    count = heads.count()
    start = (page - 1) * page_size
    return {"count": count, "page": page, "page_size": page_size, "pages": max(1, -(-count // page_size)),
            "heads": [head_json(head) for head in heads[start : start + page_size]]}


def tree_head_latest() -> dict[str, Any]:
    head = TreeHead.objects.order_by("-tree_size").first()
    if head is None:
        raise NotFound(_("The audit log has no signed tree head yet."), code="audit_tree_head_not_found")
    return head_json(head)


def tree_head_of_size(tree_size: int) -> dict[str, Any]:
    return head_json(_head(tree_size))


def audit_keys() -> dict[str, Any]:
    """Every public key that has signed tree heads, oldest first, for the regulator to pin."""
    keys = []
    with _integrity():
        published = audit_selectors.audit_public_keys()
    for key in published:
        raw = base64.b64decode(key["public_key_b64"])
        keys.append({**key, "algorithm": "Ed25519", "public_key_hex": raw.hex(), "public_key_pem": public_key_pem(raw),
                     "first_used_at": _iso(key["first_used_at"]), "retired_at": _iso(key["retired_at"])})
    return {"algorithm": "Ed25519", "keys": keys}


def event_inclusion_proof(*, event_id: str, tree_size: int | None, jurisdiction: str, reader: object) -> dict[str, Any]:
    """The proof that an event of `jurisdiction` (or a platform-wide one, logged with no jurisdiction) is a leaf of
    the signed tree of `tree_size` (default: the latest head), with the event's leaf data so its leaf hash can be
    recomputed when `reader` may see it, else `"event": None, "disclosed": False` (the leaf hash and path still
    prove the leaf). Another jurisdiction's event is NotFound, as an unknown one is; Conflict when the event is
    not sealed yet or not in that tree."""
    events = AuditEvent.objects.filter(jurisdiction__in=(jurisdiction, ""))
    event = events.filter(public_id=(event_id or "").strip()[:64]).first()
    if event is None:
        raise NotFound(_("No audit event of your jurisdiction has this id."), code="audit_event_not_found")
    with _integrity():
        proof = audit_selectors.inclusion_proof(event.public_id, tree_size)
    head = _head(proof["tree_size"])
    disclosed = leaf_disclosure(reader=reader, jurisdiction=jurisdiction).withheld_reason(event) is None
    return {"format": INCLUSION_FORMAT, "version": 1, "event_id": event.public_id, "disclosed": disclosed,
            "event": leaf_record(event) if disclosed else None, "leaf_index": proof["leaf_index"],
            "leaf_hash": proof["leaf_hash"], "tree_size": proof["tree_size"],
            "tree_head": head_json(head), "audit_path": proof["audit_path"]}


def heads_consistency_proof(*, first: int, second: int) -> dict[str, Any]:
    """The proof that the signed tree of `first` leaves is a prefix of the signed tree of `second` leaves."""
    _check_order(first, second)
    if first == 0:
        raise ValidationFailed(fields={"first": [_("Give the size of a signed tree head.")]})
    with _integrity():
        proof = audit_selectors.consistency_proof(first, second)
    return {"format": CONSISTENCY_FORMAT, "version": 1, "first_size": first, "second_size": second,
            "first_tree_head": head_json(_head(first)), "second_tree_head": head_json(_head(second)),
            "consistency_path": proof["consistency_path"]}


@dataclass(frozen=True)
class SegmentPlan:
    jurisdiction: str
    first: TreeHead | None  # None: the segment starts at the empty tree
    second: TreeHead
    disclosure: LeafDisclosure

    @property
    def filename(self) -> str:
        first = self.first.tree_size if self.first else 0
        return f"lapak-audit-segment-{self.jurisdiction}-{first}-{self.second.tree_size}.json"


def segment_plan(*, first: int, second: int, jurisdiction: str, reader: object) -> SegmentPlan:
    """Validate a segment export before any byte is sent: `first` < `second`, both sizes of signed heads (`first`
    may be 0, the empty tree), at most SEGMENT_MAX_LEAVES leaves apart. The leaves `reader` may see the data of
    are fixed here."""
    _check_order(first, second)
    if second - first > SEGMENT_MAX_LEAVES:
        raise ValidationFailed(fields={"second": [
            _("A segment holds at most %(limit)s leaves; export it in several parts between heads.")
            % {"limit": f"{SEGMENT_MAX_LEAVES:,}"}]}, code="audit_segment_too_large")
    return SegmentPlan(jurisdiction=jurisdiction, first=_head(first) if first else None, second=_head(second),
                       disclosure=leaf_disclosure(reader=reader, jurisdiction=jurisdiction))


def segment_chunks(plan: SegmentPlan) -> Iterator[bytes]:
    """The segment document as UTF-8 JSON, streamed: one leaf per line, in leaf-index order; a withheld leaf is
    `{"leaf_index", "leaf_hash", "redacted": true, "reason"}`."""
    first, second = (plan.first.tree_size if plan.first else 0), plan.second.tree_size
    frontier = _frontier(plan.first)
    header = {"format": SEGMENT_FORMAT, "version": 1, "jurisdiction": plan.jurisdiction,
              "exported_at": _iso(timezone.now()), "first_size": first, "second_size": second,
              "first_head": head_json(plan.first) if plan.first else None, "second_head": head_json(plan.second),
              "frontier": [h.hex() for h in frontier.hashes]}
    yield (json.dumps(header, ensure_ascii=False)[:-1] + ', "leaves": [\n').encode("utf-8")
    separator = ""
    for start in range(first, second, _CHUNK):
        lines = []
        rows = AuditEvent.objects.filter(leaf_index__gte=start, leaf_index__lt=min(start + _CHUNK, second))
        for event in rows.order_by("leaf_index"):
            leaf = plan.disclosure.segment_leaf(event)
            lines.append(separator + json.dumps(leaf, ensure_ascii=False, sort_keys=True))
            separator = ",\n"
            if event.leaf_index == frontier.size:
                frontier.append(_hash_bytes(event.leaf_hash))
        yield "".join(lines).encode("utf-8")
    yield b"\n]}\n"
    _remember_frontier(plan.second, frontier)


def _frontier(head: TreeHead | None) -> merkle.CompactRange:
    """The compact range of the tree of `head`: from the cache when it still folds to the head's root (an export
    ending at a head leaves it there, so consecutive exports cost O(segment)), else from the stored leaves."""
    if head is None:
        return merkle.CompactRange()
    try:
        cached = merkle.CompactRange(head.tree_size, [bytes.fromhex(h) for h in cache.get(_cache_key(head), ())])
        if cached.root().hex() == head.root_hash:
            return cached
    except (TypeError, ValueError):
        pass  # a cached frontier that is not hex: ignored like a stale one, the stored leaves decide
    tree = merkle.CompactRange()
    rows = (AuditEvent.objects.filter(leaf_index__gte=0, leaf_index__lt=head.tree_size).order_by("leaf_index")
            .values_list("leaf_hash", flat=True))
    for stored in rows.iterator(chunk_size=10_000):
        tree.append(_hash_bytes(stored))
    _remember_frontier(head, tree)
    return tree


def _hash_bytes(stored: str) -> bytes:
    # A malformed stored hash counts as zeros: the export goes out and the verifier reports it, which is the truth.
    try:
        raw = bytes.fromhex(stored)
    except ValueError:
        return bytes(32)
    return raw if len(raw) == 32 else bytes(32)


def _remember_frontier(head: TreeHead, tree: merkle.CompactRange) -> None:
    # Only a range that reproduces the signed root is kept, so the cache can speed exports up but never change one.
    if tree.size == head.tree_size and tree.root().hex() == head.root_hash:
        cache.set(_cache_key(head), [h.hex() for h in tree.hashes], timeout=FRONTIER_CACHE_SECONDS)


def _cache_key(head: TreeHead) -> str:
    return f"oversight:audit-frontier:{head.tree_size}:{head.root_hash}"


@contextmanager
def _integrity() -> Iterator[None]:
    """A log that no longer matches its heads is a clear 409 for the reader (and an error for the operators)."""
    try:
        yield
    except AuditIntegrityError:
        logger.exception("The audit log failed an integrity check while answering a regulator")
        raise Conflict(_("The audit log does not match its signed heads; the platform's operators have been "
                         "alerted."), code="audit_integrity_error") from None


def _check_order(first: int, second: int) -> None:
    if first >= second:
        raise ValidationFailed(fields={"first": [_("The first size must be smaller than the second.")]},
                               code="audit_sizes_reversed")


def _head(tree_size: int) -> TreeHead:
    head = TreeHead.objects.filter(tree_size=tree_size).first()
    if head is None:
        raise NotFound(_("No signed tree head has size %(size)s.") % {"size": tree_size},
                       code="audit_tree_head_not_found")
    return head


def _iso(moment: Any) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")

