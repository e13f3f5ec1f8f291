"""Which audit-log leaves a reader of the evidence exports may see the data of (issue 9, part 3: "sellers
pseudonymous unless a recorded legal request names them; no identity data ever"; ADR 0016).

The leaf data of most events would break that promise: orders carry buyer user ids, seller events carry the
seller's org id (which the public catalogue shows next to the shop name), tax certificate numbers, payout amounts
and operators' free text. The Merkle tree needs only the leaf hash, so every leaf is exported, but its data only
when this policy says so. A leaf's data is disclosed to a reader of jurisdiction J when the event's jurisdiction
is J and either

- its action is a platform-level action on the allowlist below (rules, reference data and switches, the category
  tree, signing-key rotations, the portal's own records), and its data names no seller organisation this reader
  may not see named (a kill switch's pilot lists the org ids of the sellers in the pilot; the switch figure shows
  only how many); or
- its subject is a seller organisation that a legal request in force names to this reader
  (`legal_request_named_sellers`; regulators only, never operators, as in the figures).

Some allowlisted actions are platform-wide: exchange rates, the category tree and key rotations are logged with no
jurisdiction (""), and they apply to every jurisdiction, so those (PLATFORM_WIDE_ACTIONS) are disclosed to every
reader. Everything else is withheld: leaf hash only, with the reason `other_jurisdiction` (an event of another
jurisdiction) or `not_disclosed`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lapak.core.audit.encoding import LEAF_FIELDS, LEAF_FORMAT, format_timestamp
from lapak.core.audit.models import AuditEvent
from lapak.oversight.pricing.selectors import legal_request_named_sellers

# Exact actions, and prefixes ending in "." standing for every action under them. Keep this list to actions whose
# data is about the platform's rules and machinery, never about a seller, a buyer or another person's account.
DISCLOSED_ACTIONS: tuple[str, ...] = (
    "compliance.switch.changed",  # kill switches and pilots
    "compliance.rate.",  # exchange rates
    "compliance.hs_list.",  # HS code lists (restricted imports)
    "compliance.rule_version.",  # compliance rule versions
    "compliance.holiday.",  # public holidays (SLA clocks)
    "compliance.certificate_requirement.",  # certificates a category requires
    "catalog.category.",  # the category tree
    "audit.",  # the audit log's own signing-key rotations
    "identity.key_rotation",  # the identity vault's key rotations (counts only)
    "oversight.query",  # every query a reader made of the portal
    "oversight.workforce_record",  # the platform's workforce figure for the quarterly report
)
# The allowlisted actions logged without a jurisdiction ("") because they hold for every jurisdiction.
PLATFORM_WIDE_ACTIONS: tuple[str, ...] = ("compliance.rate.", "catalog.category.", "audit.", "identity.key_rotation")
# Audit subject types whose subject_id is a seller organisation's public id (org_…).
SELLER_SUBJECT_TYPES = frozenset({"seller_organisation", "seller"})
SELLER_ID_PREFIX = "org_"  # SellerOrganisation.public_id

OTHER_JURISDICTION = "other_jurisdiction"
NOT_DISCLOSED = "not_disclosed"


def action_disclosed(action: str, allowlist: tuple[str, ...] = DISCLOSED_ACTIONS) -> bool:
    """Whether `action` is on the allowlist (an exact action, or under a prefix ending in ".")."""
    return any(action == entry or (entry.endswith(".") and action.startswith(entry)) for entry in allowlist)


@dataclass(frozen=True)
class LeafDisclosure:
    """The policy for one reader of one jurisdiction, fixed when the export starts (a segment is streamed, so a
    legal request expiring mid-export does not change the file half way)."""

    jurisdiction: str
    named_sellers: frozenset[str]

    def withheld_reason(self, event: AuditEvent) -> str | None:
        """None when the event's data may be shown to this reader; else why it is withheld."""
        if event.jurisdiction == "":
            platform_wide = action_disclosed(event.action, PLATFORM_WIDE_ACTIONS)
            return None if platform_wide and self._names_only_named_sellers(event) else NOT_DISCLOSED
        if event.jurisdiction != self.jurisdiction:
            return OTHER_JURISDICTION
        if action_disclosed(event.action) and self._names_only_named_sellers(event):
            return None
        if event.subject_type in SELLER_SUBJECT_TYPES and event.subject_id in self.named_sellers:
            return None
        return NOT_DISCLOSED

    def segment_leaf(self, event: AuditEvent) -> dict[str, Any]:
        """The leaf as a segment carries it: its data, or `"redacted": true` and the reason."""
        leaf: dict[str, Any] = {"leaf_index": event.leaf_index, "leaf_hash": event.leaf_hash}
        reason = self.withheld_reason(event)
        if reason is None:
            leaf["data"] = leaf_record(event)
        else:
            leaf["redacted"], leaf["reason"] = True, reason
        return leaf

    def _names_only_named_sellers(self, event: AuditEvent) -> bool:
        # A safety net under the allowlist: the data is all or nothing (its hash covers every field), so one seller
        # id this reader may not see named withholds the whole leaf.
        values = (event.actor, event.subject_id, event.before, event.after, event.decision)
        return all(text in self.named_sellers for text in _strings(values) if text.startswith(SELLER_ID_PREFIX))


def leaf_disclosure(*, reader: object, jurisdiction: str) -> LeafDisclosure:
    """The disclosure policy for `reader` reading `jurisdiction` (already scoped by `scope_jurisdiction`)."""
    return LeafDisclosure(jurisdiction=jurisdiction,
                          named_sellers=legal_request_named_sellers(user=reader, jurisdiction=jurisdiction))


def leaf_record(event: AuditEvent) -> dict[str, Any]:
    """The event's leaf data (ADR 0004, format 1) as an object: its canonical JSON is what the leaf hash covers."""
    fields = event.leaf_fields()
    record = {name: fields[name] for name in LEAF_FIELDS}
    record["occurred_at"] = format_timestamp(record["occurred_at"])
    record["format"] = LEAF_FORMAT
    return record


def _strings(value: Any) -> Iterator[str]:
    """Every string in a JSON-like value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
