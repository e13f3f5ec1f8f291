"""The steps of a return, declared as data: which status leads where, and which kind of actor may take it.

    requested → accepted → shipped_back → refund_requested          (goods come back)
    requested → accepted → refund_requested                          (the seller waives the goods)
    requested → refused → disputed → accepted | rejected             (the buyer asks Lapak to decide)

A seller who does not answer in time sends the request to Lapak (disputed); a refusal not disputed in time is
rejected; a buyer who does not ship an accepted return back in time has withdrawn it. The buyer may withdraw
any open request. services.py is the one place that checks this table.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from lapak.market.orders.models import ReturnReason
from lapak.market.orders.models import ReturnStatus as R
from lapak.market.orders.transitions import BUYER, OPERATOR, SELLER, SYSTEM

RETURN_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (R.REQUESTED, R.ACCEPTED): frozenset({SELLER}),
    (R.REQUESTED, R.REFUSED): frozenset({SELLER}),
    (R.REQUESTED, R.DISPUTED): frozenset({SYSTEM}),  # the seller did not answer in time
    (R.REFUSED, R.DISPUTED): frozenset({BUYER}),
    (R.REFUSED, R.REJECTED): frozenset({SYSTEM}),  # not disputed in time
    (R.DISPUTED, R.ACCEPTED): frozenset({OPERATOR}),
    (R.DISPUTED, R.REJECTED): frozenset({OPERATOR}),
    (R.ACCEPTED, R.SHIPPED_BACK): frozenset({BUYER, SYSTEM}),  # SYSTEM: the courier scanned it first
    (R.ACCEPTED, R.REFUND_REQUESTED): frozenset({SYSTEM}),  # accepted without the goods back
    (R.SHIPPED_BACK, R.REFUND_REQUESTED): frozenset({SELLER, SYSTEM}),  # the seller or the courier says it arrived
    (R.REQUESTED, R.WITHDRAWN): frozenset({BUYER}),
    (R.REFUSED, R.WITHDRAWN): frozenset({BUYER}),
    (R.DISPUTED, R.WITHDRAWN): frozenset({BUYER}),
    (R.ACCEPTED, R.WITHDRAWN): frozenset({BUYER, SYSTEM}),  # SYSTEM: not shipped back in time
}

OPEN = frozenset({R.REQUESTED, R.ACCEPTED, R.REFUSED, R.DISPUTED, R.SHIPPED_BACK})
CLOSED = frozenset({R.REFUND_REQUESTED, R.REJECTED, R.WITHDRAWN})
# Reasons that are the seller's doing: the seller pays the way back, and a whole return refunds the shipping.
SELLER_AT_FAULT = frozenset({ReturnReason.DAMAGED, ReturnReason.DEFECTIVE, ReturnReason.WRONG_ITEM,
                             ReturnReason.MISSING_PARTS, ReturnReason.NOT_AS_DESCRIBED})
REASON_REQUIRED = frozenset({(SELLER, R.REFUSED), (OPERATOR, R.REJECTED), (OPERATOR, R.ACCEPTED)})
MAX_PHOTOS = 5
MAX_TEXT = 1000
MAX_REASON = 300  # a seller's refusal reason, shown in one line


def return_transition_allowed(source: str, target: str, actor_kind: str) -> bool:
    return actor_kind in RETURN_TRANSITIONS.get((source, target), frozenset())


def return_targets(source: str, actor_kind: str) -> list[str]:
    """Which steps to offer this actor from `source` (for buttons)."""
    return [t for (s, t), kinds in RETURN_TRANSITIONS.items() if s == source and actor_kind in kinds]


def answer_within() -> timedelta:
    """How long a seller has to accept or refuse a return request before Lapak decides."""
    return getattr(settings, "RETURN_ANSWER_WITHIN", timedelta(days=2))


def dispute_within() -> timedelta:
    """How long a buyer has to ask Lapak to look at a refusal."""
    return getattr(settings, "RETURN_DISPUTE_WITHIN", timedelta(days=2))


def ship_back_within() -> timedelta:
    """How long a buyer has to hand an accepted return to the courier."""
    return getattr(settings, "RETURN_SHIP_BACK_WITHIN", timedelta(days=3))


def refund_within() -> timedelta:
    """ID-CON-2: compensation within 7 days."""
    return timedelta(days=7)
