"""Reads of creator payouts: the signed-in creator's payout account and payouts, and what they are owed."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from lapak.market.affiliates.models_payouts import CreatorPayout, CreatorPayoutAccount
from lapak.market.affiliates.services_payouts import HOLD_AFTER_CHANGE
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.selectors import ledger_balance


def _ref(creator: object) -> str:
    return getattr(creator, "public_id", None) or "-"


def payout_account_of(*, creator: object) -> CreatorPayoutAccount | None:
    """The creator's current payout account (its number masked only), or None."""
    return CreatorPayoutAccount.objects.filter(creator=_ref(creator), is_current=True).first()


def payout_account_hold_until(account: CreatorPayoutAccount, *, now: datetime | None = None) -> datetime | None:
    """When payouts to a newly set account may start, or None when they already may."""
    until = account.created_at + HOLD_AFTER_CHANGE
    return until if until > (now or timezone.now()) else None


def creator_payouts_of(*, creator: object) -> QuerySet[CreatorPayout]:
    return CreatorPayout.objects.filter(creator=_ref(creator)).select_related("account").order_by("-batch_date",
                                                                                                  "-pk")


def creator_balances(*, creator: object) -> dict[str, int]:
    """Rupiah owed to the creator and not yet sent (payable), and on its way to their bank (in transit)."""
    ref = _ref(creator)
    return {"payable": ledger_balance(kind=AccountKind.CREATOR_PAYABLE, owner_ref=ref),
            "in_transit": ledger_balance(kind=AccountKind.PAYOUTS_IN_TRANSIT, owner_ref=ref)}
