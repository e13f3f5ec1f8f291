"""Creator payouts after the review of issue 8: the studio's "paid" counts confirmed payouts only (one on its way
or returned by the bank is not paid), and payouts are held for a deactivated account or a creator role given up."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lapak.accounts.models import Role, RoleGrant
from lapak.gateway_sandbox.tests.conftest import receiver  # noqa: F401  (a fixture)
from lapak.market.affiliates.models_payouts import CreatorPayout
from lapak.market.affiliates.selectors_creator import creator_summary
from lapak.market.affiliates.services_payouts import creator_payout_batch_run, creator_payout_hold_reasons
from lapak.market.affiliates.tests.payouts_support import (
    creator_fixture,  # noqa: F401  (a fixture)
    fund,
    in_transit,
    payable,
    ready,
)
from lapak.market.ledger.checks import ledger_check
from lapak.market.payments.tests.test_sandbox_integration import sandbox  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db
DEAD = "http://127.0.0.1:9"  # nothing listens: the gateway is unreachable


def _paid(user) -> int:
    today = timezone.localdate()
    return creator_summary(creator=user.public_id, start=today, end=today).paid


def test_only_confirmed_payouts_count_as_paid(sandbox, settings, creator, make_user):  # noqa: F811
    returned = make_user(email="returned@example.test", roles=["creator"])
    ready(creator)
    ready(returned, number="0001112223")  # the sandbox's unknown account: the bank returns the payout
    fund(creator, 100_000)
    fund(returned, 60_000)
    good, settings.MIDTRANS_BASE_URL = settings.MIDTRANS_BASE_URL, DEAD
    creator_payout_batch_run()  # the gateway is down: the creator's payout is on its way, not paid
    assert CreatorPayout.objects.get(creator=creator.public_id).status == "failed"
    assert in_transit(creator) == 100_000 and _paid(creator) == 0
    assert CreatorPayout.objects.get(creator=returned.public_id).status == "failed"

    settings.MIDTRANS_BASE_URL = good
    payout = CreatorPayout.objects.get(creator=creator.public_id)
    from lapak.market.payments.services.payouts_disburse import payouts_disburse_due

    payouts_disburse_due(now=payout.next_attempt_at, model=CreatorPayout)
    assert CreatorPayout.objects.get(creator=creator.public_id).status == "paid" and _paid(creator) == 100_000
    assert CreatorPayout.objects.get(creator=returned.public_id).status == "returned"
    assert payable(returned) == 60_000 and _paid(returned) == 0
    assert ledger_check() == []


def test_payouts_are_held_for_an_inactive_account_or_a_creator_role_given_up(creator, make_user):
    ready(creator)
    now = timezone.now()
    assert creator_payout_hold_reasons(creator.public_id, now=now) == []
    RoleGrant.objects.filter(user=creator, role=Role.CREATOR).delete()
    assert creator_payout_hold_reasons(creator.public_id, now=now) == ["not_creator"]
    type(creator).objects.filter(pk=creator.pk).update(is_active=False)
    assert creator_payout_hold_reasons(creator.public_id, now=now) == ["inactive"]
    fund(creator, 70_000)
    assert creator_payout_batch_run()["held"] == 1
    held = CreatorPayout.objects.get()
    assert held.status == "held" and held.hold_reasons == ["inactive"] and payable(creator) == 70_000
    assert ledger_check() == []
