"""`ledger_check`: proves the ledger's invariants from the rows themselves (run by `manage.py ledger_check`).

Each check is one set-based query over the whole ledger, so it suits a nightly job or an operator's command,
not a request. At most `LIMIT` problems are listed per check.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import Coalesce

from lapak.market.ledger.kinds import NON_NEGATIVE_KINDS
from lapak.market.ledger.models import Account, JournalEntry, Posting

LIMIT = 100


@dataclass(frozen=True)
class Problem:
    code: str  # unbalanced_entry, currency_mismatch, snapshot_mismatch, running_balance_mismatch, negative_balance
    subject: str  # the entry's or account's public id
    message: str

    def __str__(self) -> str:
        return f"{self.code} {self.subject}: {self.message}"


def ledger_check() -> list[Problem]:
    """Every problem found: entries that do not balance (or have fewer than two postings), postings in another
    currency than their entry, account snapshots that differ from the sum of their postings, postings whose
    recorded running balance is wrong, and accounts below zero that may not go negative. Empty means sound."""
    return [*_unbalanced_entries(), *_currency_mismatches(), *_snapshot_mismatches(), *_running_balance_mismatches(),
            *_negative_accounts()]


def _unbalanced_entries() -> list[Problem]:
    rows = (JournalEntry.objects.annotate(legs=Count("postings"), total=Coalesce(Sum("postings__amount"), 0))
            .filter(Q(legs__lt=2) | ~Q(total=0)).order_by("pk").values_list("public_id", "legs", "total")[:LIMIT])
    return [Problem("unbalanced_entry", public_id, f"{legs} postings summing to {total}")
            for public_id, legs, total in rows]


def _currency_mismatches() -> list[Problem]:
    rows = (Posting.objects.exclude(account__currency=F("entry__currency")).order_by("pk")
            .values_list("entry__public_id", "account__public_id")[:LIMIT])
    return [Problem("currency_mismatch", entry, f"posting on {account} is in another currency than its entry")
            for entry, account in rows]


def _snapshot_mismatches() -> list[Problem]:
    rows = (Account.objects.annotate(total=Coalesce(Sum("postings__amount"), 0), legs=Count("postings"))
            .filter(~Q(balance=F("total")) | ~Q(posting_count=F("legs"))).order_by("pk")
            .values_list("public_id", "balance", "total", "posting_count", "legs")[:LIMIT])
    return [Problem("snapshot_mismatch", public_id,
                    f"snapshot {balance} over {count} postings, postings sum to {total} over {legs}")
            for public_id, balance, total, count, legs in rows]


def _running_balance_mismatches() -> list[Problem]:
    running = Window(Sum("amount"), partition_by=[F("account_id")], order_by=F("id").asc())
    rows = (Posting.objects.annotate(running=running).filter(~Q(balance_after=F("running"))).order_by("pk")
            .values_list("entry__public_id", "account__public_id", "balance_after", "running")[:LIMIT])
    return [Problem("running_balance_mismatch", entry, f"posting on {account} records {after}, the sum is {total}")
            for entry, account, after, total in rows]


def _negative_accounts() -> list[Problem]:
    # Net debit is stored: an asset below zero has balance < 0, a liability below zero has balance > 0.
    debit_normal = [kind.value for kind in NON_NEGATIVE_KINDS if kind.side.sign > 0]
    credit_normal = [kind.value for kind in NON_NEGATIVE_KINDS if kind.side.sign < 0]
    below_zero = Q(kind__in=debit_normal, balance__lt=0) | Q(kind__in=credit_normal, balance__gt=0)
    return [Problem("negative_balance", account.public_id,
                    f"{account} is at {account.account_kind.side.sign * account.balance}")
            for account in Account.objects.filter(below_zero).order_by("pk")[:LIMIT]]
