"""Two releases of one seller order at the same moment (the periodic task on two workers, or the task and an
operator): one release, one ledger entry. Real threads on a real database."""

from __future__ import annotations

import pytest

from lapak.core.testing import race
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.models import JournalEntry
from lapak.market.payments.models_release import EscrowRelease
from lapak.market.payments.services.release import escrow_release, escrows_release_due
from lapak.market.payments.tests.release_support import balance, close_window, completed, fresh, paid_order

__all__ = ["completed", "paid_order"]  # fixtures


@pytest.mark.django_db(transaction=True)
def test_two_releases_of_one_seller_order_at_once_make_one_entry(racing_db, completed):
    budi = close_window(completed.budi)
    outcomes = race(lambda: escrow_release(seller_order=fresh(budi)), lambda: escrow_release(seller_order=fresh(budi)))
    assert all(isinstance(o, EscrowRelease) for o in outcomes), outcomes
    assert outcomes[0].pk == outcomes[1].pk
    assert JournalEntry.objects.filter(key=f"escrow-release:{budi.public_id}").count() == 1
    assert EscrowRelease.objects.count() == 1
    assert balance("escrow", budi.public_id) == 0 and ledger_check() == []


@pytest.mark.django_db(transaction=True)
def test_two_periodic_runs_at_once_release_each_order_once(racing_db, completed):
    close_window(completed.budi), close_window(completed.sari)
    first, second = race(escrows_release_due, escrows_release_due)
    assert not isinstance(first, Exception) and not isinstance(second, Exception), (first, second)
    assert first["released"] + second["released"] == 2
    assert JournalEntry.objects.filter(cause_type="escrow_release").count() == 2
    assert EscrowRelease.objects.count() == 2 and ledger_check() == []
