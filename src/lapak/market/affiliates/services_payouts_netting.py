"""Netting what a creator owes Lapak against what Lapak owes them, before a creator payout (issue 8, part 6).

A refund after escrow release claws back the creator's commission on the refunded goods; when that commission
was already taken by a payout, the rest becomes a receivable of the creator (payments.services.refunds_ledger:
kind SELLER_RECEIVABLE, owner the creator's account public id). Before a batch pays the creator, the receivable
is settled from their payable — one entry, debit creator payable, credit the receivable, for the smaller of the
two — so Lapak never pays out commission the creator owes back. As payments.services.payouts_netting does for
shops.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.lock_objects import accounts_lock
from lapak.market.ledger.models import JournalEntry
from lapak.market.ledger.selectors import account_find
from lapak.market.ledger.services import credit, debit, ledger_post

CAUSE = "creator_receivable_netting"


def creator_netting_key(creator: str, batch_date: date) -> str:
    return f"creator_payout.net:{creator}:{batch_date.isoformat()}"


def creator_receivable_net(*, creator: str, batch_date: date) -> JournalEntry | None:
    """Settles the creator's receivable from their creator payable.

    Guarantees: at most one netting entry per creator per batch day (key "creator_payout.net:<creator>:<day>";
    a repeated or concurrent call returns the first entry, or None when that day needed none); the amount is the
    smaller of the two balances read under the accounts' row locks, so neither crosses zero; None, and nothing
    written, when either is zero."""
    payable = account_find(kind=AccountKind.CREATOR_PAYABLE, owner_ref=creator)
    receivable = account_find(kind=AccountKind.SELLER_RECEIVABLE, owner_ref=creator)
    if payable is None or receivable is None:
        return None
    key = creator_netting_key(creator, batch_date)
    with transaction.atomic():
        locked = accounts_lock([payable.pk, receivable.pk])
        if (done := JournalEntry.objects.filter(key=key).first()) is not None:
            return done
        owed_to_creator = AccountKind.CREATOR_PAYABLE.side.sign * locked[payable.pk].balance
        owed_to_lapak = AccountKind.SELLER_RECEIVABLE.side.sign * locked[receivable.pk].balance
        amount = min(owed_to_creator, owed_to_lapak)
        if amount <= 0:
            return None
        return ledger_post(key=key, cause_type=CAUSE, cause_id=creator,
                           memo=f"commission {creator} owes back set off against their payable",
                           postings=[debit(payable, amount), credit(receivable, amount)])
