"""Two payout batches at the same moment (the daily task on two workers, or the task and `manage.py
payout_batch`), and two senders of one payout: one payout per seller, one ledger entry, one payment at the
gateway. Real threads on a real database (PostgreSQL, or a file-backed SQLite)."""

from __future__ import annotations

import pytest

from lapak.core.testing import race
from lapak.gateway_sandbox.tests.conftest import receiver  # noqa: F401  (a fixture)
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.models import JournalEntry
from lapak.market.payments.models_payouts import Payout
from lapak.market.payments.services.payouts import payout_batch_run
from lapak.market.payments.services.payouts_disburse import payout_disburse
from lapak.market.payments.tests.payout_support import fund, in_transit, payable, ready
from lapak.market.payments.tests.test_sandbox_integration import sandbox  # noqa: F401  (a fixture)

DEAD = "http://127.0.0.1:9"


@pytest.mark.django_db(transaction=True)
def test_two_batches_at_once_make_one_payout_per_seller(racing_db, market, settings):
    settings.MIDTRANS_BASE_URL = DEAD  # sending fails: this test is about the batch
    for org, owner, amount in ((market.budi, market.budi_owner, 150_000), (market.sari, market.sari_owner, 75_000)):
        ready(org, owner)
        fund(org, amount)
    first, second = race(payout_batch_run, payout_batch_run)
    assert not isinstance(first, Exception) and not isinstance(second, Exception), (first, second)
    assert first["created"] + second["created"] == 2
    assert sorted(Payout.objects.values_list("amount", flat=True)) == [75_000, 150_000]
    assert JournalEntry.objects.filter(cause_type="payout").count() == 2
    assert all(p.attempts == 1 for p in Payout.objects.all())  # each claimed for sending by one run only
    assert payable(market.budi) == 0 and in_transit(market.budi) == 150_000 and ledger_check() == []


@pytest.mark.django_db(transaction=True)
def test_two_senders_of_one_payout_pay_it_once(racing_db, sandbox, market, settings):  # noqa: F811
    ready(market.budi, market.budi_owner)
    fund(market.budi, 150_000)
    settings.MIDTRANS_BASE_URL, good = DEAD, settings.MIDTRANS_BASE_URL
    payout_batch_run()
    payout = Payout.objects.get()
    Payout.objects.filter(pk=payout.pk).update(status="queued")  # as if the batch had not sent it yet
    settings.MIDTRANS_BASE_URL = good
    outcomes = race(lambda: payout_disburse(payout=payout), lambda: payout_disburse(payout=payout))
    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    payout = Payout.objects.get()
    assert payout.status == "paid" and payout.attempts == 2  # the failed attempt, then one claim of the two
    assert JournalEntry.objects.filter(key=f"payout.paid:{payout.public_id}").count() == 1
    assert in_transit(market.budi) == 0 and ledger_check() == []
