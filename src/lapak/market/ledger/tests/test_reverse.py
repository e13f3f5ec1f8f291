"""`ledger_entry_reverse`: a new mirror entry, at most once, never for money that has already left."""

from __future__ import annotations

import pytest

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.errors import InsufficientBalance
from lapak.market.ledger.models import JournalEntry
from lapak.market.ledger.selectors import account_balance
from lapak.market.ledger.services import credit, debit, ledger_entry_reverse, ledger_post

pytestmark = pytest.mark.django_db


def _release(books, amount: int = 100_000) -> JournalEntry:
    return ledger_post(key="release-1", cause_type="seller_order", cause_id="so_ORDER1", postings=[
        debit(books.escrow, amount), credit(books.seller, amount * 95 // 100 - amount // 200),
        credit(books.revenue, amount * 5 // 100), credit(books.pph22, amount // 200)])


def test_a_reversal_mirrors_the_entry_and_restores_every_balance(books):
    books.pay(100_000)
    release = _release(books)
    reversal = ledger_entry_reverse(entry=release, cause_type="refund_request", cause_id="rr_1")
    assert reversal.pk != release.pk and reversal.reverses_id == release.pk
    assert reversal.key == "release-1:reversal"
    original = sorted((p.account_id, p.amount) for p in release.postings.all())
    mirrored = sorted((p.account_id, -p.amount) for p in reversal.postings.all())
    assert original == mirrored
    assert account_balance(books.escrow) == 100_000
    assert account_balance(books.seller) == account_balance(books.revenue) == account_balance(books.pph22) == 0
    assert JournalEntry.objects.get(pk=release.pk).fingerprint == release.fingerprint  # untouched
    assert ledger_check() == []


def test_an_entry_is_reversed_at_most_once(books):
    books.pay(100_000)
    release = _release(books)
    first = ledger_entry_reverse(entry=release, cause_type="refund_request", cause_id="rr_1")
    assert ledger_entry_reverse(entry=release, cause_type="refund_request", cause_id="rr_1").pk == first.pk
    with pytest.raises(Conflict) as caught:
        ledger_entry_reverse(entry=release, cause_type="refund_request", cause_id="rr_2", key="another-key")
    assert caught.value.code == "ledger_already_reversed"
    assert JournalEntry.objects.count() == 3


def test_a_reversal_cannot_be_reversed(books):
    books.pay(100_000)
    reversal = ledger_entry_reverse(entry=_release(books), cause_type="refund_request", cause_id="rr_1")
    with pytest.raises(ValidationFailed):
        ledger_entry_reverse(entry=reversal, cause_type="refund_request", cause_id="rr_1")


def test_a_release_already_paid_out_cannot_be_reversed(books):
    books.pay(100_000)
    release = _release(books)
    ledger_post(key="payout-1", cause_type="payout", cause_id="po_1",
                postings=[debit(books.seller, 90_000), credit(books.gateway, 90_000)])
    with pytest.raises(InsufficientBalance):
        ledger_entry_reverse(entry=release, cause_type="refund_request", cause_id="rr_1")
    assert not JournalEntry.objects.filter(reverses=release).exists()
    assert account_balance(books.seller) == 4_500
