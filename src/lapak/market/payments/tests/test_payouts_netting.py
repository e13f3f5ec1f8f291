"""Netting: what a shop owes Lapak (a seller receivable, left by a refund after its money was paid out) is set off
against its payable before the next payout, in one idempotent entry per shop per batch day; the payout pays what
is left when that reaches the minimum. The page and the statement show both sides."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone, translation

from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.models import JournalEntry
from lapak.market.payments.models_payouts import Payout
from lapak.market.payments.services.payouts import payout_batch_run, payout_create
from lapak.market.payments.services.payouts_netting import netting_key, receivable_net
from lapak.market.payments.tests.payout_support import fund, in_transit, payable, ready
from lapak.market.payments.tests.statement_support import owe, owed

pytestmark = pytest.mark.django_db
DEAD = "http://127.0.0.1:9"  # sending fails: these tests are about what the batch takes


@pytest.fixture(autouse=True)
def _no_gateway(settings):
    settings.MIDTRANS_BASE_URL = DEAD
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


def _nettings(org) -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(cause_type="receivable_netting", cause_id=org.public_id).order_by("pk"))


def test_a_receivable_is_netted_in_full_and_the_payout_pays_the_rest(market):
    ready(market.budi, market.budi_owner)
    fund(market.budi, 100_000)
    owe(market.budi, 30_000)
    payout = payout_create(organisation=market.budi, batch_date=timezone.localdate())
    assert payout.amount == 70_000 and payout.status == "queued"
    assert payable(market.budi) == 0 and owed(market.budi) == 0 and in_transit(market.budi) == 70_000
    (entry,) = _nettings(market.budi)
    legs = sorted((p.account.kind, p.amount) for p in entry.postings.select_related("account"))
    assert legs == [("seller_payable", 30_000), ("seller_receivable", -30_000)]
    assert entry.key == netting_key(market.budi, timezone.localdate()) and ledger_check() == []


def test_a_receivable_larger_than_the_payable_is_netted_in_part_and_nothing_is_paid(market):
    ready(market.budi, market.budi_owner)
    fund(market.budi, 60_000)
    owe(market.budi, 90_000)
    assert payout_batch_run()["created"] == 0 and not Payout.objects.exists()
    assert payable(market.budi) == 0 and owed(market.budi) == 30_000
    # Tomorrow new money comes in: the rest is netted, the remainder above the minimum is paid.
    fund(market.budi, 110_000, key="tomorrow")
    tomorrow = timezone.now() + timedelta(days=1)
    assert payout_batch_run(now=tomorrow)["created"] == 1
    assert Payout.objects.get().amount == 80_000 and owed(market.budi) == 0 and payable(market.budi) == 0
    assert [sum(p.amount for p in e.postings.all() if p.amount > 0) for e in _nettings(market.budi)] == [60_000,
                                                                                                        30_000]
    assert ledger_check() == []


def test_netting_below_the_minimum_leaves_no_payout_but_still_nets(market):
    ready(market.budi, market.budi_owner)
    fund(market.budi, 80_000)
    owe(market.budi, 40_000)  # 40,000 left: below the Rp50,000 minimum
    assert payout_batch_run()["created"] == 0
    assert payable(market.budi) == 40_000 and owed(market.budi) == 0 and len(_nettings(market.budi)) == 1


def test_a_shop_below_the_minimum_that_owes_is_netted_by_the_batch_too(market):
    fund(market.sari, 20_000)  # not ready, below the minimum: no payout either way
    owe(market.sari, 5_000)
    payout_batch_run()
    assert payable(market.sari) == 15_000 and owed(market.sari) == 0 and not Payout.objects.exists()


def test_netting_is_idempotent_on_rerun(market):
    ready(market.budi, market.budi_owner)
    fund(market.budi, 100_000)
    owe(market.budi, 30_000)
    day = timezone.localdate()
    first = receivable_net(organisation=market.budi, batch_date=day)
    owe(market.budi, 10_000, key="later")  # owed after today's netting: tomorrow's batch nets it
    assert receivable_net(organisation=market.budi, batch_date=day).pk == first.pk
    payout_batch_run()
    payout_batch_run()
    assert len(_nettings(market.budi)) == 1 and Payout.objects.get().amount == 70_000
    assert owed(market.budi) == 10_000 and ledger_check() == []


def test_nothing_to_net_writes_nothing(market):
    fund(market.budi, 100_000)
    assert receivable_net(organisation=market.budi, batch_date=timezone.localdate()) is None
    owe(market.sari, 5_000)  # Sari owes but has no payable
    assert receivable_net(organisation=market.sari, batch_date=timezone.localdate()) is None
    assert not JournalEntry.objects.filter(cause_type="receivable_netting").exists()


def test_a_held_payout_is_netted_too(market):
    from lapak.market.sellers.models import SellerOrganisation

    SellerOrganisation.objects.filter(pk=market.budi.pk).update(payout_hold_until=timezone.now() + timedelta(hours=5))
    fund(market.budi, 100_000)
    owe(market.budi, 25_000)
    payout = payout_create(organisation=market.budi, batch_date=timezone.localdate())
    assert payout.status == "held" and payout.amount == 75_000
    assert payable(market.budi) == 75_000 and owed(market.budi) == 0 and in_transit(market.budi) == 0


def test_the_page_shows_what_is_owed_and_then_the_netting(market):
    ready(market.budi, market.budi_owner)
    fund(market.budi, 100_000)
    owe(market.budi, 30_000)
    url = reverse("payments_seller:balance", args=[market.budi.public_id])
    html = client_in("en", market.budi_owner).get(url).content.decode()
    assert 'id="owed"' in html and "Rp30.000" in html and 'id="owed-note"' in html
    payout_create(organisation=market.budi, batch_date=timezone.localdate())
    html = client_in("en", market.budi_owner).get(url).content.decode()
    assert 'id="owed"' not in html and 'id="netting-list"' in html and "Rp30.000" in html
    csv_url = reverse("payments_seller:statement_csv", args=[market.budi.public_id])
    body = b"".join(client_in("en", market.budi_owner).get(csv_url).streaming_content).decode()
    lines = body.strip().splitlines()
    assert lines[0].endswith(",Account")
    assert [line.split(",")[-3:] for line in lines[1:]] == [
        ["100000", "100000", "Balance"], ["30000", "30000", "Owed to Lapak"], ["-30000", "70000", "Balance"],
        ["-30000", "0", "Owed to Lapak"], ["-70000", "0", "Balance"]]
