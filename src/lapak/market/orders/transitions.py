"""The order lifecycle, declared as data: which step leads where, and which kind of actor may take it.

    awaiting_payment → paid → accepted → shipped → delivered → completed     (per seller order)

Cancelling: the buyer before the seller accepts; the seller with a reason (before shipping); the system when
an order is unpaid past its due time or a seller order is not accepted or shipped in time. The buyer's Order
follows its seller orders: paid when payment arrives, completed or cancelled once every seller order is closed.
services/transitions.py is the one place that checks these tables.
"""

from __future__ import annotations

from lapak.market.orders.models import OrderStatus as O
from lapak.market.orders.models import SellerOrderStatus as S

BUYER = "buyer"
SELLER = "seller"
OPERATOR = "operator"
SYSTEM = "system"  # payment events, the courier's tracking, timers: never a caller

ORDER_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (O.AWAITING_PAYMENT, O.PAID): frozenset({SYSTEM}),
    (O.AWAITING_PAYMENT, O.CANCELLED): frozenset({BUYER, SYSTEM}),
    (O.PAID, O.COMPLETED): frozenset({SYSTEM}),  # every seller order completed (or some cancelled)
    (O.PAID, O.CANCELLED): frozenset({SYSTEM}),  # every seller order cancelled
}

SELLER_ORDER_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.AWAITING_PAYMENT, S.PAID): frozenset({SYSTEM}),
    (S.AWAITING_PAYMENT, S.CANCELLED): frozenset({BUYER, SYSTEM}),
    (S.PAID, S.ACCEPTED): frozenset({SELLER}),
    (S.PAID, S.CANCELLED): frozenset({BUYER, SELLER, OPERATOR, SYSTEM}),
    (S.ACCEPTED, S.SHIPPED): frozenset({SELLER, SYSTEM}),  # SYSTEM: the courier reports a pickup first
    (S.ACCEPTED, S.CANCELLED): frozenset({SELLER, OPERATOR, SYSTEM}),
    (S.SHIPPED, S.DELIVERED): frozenset({SYSTEM, OPERATOR}),
    # The courier brought the parcel back to the shop (refused at the door, nobody home, address not found): the
    # units are back on the shelf and the buyer gets their money back (payments follows this). Only the courier's
    # word does it: a parcel lost on the way is not back on the shelf, and needs a stock write-off instead.
    (S.SHIPPED, S.CANCELLED): frozenset({SYSTEM}),
    (S.DELIVERED, S.COMPLETED): frozenset({BUYER, SYSTEM}),
}

# A seller who cancels must say why; the buyer sees the reason.
REASON_REQUIRED: frozenset[tuple[str, str]] = frozenset({(SELLER, S.CANCELLED), (OPERATOR, S.CANCELLED)})

ORDER_CLOSED = frozenset({O.COMPLETED, O.CANCELLED})
SELLER_ORDER_CLOSED = frozenset({S.COMPLETED, S.CANCELLED})

ACTOR_KINDS = frozenset({BUYER, SELLER, OPERATOR, SYSTEM})


def order_transition_allowed(source: str, target: str, actor_kind: str) -> bool:
    return actor_kind in ORDER_TRANSITIONS.get((source, target), frozenset())


def seller_order_transition_allowed(source: str, target: str, actor_kind: str) -> bool:
    return actor_kind in SELLER_ORDER_TRANSITIONS.get((source, target), frozenset())


def seller_order_targets(source: str, actor_kind: str) -> list[str]:
    """Which steps to offer this actor from `source` (for buttons)."""
    return [t for (s, t), kinds in SELLER_ORDER_TRANSITIONS.items() if s == source and actor_kind in kinds]
