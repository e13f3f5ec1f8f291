"""The listing lifecycle, declared as data: which step leads where and who may take it.

A seller submits a draft; the submission asks the compliance engine at once, so it normally lands in
active (allow) or refused (deny); a "review" answer leaves it submitted for an operator to decide. A
refused listing goes back to draft for edits. Active and paused alternate at the seller's wish, and
resuming asks the engine again (the rules may have changed while it was paused). Removal is final.
"""

from __future__ import annotations

from lapak.market.catalog.models import ListingStatus as S

SELLER = "seller"
OPERATOR = "operator"
SYSTEM = "system"  # the compliance decision itself, never a caller

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.DRAFT, S.SUBMITTED): frozenset({SELLER}),
    (S.SUBMITTED, S.ACTIVE): frozenset({OPERATOR, SYSTEM}),
    (S.SUBMITTED, S.REFUSED): frozenset({OPERATOR, SYSTEM}),
    (S.REFUSED, S.DRAFT): frozenset({SELLER}),
    (S.ACTIVE, S.PAUSED): frozenset({SELLER, OPERATOR, SYSTEM}),  # SYSTEM: a re-evaluation after the rules changed
    (S.PAUSED, S.ACTIVE): frozenset({SELLER, SYSTEM}),  # SYSTEM: an operator overrode the refusal that paused it
    (S.REFUSED, S.ACTIVE): frozenset({SYSTEM}),  # an operator overrode the refusal (handlers.listing_follow_override)
    (S.ACTIVE, S.REFUSED): frozenset({SYSTEM}),  # an edit of a live listing that the rules no longer allow
    (S.PAUSED, S.REFUSED): frozenset({SYSTEM}),  # resuming, when the rules no longer allow the listing
    (S.DRAFT, S.REMOVED): frozenset({SELLER, OPERATOR}),
    (S.REFUSED, S.REMOVED): frozenset({SELLER, OPERATOR}),
    (S.ACTIVE, S.REMOVED): frozenset({SELLER, OPERATOR}),
    (S.PAUSED, S.REMOVED): frozenset({SELLER, OPERATOR}),
}

# States whose content the seller may change; a submitted listing waits for its decision, a removed one is gone.
EDITABLE = frozenset({S.DRAFT, S.REFUSED, S.ACTIVE, S.PAUSED})


def transition_allowed(source: str, target: str, actor_kind: str) -> bool:
    return actor_kind in TRANSITIONS.get((source, target), frozenset())


def allowed_targets(source: str, actor_kind: str) -> list[str]:
    """Which steps to offer this actor from `source` (for buttons)."""
    return [target for (src, target), kinds in TRANSITIONS.items() if src == source and actor_kind in kinds]
