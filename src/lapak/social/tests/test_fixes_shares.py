"""ID-MKT-2: shares weigh in the feed's ranking, so one account counts once per post and channel, and floods stop."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import translation

from lapak.core.errors import NotAuthenticated, RateLimited
from lapak.core.testing import race
from lapak.social.models import Post, Share
from lapak.social.services.engagement import post_share
from lapak.social.tests.support_posts import creator_for, published_post

DBS = ["default", "social"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _count(post: Post) -> int:
    return Post.objects.get(pk=post.pk).shares_count


@pytest.mark.django_db(databases=DBS)
def test_sharing_again_through_the_same_channel_is_not_counted_again(make_user):
    post = published_post(creator_for(make_user()))
    fan, other = make_user(), make_user()
    assert post_share(actor=fan, post=post, channel="whatsapp") is True
    assert post_share(actor=fan, post=post, channel="whatsapp") is False
    assert post_share(actor=fan, post=post, channel="whatsapp") is False
    assert post_share(actor=fan, post=post, channel="link") is True
    assert post_share(actor=other, post=post, channel="whatsapp") is True
    assert _count(post) == Share.objects.filter(post=post).count() == 3


@pytest.mark.django_db(databases=DBS)
def test_anonymous_shares_are_refused(make_user):
    post = published_post(creator_for(make_user()))
    with pytest.raises(NotAuthenticated):
        post_share(actor=AnonymousUser(), post=post)
    assert _count(post) == Share.objects.count() == 0


@pytest.mark.django_db(databases=DBS)
def test_a_share_flood_is_rate_limited_per_account(make_user):
    creator = creator_for(make_user())
    posts = [published_post(creator) for _ in range(11)]
    flooder, other = make_user(), make_user()
    for post in posts[:10]:
        assert post_share(actor=flooder, post=post) is True
    with pytest.raises(RateLimited) as caught:
        post_share(actor=flooder, post=posts[10])
    assert caught.value.code == "share_flood" and caught.value.status == 429
    assert post_share(actor=other, post=posts[10]) is True  # the limit is per account
    assert _count(posts[10]) == 1


@pytest.mark.django_db(databases=DBS, transaction=True)
def test_ten_concurrent_shares_by_one_account_count_once(make_user):
    post = published_post(creator_for(make_user()))
    fan = make_user()
    outcomes = race(*[lambda: post_share(actor=fan, post=post, channel="whatsapp") for _ in range(10)])
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert outcomes.count(True) == 1
    assert _count(post) == Share.objects.filter(post=post).count() == 1


@pytest.mark.django_db(databases=DBS)
def test_the_page_and_the_api_count_a_repeated_share_once_and_answer_a_flood_with_429(make_user, bearer):
    creator = creator_for(make_user())
    post = published_post(creator)
    fan = make_user()
    page = Client(HTTP_ACCEPT_LANGUAGE="en")
    page.force_login(fan)
    for _ in range(3):
        assert page.post(f"/posts/{post.public_id}/share/", {"channel": "link"}).status_code == 302
    api = Client(HTTP_ACCEPT_LANGUAGE="en", **bearer(fan))
    for _ in range(3):
        assert api.post(f"/api/v1/social/posts/{post.public_id}/shares", {"channel": "link"},
                        content_type="application/json").status_code == 201
    assert _count(post) == 1
    for _ in range(4):  # 10 attempts so far: the limit
        api.post(f"/api/v1/social/posts/{post.public_id}/shares", {"channel": "x"}, content_type="application/json")
    flood = api.post(f"/api/v1/social/posts/{post.public_id}/shares", {"channel": "line"},
                     content_type="application/json")
    assert flood.status_code == 429 and flood.json()["error"]["code"] == "share_flood"
    htmx = page.post(f"/posts/{post.public_id}/share/", {"channel": "telegram"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 429 and 'id="share-form"' in htmx.content.decode()
    followed = page.post(f"/posts/{post.public_id}/share/", {"channel": "telegram"}, follow=True)
    assert "sharing too fast" in followed.content.decode()
    assert _count(post) == 2  # link, x
