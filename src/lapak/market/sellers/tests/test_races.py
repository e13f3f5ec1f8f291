"""Races provoked on purpose: two operators deciding one case, two sellers claiming one NIK."""

from __future__ import annotations

import pytest

from lapak.core.errors import LapakError
from lapak.core.testing import race
from lapak.market.sellers.errors import DuplicateIdentity, TransitionNotAllowed
from lapak.market.sellers.models import (
    ApplicationStatus,
    ApplicationTransition,
    IdentityClaim,
    OrganisationStatus,
    SellerApplication,
)
from lapak.market.sellers.services import application_decide, application_submit


@pytest.mark.django_db(transaction=True)
def test_two_operators_deciding_at_once_produce_exactly_one_outcome(racing_db, build, people):
    application = build.in_review()
    outcomes = race(
        lambda: application_decide(application=application, actor=people.operator, decision="verified"),
        lambda: application_decide(application=application, actor=people.operator2, decision="rejected",
                                   reason_codes=["fraud_suspected"]),
    )
    winners = [o for o in outcomes if isinstance(o, SellerApplication)]
    losers = [o for o in outcomes if isinstance(o, LapakError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert isinstance(losers[0], TransitionNotAllowed) and losers[0].status == 409
    application.refresh_from_db()
    assert application.status == winners[0].status
    decisions = ApplicationTransition.objects.filter(application=application, from_status="in_review")
    assert decisions.count() == 1
    organisation = application.organisation
    organisation.refresh_from_db()
    expected = OrganisationStatus.VERIFIED if application.status == "verified" else OrganisationStatus.REJECTED
    assert organisation.status == expected


@pytest.mark.django_db(transaction=True)
def test_approving_twice_at_once_verifies_once(racing_db, build, people):
    application = build.in_review()
    outcomes = race(
        lambda: application_decide(application=application, actor=people.operator, decision="verified"),
        lambda: application_decide(application=application, actor=people.operator2, decision="verified"),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["SellerApplication", "TransitionNotAllowed"], outcomes
    assert ApplicationTransition.objects.filter(application=application, to_status="verified").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_applications_with_one_nik_submitted_at_once_one_wins(racing_db, build, people, make_user):
    first = build.individual(owner=people.owner, shop="Toko Satu")
    other = make_user(email="other@example.test")
    second = build.individual(owner=other, shop="Toko Dua")
    outcomes = race(
        lambda: application_submit(application=first, actor=people.owner),
        lambda: application_submit(application=second, actor=other),
    )
    winners = [o for o in outcomes if isinstance(o, SellerApplication)]
    losers = [o for o in outcomes if isinstance(o, Exception)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert isinstance(losers[0], DuplicateIdentity)
    message = "This identity number is already registered to another seller."
    assert [str(m) for m in losers[0].fields["nik"]] == [message]

    winner = SellerApplication.objects.get(pk=winners[0].pk)
    loser = SellerApplication.objects.get(pk=(second if winner.pk == first.pk else first).pk)
    assert winner.status == ApplicationStatus.SUBMITTED
    # Nothing half-written for the loser: still a draft, no history, no claim, no flags, no submission time.
    assert (loser.status, loser.submitted_at, loser.review_flags) == (ApplicationStatus.DRAFT, None, [])
    assert not loser.transitions.exists()
    assert list(IdentityClaim.objects.values_list("application_id", flat=True)) == [winner.pk]
