"""Two creator batches at the same moment (the daily task on two workers), two senders of one creator payout, and
two account changes at once: one payout per creator, one ledger entry, one payment at the gateway, one current
account. Real threads on a real database (PostgreSQL, or a file-backed SQLite)."""

from __future__ import annotations

import pytest
from django.db import connection

from lapak.core.errors import Conflict
from lapak.core.testing import race
from lapak.gateway_sandbox.tests.conftest import receiver  # noqa: F401  (a fixture)
from lapak.market.affiliates.models_payouts import CreatorPayout, CreatorPayoutAccount
from lapak.market.affiliates.services_payouts import creator_payout_account_set, creator_payout_batch_run
from lapak.market.affiliates.tests.payouts_support import creator_fixture, fund, in_transit, payable, ready  # noqa: F401
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.models import JournalEntry
from lapak.market.payments.services.payouts_disburse import payout_disburse
from lapak.market.payments.tests.test_sandbox_integration import sandbox  # noqa: F401  (a fixture)

DEAD = "http://127.0.0.1:9"


@pytest.fixture
def racing(transactional_db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("racing threads need a file-backed SQLite test database or PostgreSQL")


def test_two_batches_at_once_make_one_payout_per_creator(racing, creator, make_user, settings):
    settings.MIDTRANS_BASE_URL = DEAD  # sending fails: this test is about the batch
    other = make_user(email="ayu@example.test", roles=["creator"])
    for person, amount in ((creator, 150_000), (other, 75_000)):
        ready(person, number="1234567890" if person is creator else "2234567890")
        fund(person, amount)
    first, second = race(creator_payout_batch_run, creator_payout_batch_run)
    assert not isinstance(first, Exception) and not isinstance(second, Exception), (first, second)
    assert first["created"] + second["created"] == 2
    assert sorted(CreatorPayout.objects.values_list("amount", flat=True)) == [75_000, 150_000]
    assert JournalEntry.objects.filter(cause_type="creator_payout").count() == 2
    assert all(p.attempts == 1 for p in CreatorPayout.objects.all())  # each claimed for sending by one run only
    assert payable(creator) == 0 and in_transit(creator) == 150_000 and ledger_check() == []


def test_two_senders_of_one_creator_payout_pay_it_once(racing, sandbox, creator, settings):  # noqa: F811
    ready(creator)
    fund(creator, 150_000)
    settings.MIDTRANS_BASE_URL, good = DEAD, settings.MIDTRANS_BASE_URL
    creator_payout_batch_run()
    payout = CreatorPayout.objects.get()
    CreatorPayout.objects.filter(pk=payout.pk).update(status="queued")  # as if the batch had not sent it yet
    settings.MIDTRANS_BASE_URL = good
    outcomes = race(lambda: payout_disburse(payout=payout), lambda: payout_disburse(payout=payout))
    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    payout = CreatorPayout.objects.get()
    assert payout.status == "paid" and payout.attempts == 2  # the failed attempt, then one claim of the two
    assert JournalEntry.objects.filter(key=f"payout.paid:{payout.public_id}").count() == 1
    assert in_transit(creator) == 0 and ledger_check() == []


def test_two_account_changes_at_once_leave_one_current(racing, creator):
    outcomes = race(*[lambda n=n: creator_payout_account_set(actor=creator, bank_code="BCA", account_number=n,
                                                             holder_name="Rizky")
                      for n in ("1111111111", "2222222222")])
    made = [o for o in outcomes if isinstance(o, CreatorPayoutAccount)]
    refused = [o for o in outcomes if not isinstance(o, CreatorPayoutAccount)]
    assert made and all(isinstance(o, Conflict) for o in refused), outcomes
    assert CreatorPayoutAccount.objects.filter(creator=creator.public_id, is_current=True).count() == 1
