"""`ledger_post` and `ledger_account`: balanced entries only, nothing written on a refusal."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lapak.core.errors import ValidationFailed
from lapak.market.ledger.errors import InsufficientBalance
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import Account, JournalEntry, Posting
from lapak.market.ledger.selectors import account_balance, account_postings, entries_for_cause, ledger_balance
from lapak.market.ledger.services import PostingLine, credit, debit, ledger_account, ledger_post

pytestmark = pytest.mark.django_db


def _written() -> tuple[int, int, list[tuple[int, int]]]:
    return (JournalEntry.objects.count(), Posting.objects.count(),
            list(Account.objects.order_by("pk").values_list("balance", "posting_count")))


def test_a_balanced_entry_moves_money_and_keeps_running_balances(books):
    entry = books.pay(150_000)
    assert entry.cause_type == "payment_notification" and entry.currency == "IDR"
    assert account_balance(books.gateway) == 150_000  # an asset: what the gateway holds for us
    assert account_balance(books.escrow) == 150_000  # a liability: what we owe
    assert ledger_balance(kind=AccountKind.ESCROW, owner_ref="so_ORDER1") == 150_000
    release = ledger_post(key="release-1", cause_type="seller_order", cause_id="so_ORDER1", postings=[
        debit(books.escrow, 150_000), credit(books.seller, 141_750), credit(books.revenue, 7_500),
        credit(books.pph22, 750)])
    assert account_balance(books.escrow) == 0
    assert account_balance(books.seller) == 141_750
    assert account_balance(books.revenue) == 7_500
    assert account_balance(books.pph22) == 750
    assert [p.balance_after for p in account_postings(books.escrow)] == [0, -150_000]
    assert list(entries_for_cause(cause_type="seller_order", cause_id="so_ORDER1")) == [release]
    assert Account.objects.get(pk=books.escrow.pk).posting_count == 2


@pytest.mark.parametrize("lines", [
    lambda b: [debit(b.gateway, 100), credit(b.escrow, 99)],  # does not balance
    lambda b: [debit(b.gateway, 100)],  # one leg
    lambda b: [],
    lambda b: [PostingLine(b.gateway, 0), PostingLine(b.escrow, 0)],
    lambda b: [PostingLine(b.gateway, 100.0), PostingLine(b.escrow, -100.0)],
    lambda b: [PostingLine(b.gateway, Decimal(100)), PostingLine(b.escrow, Decimal(-100))],
    lambda b: [PostingLine(b.gateway, True), PostingLine(b.escrow, -1)],
    lambda b: [PostingLine(b.gateway, 10**16), PostingLine(b.escrow, -(10**16))],
    lambda b: [debit(b.gateway, 100), credit(Account(kind="escrow", owner_ref="unsaved"), 100)],
])
def test_a_malformed_entry_is_refused_and_nothing_is_written(books, lines):
    books.pay(1_000)
    before = _written()
    with pytest.raises(ValidationFailed) as caught:
        ledger_post(key="bad", cause_type="payment_notification", cause_id="x", postings=lines(books))
    assert "postings" in caught.value.fields
    assert _written() == before


def test_an_entry_in_two_currencies_is_refused(books):
    dollars = Account.objects.create(kind="gateway_clearing", owner_ref="usd", currency="USD")
    with pytest.raises(ValidationFailed):
        ledger_post(key="fx", cause_type="t", cause_id="1", postings=[debit(dollars, 5), credit(books.escrow, 5)])
    assert JournalEntry.objects.count() == 0


@pytest.mark.parametrize("field", ["key", "cause_type", "cause_id"])
def test_key_and_cause_are_required(books, field):
    arguments = {"key": "k", "cause_type": "t", "cause_id": "1", field: ""}
    with pytest.raises(ValidationFailed) as caught:
        ledger_post(**arguments, postings=[debit(books.gateway, 5), credit(books.escrow, 5)])
    assert field in caught.value.fields


@pytest.mark.parametrize("amount", [0, -5, 2.5, True])
def test_debit_and_credit_take_positive_whole_rupiah(books, amount):
    with pytest.raises(ValidationFailed):
        debit(books.gateway, amount)
    with pytest.raises(ValidationFailed):
        credit(books.gateway, amount)


def test_a_payable_cannot_be_taken_below_zero(books):
    books.pay(10_000)
    ledger_post(key="release", cause_type="seller_order", cause_id="1",
                postings=[debit(books.escrow, 10_000), credit(books.seller, 10_000)])
    before = _written()
    with pytest.raises(InsufficientBalance):
        ledger_post(key="payout", cause_type="payout", cause_id="1",
                    postings=[debit(books.seller, 10_001), credit(books.gateway, 10_001)])
    assert _written() == before
    ledger_post(key="payout-ok", cause_type="payout", cause_id="1",
                postings=[debit(books.seller, 10_000), credit(books.gateway, 10_000)])
    assert account_balance(books.seller) == 0


def test_assets_and_revenue_may_dip_below_zero(books):
    # A commission clawback before any commission was booked: revenue goes negative, and that is allowed.
    ledger_post(key="clawback", cause_type="refund_request", cause_id="1",
                postings=[debit(books.revenue, 500), credit(books.gateway, 500)])
    assert account_balance(books.revenue) == -500
    assert account_balance(books.gateway) == -500


def test_ledger_account_is_one_per_kind_and_owner(db):
    first = ledger_account(kind="seller_payable", owner_ref="org_A")
    assert ledger_account(kind=AccountKind.SELLER_PAYABLE, owner_ref="org_A").pk == first.pk
    assert ledger_account(kind="seller_payable", owner_ref="org_B").pk != first.pk
    assert ledger_account(kind="pph22_payable").currency == "IDR"
    assert ledger_balance(kind="creator_payable", owner_ref="crt_nobody") == 0
    assert Account.objects.count() == 3


@pytest.mark.parametrize(("kind", "owner_ref", "field"), [
    ("no_such_kind", "", "kind"),
    ("seller_payable", "", "owner_ref"),  # per seller: an owner is required
    ("escrow", "", "owner_ref"),
    ("commission_revenue", "org_A", "owner_ref"),  # platform-wide: no owner
    ("creator_payable", "x" * 65, "owner_ref"),
])
def test_ledger_account_refuses_a_wrong_owner(db, kind, owner_ref, field):
    with pytest.raises(ValidationFailed) as caught:
        ledger_account(kind=kind, owner_ref=owner_ref)
    assert field in caught.value.fields
    assert Account.objects.count() == 0
