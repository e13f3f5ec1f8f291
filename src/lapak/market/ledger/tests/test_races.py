"""Threads racing on one account, on a real database (PostgreSQL row locks; SQLite's BEGIN IMMEDIATE)."""

from __future__ import annotations

import pytest

from lapak.core.errors import Conflict
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.errors import InsufficientBalance
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import Account, JournalEntry, Posting
from lapak.market.ledger.selectors import account_balance
from lapak.market.ledger.services import credit, debit, ledger_account, ledger_post
from lapak.market.ledger.tests.conftest import race

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8


def test_concurrent_postings_to_one_account_add_up_exactly(racing_db):
    seller = ledger_account(kind=AccountKind.SELLER_PAYABLE, owner_ref="org_HOT")
    escrows = [ledger_account(kind=AccountKind.ESCROW, owner_ref=f"so_{i}") for i in range(THREADS)]
    gateway = ledger_account(kind=AccountKind.GATEWAY_CLEARING, owner_ref="sandbox")

    def pay_and_release(i: int) -> int:
        for n in range(3):  # each thread: several entries, each touching the hot seller account
            amount = 1_000 * (i + 1) + n
            ledger_post(key=f"pay-{i}-{n}", cause_type="payment_notification", cause_id=f"{i}-{n}",
                        postings=[debit(gateway, amount), credit(escrows[i], amount)])
            ledger_post(key=f"release-{i}-{n}", cause_type="seller_order", cause_id=f"{i}-{n}",
                        postings=[debit(escrows[i], amount), credit(seller, amount)])
        return i

    results = race([lambda i=i: pay_and_release(i) for i in range(THREADS)])
    assert results == list(range(THREADS))
    expected = sum(1_000 * (i + 1) + n for i in range(THREADS) for n in range(3))
    assert account_balance(seller) == expected
    assert account_balance(gateway) == expected
    assert Account.objects.get(pk=seller.pk).posting_count == THREADS * 3
    assert ledger_check() == []  # snapshots and every posting's running balance equal the sums


def test_concurrent_payouts_never_overdraw_a_payable(racing_db):
    seller = ledger_account(kind=AccountKind.SELLER_PAYABLE, owner_ref="org_HOT")
    gateway = ledger_account(kind=AccountKind.GATEWAY_CLEARING, owner_ref="sandbox")
    ledger_post(key="seed", cause_type="seller_order", cause_id="1",
                postings=[debit(gateway, 100), credit(seller, 100)])

    def payout(i: int):
        return ledger_post(key=f"payout-{i}", cause_type="payout", cause_id=str(i),
                           postings=[debit(seller, 40), credit(gateway, 40)])

    results = race([lambda i=i: payout(i) for i in range(THREADS)])
    assert sum(isinstance(r, JournalEntry) for r in results) == 2
    assert sum(isinstance(r, InsufficientBalance) for r in results) == THREADS - 2
    assert account_balance(seller) == 20
    assert ledger_check() == []


def test_one_key_posted_by_many_threads_writes_one_entry(racing_db):
    seller = ledger_account(kind=AccountKind.SELLER_PAYABLE, owner_ref="org_HOT")
    gateway = ledger_account(kind=AccountKind.GATEWAY_CLEARING, owner_ref="sandbox")
    other = ledger_account(kind=AccountKind.ESCROW, owner_ref="so_OTHER")

    def post(i: int):
        # Half the threads ask for something else under the same key, on other accounts: those must conflict.
        target = seller if i % 2 == 0 else other
        return ledger_post(key="notification-1", cause_type="payment_notification", cause_id="1",
                           postings=[debit(gateway, 500), credit(target, 500)])

    results = race([lambda i=i: post(i) for i in range(THREADS)])
    entries = {r.pk for r in results if isinstance(r, JournalEntry)}
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert all(isinstance(r, JournalEntry | Conflict) for r in results)
    assert len(entries) == 1
    assert JournalEntry.objects.count() == 1 and Posting.objects.count() == 2
    winner_is_seller = Posting.objects.filter(account=seller).exists()
    assert len(conflicts) == THREADS // 2  # the other half's request, whichever half won
    assert account_balance(seller if winner_is_seller else other) == 500
    assert ledger_check() == []


def test_concurrent_first_use_of_an_account_makes_one_row(racing_db):
    results = race([lambda: ledger_account(kind=AccountKind.CREATOR_PAYABLE, owner_ref="crt_1")] * THREADS)
    assert len({account.pk for account in results}) == 1
    assert Account.objects.filter(kind="creator_payable").count() == 1
