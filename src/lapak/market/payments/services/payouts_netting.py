"""Netting a seller's receivable against its payable before a payout (issue 6 part 6, ADR 0012).

A refund after escrow release claws money back from the seller; when the seller's payable was already paid out,
the rest becomes a seller receivable (refunds_ledger.py): the shop owes Lapak. Before a batch pays the shop, the
receivable is settled from the payable, so Lapak never pays out money the shop owes it: one entry, debit seller
payable, credit seller receivable, for the smaller of the two. New escrow released into the payable while a
receivable exists is netted by the next batch, not at release (release stays a single-purpose entry).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.lock_objects import accounts_lock
from lapak.market.ledger.models import JournalEntry
from lapak.market.ledger.selectors import account_find
from lapak.market.ledger.services import credit, debit, ledger_post
from lapak.market.sellers.models import SellerOrganisation

CAUSE = "receivable_netting"


def netting_key(organisation: SellerOrganisation, batch_date: date) -> str:
    return f"payout.net:{organisation.public_id}:{batch_date.isoformat()}"


def receivable_net(*, organisation: SellerOrganisation, batch_date: date) -> JournalEntry | None:
    """Settles what the shop owes Lapak (its seller receivable) from what Lapak owes it (its seller payable).

    Guarantees: at most one netting entry per shop per batch day (key "payout.net:<org>:<day>"; a repeated or
    concurrent call returns the first entry, or None when that day needed none); the amount is the smaller of
    the two balances read under the accounts' row locks, so neither account crosses zero however other
    entries interleave; None, and nothing written, when either balance is zero."""
    payable = account_find(kind=AccountKind.SELLER_PAYABLE, owner_ref=organisation.public_id)
    receivable = account_find(kind=AccountKind.SELLER_RECEIVABLE, owner_ref=organisation.public_id)
    if payable is None or receivable is None:
        return None
    key = netting_key(organisation, batch_date)
    with transaction.atomic():
        locked = accounts_lock([payable.pk, receivable.pk])
        # Under the locks: a racing batch that netted first has committed its entry by now.
        if (done := JournalEntry.objects.filter(key=key).first()) is not None:
            return done
        owed_to_shop = AccountKind.SELLER_PAYABLE.side.sign * locked[payable.pk].balance
        owed_to_lapak = AccountKind.SELLER_RECEIVABLE.side.sign * locked[receivable.pk].balance
        amount = min(owed_to_shop, owed_to_lapak)
        if amount <= 0:
            return None
        return ledger_post(key=key, cause_type=CAUSE, cause_id=organisation.public_id,
                           memo=f"receivable of {organisation.public_id} set off against its payable",
                           postings=[debit(payable, amount), credit(receivable, amount)])
