"""Ground for the creator payout tests (no tests here): a creator with commission in their payable (posted as
escrow release leaves it), and a payout account old enough to be paid."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.market.affiliates.models_payouts import CreatorPayout, CreatorPayoutAccount
from lapak.market.affiliates.services_payouts import creator_payout_account_set
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.ledger.services import credit, debit, ledger_account, ledger_post


def fund(creator, amount: int, key: str = "") -> None:
    """`amount` rupiah into the creator's payable, from the gateway (as a released order's commission)."""
    ledger_post(key=key or f"test-fund:{creator.public_id}:{amount}", cause_type="test", cause_id=creator.public_id,
                postings=[debit(ledger_account(kind=AccountKind.GATEWAY_CLEARING, owner_ref="midtrans"), amount),
                          credit(ledger_account(kind=AccountKind.CREATOR_PAYABLE, owner_ref=creator.public_id),
                                 amount)])


def payable(creator) -> int:
    return ledger_balance(kind=AccountKind.CREATOR_PAYABLE, owner_ref=creator.public_id)


def in_transit(creator) -> int:
    return ledger_balance(kind=AccountKind.PAYOUTS_IN_TRANSIT, owner_ref=creator.public_id)


def clearing() -> int:
    return ledger_balance(kind=AccountKind.GATEWAY_CLEARING, owner_ref="midtrans")


def ready(creator, *, number: str = "1234567890") -> CreatorPayoutAccount:
    """A payout account set through the service, two days ago (past the 24-hour hold)."""
    account = creator_payout_account_set(actor=creator, bank_code="BCA", account_number=number,
                                         holder_name="Rizky Pratama")
    CreatorPayoutAccount.objects.filter(pk=account.pk).update(created_at=timezone.now() - timedelta(days=2))
    return account


@pytest.fixture(name="creator")
def creator_fixture(make_user):
    return make_user(email="rizky@example.test", roles=["creator"])


@pytest.fixture(name="registered")
def registered_fixture():
    """The creator payouts registered with payments' callback lookup, as AffiliatesConfig.ready() does."""
    from lapak.market.payments.services.payouts_disburse import _payout_models, payout_model_register

    wired_before = CreatorPayout in _payout_models
    payout_model_register(CreatorPayout)
    yield
    if not wired_before:
        _payout_models.remove(CreatorPayout)
