"""Reads of the ledger. Balances come from the accounts' snapshots: one primary-key read, never a scan."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet, Sum

from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import Account, JournalEntry, Posting


def account_balance(account: Account) -> int:
    """The account's balance on its normal side, read fresh from the database (not from the instance):
    what Lapak holds for an asset, what it owes for a liability, what it earned for revenue."""
    net_debit = Account.objects.filter(pk=account.pk).values_list("balance", flat=True).get()
    return account.account_kind.side.sign * net_debit


def ledger_balance(*, kind: AccountKind | str, owner_ref: str = "") -> int:
    """The balance of the (kind, owner_ref) account on its normal side; 0 when it does not exist yet."""
    kind = AccountKind(kind)
    net_debit = Account.objects.filter(kind=kind.value, owner_ref=owner_ref).values_list("balance", flat=True).first()
    return kind.side.sign * (net_debit or 0)


def ledger_balances_total(*, kind: AccountKind | str, owner_refs: Iterable[str] | QuerySet) -> int:
    """The sum of the balances (normal side) of the `kind` accounts of these owners, in one query; owners
    without an account count 0. `owner_refs` may be a values_list queryset (a subquery)."""
    kind = AccountKind(kind)
    total = (Account.objects.filter(kind=kind.value, owner_ref__in=owner_refs)
             .aggregate(total=Sum("balance"))["total"])
    return kind.side.sign * (total or 0)


def account_find(*, kind: AccountKind | str, owner_ref: str = "") -> Account | None:
    """The (kind, owner_ref) account if it exists; never creates one."""
    return Account.objects.filter(kind=AccountKind(kind).value, owner_ref=owner_ref).first()


def entries_for_cause(*, cause_type: str, cause_id: str) -> QuerySet[JournalEntry]:
    """The entries a business event caused, oldest first."""
    return JournalEntry.objects.filter(cause_type=cause_type, cause_id=cause_id).order_by("pk")


def account_postings(account: Account) -> QuerySet[Posting]:
    """The account's postings, newest first, each with its entry and the balance after it (a statement)."""
    return Posting.objects.filter(account=account).select_related("entry").order_by("-pk")
