"""Invitations raced on purpose: two sent at the same moment leave one; accept racing withdraw has one winner.

Each racer runs in its own thread and database connection, released together (lapak.core.testing.race).
Without the partial unique constraint both inserts would succeed; without the conditional UPDATEs both the
acceptance and the withdrawal would report success.
"""

from __future__ import annotations

import pytest
from django.db import connection

from lapak.core.errors import Conflict
from lapak.core.testing import race
from lapak.market.affiliates.models import AffiliateInvite
from lapak.market.affiliates.services_invites import invite_accept, invite_send, invite_withdraw
from lapak.market.affiliates.tests.offers_support import *  # noqa: F403


@pytest.fixture
def racing(transactional_db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("racing threads need a file-backed SQLite test database or PostgreSQL")


def test_two_invitations_sent_at_once_leave_one(racing, aworld):
    w = aworld
    creator = w.users["creator"].public_id
    outcomes = race(*[lambda rate=rate, actor=actor: invite_send(actor=actor, seller=w.shop, product=w.live,
                                                                 creator=creator, rate_bps=rate)
                      for rate, actor in ((1_000, w.owner), (2_000, w.users["manager_a"]))])
    made = [o for o in outcomes if isinstance(o, AffiliateInvite)]
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(made) == 1 and len(refused) == 1, outcomes
    assert isinstance(refused[0], Conflict) and refused[0].code == "affiliate_invite_exists"
    assert AffiliateInvite.objects.filter(product=w.live, creator=creator).count() == 1


def test_accept_racing_withdraw_has_exactly_one_winner(racing, aworld):
    w = aworld
    invite = invite_send(actor=w.owner, seller=w.shop, product=w.live, creator=w.users["creator"].public_id,
                         rate_bps=1_000)
    outcomes = race(lambda: invite_accept(actor=w.users["creator"], invite=invite),
                    lambda: invite_withdraw(actor=w.owner, invite=invite))
    winners = [o for o in outcomes if isinstance(o, AffiliateInvite)]
    final = AffiliateInvite.objects.get(pk=invite.pk).status
    # Accept first then withdraw: both succeed, ending revoked. Withdraw first: the acceptance is refused.
    if all(isinstance(o, AffiliateInvite) for o in outcomes):
        assert [o.status for o in outcomes] == ["accepted", "revoked"] and final == "revoked"
    else:
        assert len(winners) == 1 and winners[0].status == "revoked" == final
        assert isinstance(outcomes[0], Conflict)
