"""Netting end to end: a real refund after the seller's money went out leaves a receivable (refunds_ledger), the
seller centre shows it, the statement carries the release's commission and PPh 22 and what the refund gave back,
and the next batch nets it before paying. And two batches racing net once and pay once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.core.testing import race
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import JournalEntry
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.orders.services.refunds import refund_request_add, seller_order_paid
from lapak.market.payments.models_payouts import Payout
from lapak.market.payments.models_release import EscrowRelease
from lapak.market.payments.selectors_payouts import owed_to_lapak, statement_summary
from lapak.market.payments.services.payouts import payout_batch_run, payout_create
from lapak.market.payments.services.refunds import refund_execute
from lapak.market.payments.tests.payout_support import fund, in_transit, payable, ready
from lapak.market.payments.tests.release_support import close_window, deliver
from lapak.market.payments.tests.statement_support import owe, owed
from lapak.market.payments.tests.test_refunds import paid  # noqa: F401  (a fixture)

DEAD = "http://127.0.0.1:9"


@pytest.mark.django_db
def test_a_refund_after_payout_is_owed_then_netted_at_the_next_batch(paid, midtrans, market):  # noqa: F811
    from lapak.market.payments.services.release import escrow_release

    so = paid[0]
    org = so.seller
    ready(org, market.budi_owner if org.pk == market.budi.pk else market.sari_owner)
    deliver(so.order)
    escrow_release(seller_order=close_window(so))
    release = EscrowRelease.objects.get(seller_order=so)
    assert payable(org) == release.seller_net > 0
    today = timezone.localdate()
    payout = payout_create(organisation=org, batch_date=today)  # not yet sent: in transit, out of reach
    assert payout.amount == release.seller_net and in_transit(org) == release.seller_net
    pph22_before = ledger_balance(kind=AccountKind.PPH22_PAYABLE)
    refund = refund_execute(refund_request=refund_request_add(seller_order=so, amount=seller_order_paid(so) // 2))
    assert refund.status == "paid"
    debt = owed_to_lapak(org)
    assert debt > 0 and payable(org) == 0

    summary = statement_summary(org, start=today, end=today)
    assert (summary.commission, summary.pph22, summary.goods, summary.releases) == (
        release.commission, release.pph22, release.gross, 1)
    assert summary.pph22_returned == pph22_before - ledger_balance(kind=AccountKind.PPH22_PAYABLE) > 0
    assert summary.closing_owed == debt and summary.opening_owed == 0

    fund(org, debt + 60_000, key="next-release")
    tomorrow = timezone.now() + timedelta(days=1)
    from django.test import override_settings

    with override_settings(MIDTRANS_BASE_URL=DEAD):
        payout_batch_run(now=tomorrow)
    second = Payout.objects.get(seller=org, batch_date=timezone.localdate(tomorrow))
    assert second.amount == 60_000 and owed(org) == 0 and payable(org) == 0
    assert ledger_check() == []


@pytest.mark.django_db(transaction=True)
def test_racing_batches_net_once_and_pay_once(racing_db, market, settings):
    settings.MIDTRANS_BASE_URL = DEAD
    ready(market.budi, market.budi_owner)
    fund(market.budi, 150_000)
    owe(market.budi, 40_000)
    ready(market.sari, market.sari_owner)
    fund(market.sari, 30_000)
    owe(market.sari, 10_000)  # below the minimum: netted, not paid
    outcomes = race(payout_batch_run, payout_batch_run, payout_batch_run)
    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    assert sum(o["created"] for o in outcomes) == 1
    payout = Payout.objects.get()
    assert payout.seller_id == market.budi.pk and payout.amount == 110_000 and payout.attempts == 1
    assert JournalEntry.objects.filter(cause_type="receivable_netting").count() == 2
    assert JournalEntry.objects.filter(cause_type="payout").count() == 1
    assert owed(market.budi) == 0 and payable(market.budi) == 0 and in_transit(market.budi) == 110_000
    assert owed(market.sari) == 0 and payable(market.sari) == 20_000
    assert ledger_check() == []
