"""One entry per idempotency key: a replay returns the first entry, a different request under it is a Conflict."""

from __future__ import annotations

import pytest

from lapak.core.errors import Conflict
from lapak.market.ledger.errors import InsufficientBalance
from lapak.market.ledger.models import Account, JournalEntry, Posting
from lapak.market.ledger.selectors import account_balance
from lapak.market.ledger.services import credit, debit, ledger_post

pytestmark = pytest.mark.django_db


def _state() -> tuple:
    return (JournalEntry.objects.count(), Posting.objects.count(),
            list(Account.objects.order_by("pk").values_list("balance", "posting_count")))


def test_the_same_key_twice_returns_the_first_entry_and_writes_nothing(books, django_assert_max_num_queries):
    first = books.pay(50_000)
    before = _state()
    with django_assert_max_num_queries(1):  # a replay reads the entry and takes no lock
        again = books.pay(50_000)
    assert again.pk == first.pk
    assert _state() == before
    assert account_balance(books.escrow) == 50_000


def test_the_order_of_the_postings_does_not_make_another_request(books):
    first = books.pay(50_000)
    again = ledger_post(key="pay-1", cause_type="payment_notification", cause_id="pay-1", memo="other words",
                        postings=[credit(books.escrow, 50_000), debit(books.gateway, 50_000)])
    assert again.pk == first.pk


@pytest.mark.parametrize("change", [
    {"amount": 50_001},
    {"cause_id": "another-notification"},
    {"cause_type": "refund_request"},
    {"to": "seller"},
])
def test_the_same_key_with_another_request_is_a_conflict(books, change):
    books.pay(50_000)
    before = _state()
    amount = change.get("amount", 50_000)
    target = books.seller if change.get("to") == "seller" else books.escrow
    with pytest.raises(Conflict) as caught:
        ledger_post(key="pay-1", cause_type=change.get("cause_type", "payment_notification"),
                    cause_id=change.get("cause_id", "pay-1"),
                    postings=[debit(books.gateway, amount), credit(target, amount)])
    assert caught.value.code == "ledger_key_reused"
    assert _state() == before


def test_a_key_refused_for_lack_of_money_can_be_used_again_once_the_money_is_there(books):
    payout = [debit(books.seller, 5_000), credit(books.gateway, 5_000)]
    with pytest.raises(InsufficientBalance):
        ledger_post(key="payout-1", cause_type="payout", cause_id="po_1", postings=payout)
    assert not JournalEntry.objects.filter(key="payout-1").exists()  # a refusal leaves the key unused
    ledger_post(key="release", cause_type="seller_order", cause_id="so_1",
                postings=[debit(books.gateway, 5_000), credit(books.seller, 5_000)])
    entry = ledger_post(key="payout-1", cause_type="payout", cause_id="po_1", postings=payout)
    assert entry.key == "payout-1" and account_balance(books.seller) == 0
