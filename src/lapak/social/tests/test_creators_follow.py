"""Follows: idempotent, and followers_count exact when followers race."""

from __future__ import annotations

import pytest

from lapak.core.errors import ValidationFailed
from lapak.core.testing import race
from lapak.social.models import Creator, Follow
from lapak.social.services.creators import creator_follow, creator_unfollow
from lapak.social.tests.support_feed import creator_make


@pytest.mark.django_db(databases=["default", "social"])
def test_follow_and_unfollow_are_idempotent():
    creator = creator_make("budi")
    assert creator_follow(creator=creator, follower="usr_a") is True
    assert creator_follow(creator=creator, follower="usr_a") is False
    creator.refresh_from_db()
    assert creator.followers_count == 1 and Follow.objects.count() == 1
    assert creator_unfollow(creator=creator, follower="usr_a") is True
    assert creator_unfollow(creator=creator, follower="usr_a") is False
    creator.refresh_from_db()
    assert creator.followers_count == 0


@pytest.mark.django_db(databases=["default", "social"])
def test_a_creator_cannot_follow_themselves():
    creator = creator_make("budi", account="usr_self")
    with pytest.raises(ValidationFailed):
        creator_follow(creator=creator, follower="usr_self")


@pytest.mark.django_db(databases=["default", "social"], transaction=True)
def test_followers_count_is_exact_under_racing_follows():
    creator = creator_make("ramai")
    followers = [f"usr_{i}" for i in range(8)]
    # Every follower clicks twice at the same moment, and everyone at once.
    outcomes = race(*[lambda f=f: creator_follow(creator=creator, follower=f) for f in followers * 2])
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sum(o is True for o in outcomes) == len(followers)
    creator.refresh_from_db()
    assert creator.followers_count == Follow.objects.filter(creator=creator).count() == len(followers)
    outcomes = race(*[lambda f=f: creator_unfollow(creator=creator, follower=f) for f in followers[:5] * 2])
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert Creator.objects.get(pk=creator.pk).followers_count == 3 == Follow.objects.count()


@pytest.mark.django_db(databases=["default", "social"], transaction=True)
def test_two_accounts_racing_for_one_handle_get_one_profile_and_one_conflict(make_user):
    from lapak.core.errors import Conflict
    from lapak.social.services.creators import creator_create

    first, second = make_user(), make_user()
    outcomes = race(*[lambda u=u: creator_create(user=u, handle="rebutan", display_name="R", phone="081234567890")
                      for u in (first, second)])
    assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "Creator"], outcomes
    assert isinstance(next(o for o in outcomes if not isinstance(o, Creator)), Conflict)
    assert Creator.objects.filter(handle="rebutan").count() == 1
