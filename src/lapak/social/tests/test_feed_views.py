"""The feed pages and the feed API: cards, chips to the hand-off, infinite scroll with and without htmx, the
ranking log for operators and regulators."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client

from lapak.social.models import FeedRanking, Follow
from lapak.social.tests.support_feed import NOW, creator_make, post_make, tag_make

pytestmark = pytest.mark.django_db(databases=["default", "social"])


def seed(count: int = 45):
    people = [creator_make(f"kreator{i}") for i in range(3)]
    posts = [post_make(people[i % 3], published_at=NOW - timedelta(minutes=i), caption=f"Post {i}")
             for i in range(count)]
    return people, posts


def english(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def card_ids(html: str) -> list[str]:
    return re.findall(r'id="post-(pst_[0-9A-Z]+)"', html)


def test_for_you_page_shows_cards_with_product_chips_and_a_more_link():
    _people, posts = seed()
    tag_make(posts[0], product_id="prd_01ABC", seller_id="org_X", title="Kaos Katun", price=75_000)
    response = english().get("/feed/")
    html = response.content.decode()
    assert response.status_code == 200
    ids = card_ids(html)
    assert len(ids) == 20 and posts[0].public_id in ids
    assert f'href="/go/post/{posts[0].public_id}/prd_01ABC/"' in html
    assert "Rp75.000" in html
    more = re.search(r'<a class="btn btn--secondary btn--block" href="([^"]+)" rel="next"', html).group(1)
    assert 'hx-trigger="revealed"' in html
    # Without JavaScript: the link is a whole page; with htmx: only the cards.
    second = english().get(more.replace("&amp;", "&"))
    assert "<html" in second.content.decode() and set(card_ids(second.content.decode())).isdisjoint(ids)
    partial = english().get(more.replace("&amp;", "&"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and len(card_ids(partial)) == 20
    assert FeedRanking.objects.count() == 3


def test_captions_are_escaped():
    creator = creator_make("jahil")
    post_make(creator, caption='<script>alert("x")</script>')
    html = english().get("/feed/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


def test_a_broken_cursor_gets_a_way_back_not_an_error_page():
    response = english().get("/feed/?cursor=nonsense")
    assert response.status_code == 400
    assert "Start again from the top" in response.content.decode()


def test_following_page_needs_sign_in_and_shows_followed_creators_only(make_user):
    people, posts = seed(12)
    assert english().get("/feed/following/").status_code == 302
    user = make_user()
    Follow.objects.create(follower=user.public_id, creator=people[1])
    ids = card_ids(english(user).get("/feed/following/").content.decode())
    assert ids == [p.public_id for p in posts if p.creator_id == people[1].pk]


def test_feed_api_walks_pages_and_logs_each(make_user, bearer):
    seed()
    client = english()
    first = client.get("/api/v1/social/feed").json()
    second = client.get("/api/v1/social/feed", {"cursor": first["next_cursor"]}).json()
    assert len(first["items"]) == 20 and len(second["items"]) == 20
    assert {i["id"] for i in first["items"]}.isdisjoint(i["id"] for i in second["items"])
    assert FeedRanking.objects.filter(public_id__in=[first["ranking"], second["ranking"]]).count() == 2
    assert first["items"][0]["creator"]["url"].startswith("/creators/kreator")
    bad = client.get("/api/v1/social/feed", {"cursor": "x" + first["next_cursor"]})
    assert bad.status_code == 422 and "cursor" in bad.json()["error"]["fields"]
    assert client.get("/api/v1/social/feed", HTTP_AUTHORIZATION="Bearer lpk_wrong").status_code == 401


def test_signed_in_for_you_boosts_and_logs_followed_creators(make_user, bearer):
    people, _posts = seed(6)
    user = make_user()
    Follow.objects.create(follower=user.public_id, creator=people[2])
    page = english().get("/api/v1/social/feed", **bearer(user)).json()
    log = FeedRanking.objects.get(public_id=page["ranking"])
    assert log.viewer == user.public_id
    assert {e["creator"] for e in log.entries if e["follows"] == 1.0} == {people[2].public_id}


def test_following_api(make_user, bearer):
    people, posts = seed(6)
    user = make_user()
    assert english().get("/api/v1/social/feed/following").status_code == 401
    Follow.objects.create(follower=user.public_id, creator=people[0])
    body = english().get("/api/v1/social/feed/following", **bearer(user)).json()
    assert [i["id"] for i in body["items"]] == [p.public_id for p in posts if p.creator_id == people[0].pk]
    assert body["next_cursor"] is None


def test_ranking_log_is_for_operators_and_regulators(make_user, bearer):
    seed(5)
    english().get("/api/v1/social/feed")
    url = "/api/v1/social/feed/rankings"
    assert english().get(url).status_code == 401
    assert english().get(url, **bearer(make_user())).status_code == 403
    assert english().get(url, **bearer(make_user(roles=["regulator"], jurisdiction="GB"))).status_code == 403
    for reader in (make_user(roles=["operator"]), make_user(roles=["regulator"], jurisdiction="ID")):
        body = english().get(url, **bearer(reader)).json()
        assert len(body["items"]) == 1 and len(body["items"][0]["entries"]) == 5
        assert body["items"][0]["weights"]["half_life_hours"] == 24.0


def test_a_feed_page_costs_a_fixed_number_of_queries():
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    _people, posts = seed(60)
    for post in posts[:30]:
        tag_make(post, product_id=f"prd_{post.pk:04d}", seller_id="org_X")
    client = english()
    cursor = client.get("/api/v1/social/feed").json()["next_cursor"]
    with (CaptureQueriesContext(connections["social"]) as social,
          CaptureQueriesContext(connections["default"]) as default):
        assert client.get("/api/v1/social/feed", {"cursor": cursor}).status_code == 200
    # carried posts, the next window, the viewer's follows among its creators, the tags, the ranking log row
    assert len(social.captured_queries) <= 5, [q["sql"][:80] for q in social.captured_queries]
    assert len(default.captured_queries) == 0


def test_a_creators_posts_over_the_api_page_by_page():
    people, posts = seed(75)  # 25 posts each: two pages of 20
    mine = [p.public_id for p in posts if p.creator_id == people[0].pk]
    client = english()
    first = client.get("/api/v1/social/creators/kreator0/posts").json()
    second = client.get("/api/v1/social/creators/kreator0/posts", {"cursor": first["next_cursor"]}).json()
    assert [i["id"] for i in first["items"]] + [i["id"] for i in second["items"]] == mine
    assert second["next_cursor"] is None
    other = client.get("/api/v1/social/creators/kreator1/posts", {"cursor": first["next_cursor"]})
    assert other.status_code == 422  # a cursor belongs to its creator's list
    assert client.get("/api/v1/social/creators/nobody/posts").status_code == 404
