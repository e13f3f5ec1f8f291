"""`ledger_check` and `manage.py ledger_check` find every kind of damage; rows are damaged behind the guarded
path on purpose (the ORM's plain inserts and raw SQL on the snapshot column, which is not append-only)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import translation

from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.models import Account, JournalEntry, Posting

pytestmark = pytest.mark.django_db


def _codes() -> list[str]:
    return sorted(problem.code for problem in ledger_check())


def _raw_entry(key: str, legs: list[tuple[Account, int, int]]) -> JournalEntry:
    """An entry written past `ledger_post`: (account, amount, balance_after) per leg, snapshots left alone."""
    entry = JournalEntry.objects.create(key=key, cause_type="t", cause_id="1", fingerprint="")
    Posting.objects.bulk_create(Posting(entry=entry, account=account, amount=amount, balance_after=after)
                                for account, amount, after in legs)
    return entry


@contextmanager
def _rolled_back() -> Iterator[None]:
    """For damage PostgreSQL's deferred triggers would refuse at commit (pytest-django's teardown checks deferred
    constraints): look at it, then roll it back."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _set_snapshot(account: Account, balance: int, count: int) -> None:
    Account.objects.filter(pk=account.pk).update(balance=balance, posting_count=count)


def test_a_sound_ledger_has_no_problems_and_the_command_says_ok(books):
    books.pay(10_000)
    assert ledger_check() == []
    out = io.StringIO()
    with translation.override("en"):
        call_command("ledger_check", stdout=out)
    assert out.getvalue().startswith("OK: 1 journal entries")


def test_an_unbalanced_entry_is_found(books):
    with _rolled_back():
        _raw_entry("raw", [(books.gateway, 100, 100), (books.escrow, -90, -90)])
        _set_snapshot(books.gateway, 100, 1)
        _set_snapshot(books.escrow, -90, 1)
        assert _codes() == ["unbalanced_entry"]


def test_an_entry_without_postings_is_found(books):
    with _rolled_back():
        JournalEntry.objects.create(key="empty", cause_type="t", cause_id="1", fingerprint="")
        assert _codes() == ["unbalanced_entry"]


def test_a_snapshot_that_differs_from_the_postings_is_found_and_the_command_fails(books):
    books.pay(10_000)
    _set_snapshot(books.escrow, -9_000, 1)
    assert _codes() == ["snapshot_mismatch"]
    err = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="1 problems"):
        call_command("ledger_check", stderr=err)
    assert "snapshot_mismatch" in err.getvalue() and books.escrow.public_id in err.getvalue()


def test_a_wrong_running_balance_is_found(books):
    books.pay(10_000)
    _raw_entry("raw", [(books.gateway, 5, 10_004), (books.escrow, -5, -10_005)])  # gateway should read 10_005
    _set_snapshot(books.gateway, 10_005, 2)
    _set_snapshot(books.escrow, -10_005, 2)
    assert _codes() == ["running_balance_mismatch"]


def test_a_payable_below_zero_is_found(books):
    _raw_entry("raw", [(books.seller, 700, 700), (books.gateway, -700, -700)])
    _set_snapshot(books.seller, 700, 1)
    _set_snapshot(books.gateway, -700, 1)
    problems = ledger_check()
    assert [(p.code, p.subject) for p in problems] == [("negative_balance", books.seller.public_id)]
    assert "-700" in problems[0].message


def test_a_posting_in_another_currency_than_its_entry_is_found(books):
    dollars = Account.objects.create(kind="gateway_clearing", owner_ref="usd", currency="USD")
    _raw_entry("raw", [(dollars, 5, 5), (books.escrow, -5, -5)])
    _set_snapshot(dollars, 5, 1)
    _set_snapshot(books.escrow, -5, 1)
    assert _codes() == ["currency_mismatch"]
