"""Likes, comments and shares: signed-in people, published posts, exact counters, rate-limited comments."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from lapak.core.errors import NotAuthenticated, NotFound, PermissionDenied, RateLimited, ValidationFailed
from lapak.core.testing import race
from lapak.social.models import Comment, Like, Post, Share
from lapak.social.services.engagement import comment_add, post_like, post_share, post_unlike
from lapak.social.tests.support_posts import creator_for, published_post

DBS = ["default", "social"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.django_db(databases=DBS)
def test_liking_is_idempotent_and_unliking_takes_it_back(make_user):
    post = published_post(creator_for(make_user()))
    fan = make_user()
    assert post_like(actor=fan, post=post) is True
    assert post_like(actor=fan, post=post) is False
    post.refresh_from_db()
    assert post.likes_count == 1 and Like.objects.count() == 1
    assert post_unlike(actor=fan, post=post) is True
    assert post_unlike(actor=fan, post=post) is False
    post.refresh_from_db()
    assert post.likes_count == 0 and Like.objects.count() == 0


@pytest.mark.django_db(databases=DBS)
def test_visitors_regulators_and_unpublished_posts_are_refused(make_user):
    creator = creator_for(make_user())
    post = published_post(creator)
    draft = published_post(creator, status="draft")
    with pytest.raises(NotAuthenticated):
        post_like(actor=AnonymousUser(), post=post)
    with pytest.raises(PermissionDenied):
        comment_add(actor=make_user(roles=["regulator"], jurisdiction="ID"), post=post, body="hi")
    with pytest.raises(NotFound):
        post_like(actor=make_user(), post=draft)
    assert Like.objects.count() == 0 and Comment.objects.count() == 0


@pytest.mark.django_db(databases=DBS, transaction=True)
def test_concurrent_likes_keep_the_counter_exact(make_user):
    post = published_post(creator_for(make_user()))
    fans = [make_user() for _ in range(6)]
    # Every fan likes twice at the same moment: six likes, no more, whatever the interleaving.
    outcomes = race(*[lambda f=fan: post_like(actor=f, post=post) for fan in fans for _ in range(2)])
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(outcomes).count(True) == 6
    post.refresh_from_db()
    assert post.likes_count == Like.objects.filter(post=post).count() == 6
    outcomes = race(*[lambda f=fan: post_unlike(actor=f, post=post) for fan in fans[:3] for _ in range(2)])
    assert sorted(outcomes).count(True) == 3
    post.refresh_from_db()
    assert post.likes_count == Like.objects.filter(post=post).count() == 3


@pytest.mark.django_db(databases=DBS)
def test_comments_are_one_to_500_characters_and_stored_as_typed(make_user):
    post = published_post(creator_for(make_user()))
    fan = make_user()
    for body in ("", "   ", "x" * 501):
        with pytest.raises(ValidationFailed):
            comment_add(actor=fan, post=post, body=body)
    comment = comment_add(actor=fan, post=post, body="<script>alert(1)</script>")
    assert comment.body == "<script>alert(1)</script>"
    post.refresh_from_db()
    assert post.comments_count == 1


@pytest.mark.django_db(databases=DBS)
def test_a_comment_flood_is_rate_limited(make_user):
    post = published_post(creator_for(make_user()))
    flooder, other = make_user(), make_user()
    for n in range(5):
        comment_add(actor=flooder, post=post, body=f"beli {n}")
    with pytest.raises(RateLimited) as caught:
        comment_add(actor=flooder, post=post, body="beli lagi")
    assert caught.value.code == "comment_flood" and caught.value.status == 429
    comment_add(actor=other, post=post, body="saya juga")  # the limit is per account
    post.refresh_from_db()
    assert post.comments_count == Comment.objects.count() == 6


@pytest.mark.django_db(databases=DBS)
def test_the_hourly_limit_holds_across_minutes(make_user, monkeypatch):
    import lapak.core.ratelimit as ratelimit

    post = published_post(creator_for(make_user()))
    fan = make_user()
    clock = {"now": 1_800_000_000.0}
    monkeypatch.setattr(ratelimit.time, "time", lambda: clock["now"])
    for n in range(60):
        clock["now"] += 13  # five a minute at most
        comment_add(actor=fan, post=post, body=f"komentar {n}")
    clock["now"] += 61
    with pytest.raises(RateLimited):
        comment_add(actor=fan, post=post, body="satu lagi")


@pytest.mark.django_db(databases=DBS)
def test_shares_are_counted_by_channel(make_user):
    post = published_post(creator_for(make_user()))
    fan = make_user()
    post_share(actor=fan, post=post, channel="whatsapp")
    post_share(actor=fan, post=post)
    with pytest.raises(ValidationFailed):
        post_share(actor=fan, post=post, channel="carrier-pigeon")
    post.refresh_from_db()
    assert post.shares_count == 2
    assert sorted(Share.objects.values_list("channel", flat=True)) == ["link", "whatsapp"]
    assert Post.objects.get(pk=post.pk).likes_count == 0
