"""Reads for the seller centre's money page and oversight: a shop's balances and its escrow releases."""

from __future__ import annotations

from django.db.models import QuerySet

from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.selectors import ledger_balance, ledger_balances_total
from lapak.market.orders.models import SellerOrder
from lapak.market.payments.models_release import EscrowRelease
from lapak.market.sellers.models import SellerOrganisation


def seller_balances(organisation: SellerOrganisation) -> dict[str, int]:
    """{"payable": what Lapak owes the shop now (released, not yet paid out), "pending_escrow": what its buyers
    paid that is still held for seller orders not yet released}. Whole rupiah; two queries."""
    unreleased = (SellerOrder.objects.filter(seller=organisation, escrow_release__isnull=True)
                  .values_list("public_id", flat=True))
    return {"payable": ledger_balance(kind=AccountKind.SELLER_PAYABLE, owner_ref=organisation.public_id),
            "pending_escrow": ledger_balances_total(kind=AccountKind.ESCROW, owner_refs=unreleased)}


def releases_of(organisation: SellerOrganisation) -> QuerySet[EscrowRelease]:
    """The shop's escrow releases, newest first, with their seller orders."""
    return (EscrowRelease.objects.filter(seller=organisation).select_related("seller_order")
            .order_by("-released_at", "-pk"))
