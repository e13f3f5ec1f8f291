"""Reads for the seller centre: a shop's payouts, and the statement of its payable account."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import Posting
from lapak.market.ledger.selectors import account_find, ledger_balance
from lapak.market.payments.models_payouts import Payout
from lapak.market.sellers.models import SellerOrganisation


def payouts_of(organisation: SellerOrganisation) -> QuerySet[Payout]:
    """The shop's payouts, newest first."""
    return Payout.objects.filter(seller=organisation).order_by("-batch_date", "-pk")


def payouts_in_transit_of(organisation: SellerOrganisation) -> int:
    """What the shop's payouts have taken from its balance and the bank has not yet confirmed paid."""
    return ledger_balance(kind=AccountKind.PAYOUTS_IN_TRANSIT, owner_ref=organisation.public_id)


@dataclass(frozen=True)
class StatementRow:
    at: datetime
    entry: str
    cause_type: str
    cause_id: str
    memo: str
    amount: int  # + money owed to the shop grew, − it shrank (released, paid out, clawed back)
    balance_after: int


def statement_rows(organisation: SellerOrganisation, *, start: date, end: date) -> Iterator[StatementRow]:
    """The postings of the shop's seller payable account from `start` to `end` (both days included, in the
    site's time zone), oldest first, as the shop reads them: credits to it are positive. Streams in chunks."""
    account = account_find(kind=AccountKind.SELLER_PAYABLE, owner_ref=organisation.public_id)
    if account is None:
        return
    zone = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    sign = account.account_kind.side.sign
    postings = (Posting.objects.filter(account=account, entry__created_at__gte=since, entry__created_at__lt=until)
                .select_related("entry").order_by("pk"))
    for posting in postings.iterator(chunk_size=2000):
        entry = posting.entry
        yield StatementRow(at=entry.created_at, entry=entry.public_id, cause_type=entry.cause_type,
                           cause_id=entry.cause_id, memo=entry.memo, amount=sign * posting.amount,
                           balance_after=sign * posting.balance_after)
