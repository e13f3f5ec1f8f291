"""Creator commission on attributed order lines: the hook the social issue fills in (ADR 0011).

Attribution flows one way (DESIGN.md): market records which creator's hand-off led to an order and pays the
commission from its ledger. Until market records attributions, no line has a creator. Escrow release calls this
through the module (`attribution.creator_commission_for`), so a test or the later implementation replaces it
in one place.
"""

from __future__ import annotations

from lapak.market.orders.models import OrderLine


def creator_commission_for(order_line: OrderLine) -> tuple[str, int] | None:
    """(creator public id, whole rupiah) owed to the creator whose hand-off sold `order_line`, or None when the
    line was not attributed. Today: always None."""
    return None
