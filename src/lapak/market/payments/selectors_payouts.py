"""Reads for the seller centre: a shop's payouts, what it owes Lapak, and the statement of its accounts.

The statement covers two ledger accounts of the shop: its seller payable ("balance": what Lapak owes it) and
its seller receivable ("owed": what it owes Lapak after a refund clawed back money already paid out). Each
row is one posting on one of them, with the change and the balance after of that account, as the shop reads
it (positive balances; + when the account grew).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import Account, Posting
from lapak.market.ledger.selectors import account_find, ledger_balance
from lapak.market.payments.models_payouts import Payout
from lapak.market.payments.models_release import EscrowRelease
from lapak.market.sellers.models import SellerOrganisation

BALANCE, OWED = "balance", "owed"  # the statement's two accounts: seller payable, seller receivable
_ACCOUNTS = ((BALANCE, AccountKind.SELLER_PAYABLE), (OWED, AccountKind.SELLER_RECEIVABLE))
REFUND_CAUSE = "refund_request"
NETTING_CAUSE = "receivable_netting"  # payouts_netting.CAUSE (selectors do not import services)


def payouts_of(organisation: SellerOrganisation) -> QuerySet[Payout]:
    """The shop's payouts, newest first."""
    return Payout.objects.filter(seller=organisation).order_by("-batch_date", "-pk")


def payouts_in_transit_of(organisation: SellerOrganisation) -> int:
    """What the shop's payouts have taken from its balance and the bank has not yet confirmed paid."""
    return ledger_balance(kind=AccountKind.PAYOUTS_IN_TRANSIT, owner_ref=organisation.public_id)


def owed_to_lapak(organisation: SellerOrganisation) -> int:
    """What the shop owes Lapak now (its seller receivable): set off against its balance at the next payout."""
    return ledger_balance(kind=AccountKind.SELLER_RECEIVABLE, owner_ref=organisation.public_id)


@dataclass(frozen=True)
class Netting:
    at: datetime
    amount: int


def nettings_of(organisation: SellerOrganisation, *, limit: int = 20) -> list[Netting]:
    """The latest settlements of what the shop owed Lapak from its balance, newest first."""
    account = account_find(kind=AccountKind.SELLER_PAYABLE, owner_ref=organisation.public_id)
    if account is None:
        return []
    postings = (Posting.objects.filter(account=account, entry__cause_type=NETTING_CAUSE)
                .select_related("entry").order_by("-pk")[:limit])
    return [Netting(at=p.entry.created_at, amount=p.amount) for p in postings]


@dataclass(frozen=True)
class StatementRow:
    at: datetime
    entry: str
    cause_type: str
    cause_id: str
    memo: str
    amount: int  # the change of `account` as the shop reads it: + it grew, − it shrank
    balance_after: int  # that account's balance after the posting
    account: str = BALANCE  # BALANCE (what Lapak owes the shop) or OWED (what the shop owes Lapak)
    reversal: bool = False  # the entry undoes an earlier one (a payout refused by the bank)


@dataclass(frozen=True)
class StatementSummary:
    """The period's figures around the rows: opening and closing of both accounts, and what the shop's tax
    return needs (ID-TAX-2): commission and PPh 22 withheld on the escrow releases of the period, and the PPh 22
    given back by refunds after release in the period."""

    opening_balance: int
    closing_balance: int
    opening_owed: int
    closing_owed: int
    releases: int
    goods: int
    commission: int
    pph22: int
    pph22_returned: int
    netted: int  # set off between the two accounts in the period


def _span(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (datetime.combine(start, time.min, tzinfo=zone),
            datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone))


def _accounts(organisation: SellerOrganisation) -> dict[int, tuple[str, Account]]:
    found = {}
    for label, kind in _ACCOUNTS:
        account = account_find(kind=kind, owner_ref=organisation.public_id)
        if account is not None:
            found[account.pk] = (label, account)
    return found


def _in_period(accounts: dict, start: date, end: date) -> QuerySet[Posting]:
    since, until = _span(start, end)
    return Posting.objects.filter(account_id__in=list(accounts), entry__created_at__gte=since,
                                  entry__created_at__lt=until)


def statement_rows(organisation: SellerOrganisation, *, start: date, end: date) -> Iterator[StatementRow]:
    """The postings of the shop's payable and receivable from `start` to `end` (both days included, in the
    site's time zone), oldest first. Streams in chunks."""
    accounts = _accounts(organisation)
    if not accounts:
        return
    postings = _in_period(accounts, start, end).select_related("entry").order_by("pk")
    for posting in postings.iterator(chunk_size=2000):
        label, account = accounts[posting.account_id]
        sign = account.account_kind.side.sign
        # The receivable is an asset of Lapak: its debit means the shop owes more, which the shop reads as +.
        entry = posting.entry
        yield StatementRow(at=entry.created_at, entry=entry.public_id, cause_type=entry.cause_type,
                           cause_id=entry.cause_id, memo=entry.memo, amount=sign * posting.amount,
                           balance_after=sign * posting.balance_after, account=label,
                           reversal=entry.reverses_id is not None)


def statement_count(organisation: SellerOrganisation, *, start: date, end: date) -> int:
    """How many rows `statement_rows` would give (one count query)."""
    accounts = _accounts(organisation)
    return _in_period(accounts, start, end).count() if accounts else 0


def _balance_before(account: Account | None, moment: datetime) -> int:
    if account is None:
        return 0
    last = (Posting.objects.filter(account=account, entry__created_at__lt=moment).order_by("-pk")
            .values_list("balance_after", flat=True).first())
    return account.account_kind.side.sign * (last or 0)


def statement_summary(organisation: SellerOrganisation, *, start: date, end: date) -> StatementSummary:
    """The figures around the statement's rows for the same period (see StatementSummary)."""
    accounts = _accounts(organisation)
    by_label = {label: account for label, account in accounts.values()}
    since, until = _span(start, end)
    releases = (EscrowRelease.objects.filter(seller=organisation, released_at__gte=since, released_at__lt=until)
                .aggregate(n=Count("pk"), goods=Sum("gross"), commission=Sum("commission"), pph22=Sum("pph22")))
    period = _in_period(accounts, start, end) if accounts else Posting.objects.none()
    refund_entries = period.filter(entry__cause_type=REFUND_CAUSE).values("entry_id")
    pph22_returned = (Posting.objects.filter(entry_id__in=refund_entries, account__kind=AccountKind.PPH22_PAYABLE)
                      .aggregate(total=Sum("amount"))["total"])
    netted = (period.filter(entry__cause_type=NETTING_CAUSE, account__kind=AccountKind.SELLER_RECEIVABLE)
              .aggregate(total=Sum("amount"))["total"])
    return StatementSummary(
        opening_balance=_balance_before(by_label.get(BALANCE), since),
        closing_balance=_balance_before(by_label.get(BALANCE), until),
        opening_owed=_balance_before(by_label.get(OWED), since),
        closing_owed=_balance_before(by_label.get(OWED), until),
        releases=releases["n"] or 0, goods=releases["goods"] or 0, commission=releases["commission"] or 0,
        pph22=releases["pph22"] or 0, pph22_returned=pph22_returned or 0, netted=-(netted or 0))
