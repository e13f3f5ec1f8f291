"""Keyset pagination of both feeds: a cursor chain shows every post once, in a stable way, and logs each page."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from lapak.core.errors import ValidationFailed
from lapak.social.models import FeedRanking, Follow, Post
from lapak.social.ranking import ALGORITHM, WEIGHTS
from lapak.social.selectors.feed import feed_following
from lapak.social.services.feed import feed_rank
from lapak.social.tests.support_feed import NOW, creator_make, post_make, tag_make

pytestmark = pytest.mark.django_db(databases=["default", "social"])


def seed(count: int, creators: int, *, rng: random.Random) -> list[Post]:
    people = [creator_make(f"kreator{i}") for i in range(creators)]
    posts = []
    for index in range(count):
        # Many posts share a timestamp, so the keyset's id tie-break is exercised.
        minutes = (index // 3) * rng.choice([1, 7, 30])
        posts.append(post_make(rng.choice(people), published_at=NOW - timedelta(minutes=minutes),
                               likes=rng.choice([0, 3, 50, 900, 20000]), comments=rng.randint(0, 40),
                               shares=rng.randint(0, 10)))
    return posts


def walk(viewer: str, *, page_size: int = 20, window: int = 40) -> list[list[str]]:
    pages, cursor = [], None
    for _ in range(100):
        page = feed_rank(viewer=viewer, cursor=cursor, page_size=page_size, window=window)
        pages.append([post.public_id for post in page.posts])
        cursor = page.next_cursor
        if cursor is None:
            return pages
    raise AssertionError("the cursor chain did not end")


@pytest.mark.parametrize("seed_value", [1, 2, 3])
def test_for_you_never_repeats_or_skips_a_post(seed_value):
    rng = random.Random(seed_value)
    posts = seed(137, 6, rng=rng)
    post_make(posts[0].creator, status=Post.Status.DRAFT)
    post_make(posts[0].creator, status=Post.Status.TAKEN_DOWN)
    Follow.objects.create(follower="usr_viewer", creator=posts[5].creator)
    pages = walk("usr_viewer")
    shown = [post for page in pages for post in page]
    assert len(shown) == len(set(shown)), "a post was shown twice"
    assert set(shown) == {post.public_id for post in posts}, "a post was skipped (or a draft shown)"
    assert all(len(page) == 20 for page in pages[:-1])
    assert FeedRanking.objects.count() == len(pages)


def test_a_post_published_while_scrolling_does_not_disturb_the_chain():
    rng = random.Random(9)
    posts = seed(60, 4, rng=rng)
    first = feed_rank(viewer="v", cursor=None)
    post_make(posts[0].creator, published_at=NOW + timedelta(minutes=5))  # newer than the chain's start
    rest, cursor = [], first.next_cursor
    while cursor:
        page = feed_rank(viewer="v", cursor=cursor)
        rest += [post.public_id for post in page.posts]
        cursor = page.next_cursor
    shown = [p.public_id for p in first.posts] + rest
    assert sorted(shown) == sorted(p.public_id for p in posts)


def test_a_post_taken_down_between_pages_is_not_shown_later():
    posts = seed(60, 3, rng=random.Random(4))
    first = feed_rank(viewer="v", cursor=None)
    unseen = next(p for p in posts if p.public_id not in {q.public_id for q in first.posts})
    Post.objects.filter(pk=unseen.pk).update(status=Post.Status.TAKEN_DOWN)
    later, cursor = [], first.next_cursor
    while cursor:
        page = feed_rank(viewer="v", cursor=cursor)
        later += [post.public_id for post in page.posts]
        cursor = page.next_cursor
    assert unseen.public_id not in later
    assert len(later) + len(first.posts) == 59


def test_every_page_logs_its_inputs_scores_weights_and_version():
    posts = seed(30, 3, rng=random.Random(5))
    Follow.objects.create(follower="usr_fan", creator=posts[0].creator)
    page = feed_rank(viewer="usr_fan", cursor=None)
    log = FeedRanking.objects.get(public_id=page.ranking)
    assert log.viewer == "usr_fan" and log.algorithm == ALGORITHM and log.weights == WEIGHTS.as_dict()
    assert [entry["post"] for entry in log.entries] == [post.public_id for post in page.posts]
    assert [entry["position"] for entry in log.entries] == list(range(1, len(page.posts) + 1))
    followed = posts[0].creator.public_id
    for entry in log.entries:
        assert entry["follows"] == (1.0 if entry["creator"] == followed else 0.0)
        recomputed = (WEIGHTS.recency * entry["recency"] + WEIGHTS.engagement * entry["engagement"]
                      + WEIGHTS.follows * entry["follows"] - WEIGHTS.diversity * entry["diversity"])
        assert entry["score"] == pytest.approx(recomputed, abs=1e-5)


def test_an_empty_feed_still_logs_its_page():
    page = feed_rank(viewer="v", cursor=None)
    assert page.posts == [] and page.next_cursor is None
    assert FeedRanking.objects.get(public_id=page.ranking).entries == []


def test_two_posts_differing_only_in_their_tagged_shop_score_the_same():
    """ID-MKT-2: equal treatment. Same creator standing, time and engagement; one tags the platform's favourite
    shop's product, the other a small shop's: the ranking cannot tell them apart."""
    a, b = creator_make("satu"), creator_make("dua")
    stamp = NOW - timedelta(hours=3)
    big = post_make(a, published_at=stamp, likes=120, comments=4, shares=2)
    small = post_make(b, published_at=stamp, likes=120, comments=4, shares=2)
    tag_make(big, product_id="prd_BIG", seller_id="org_BIGSHOP")
    tag_make(small, product_id="prd_SMALL", seller_id="org_SMALLSHOP")
    log = FeedRanking.objects.get(public_id=feed_rank(viewer="v", cursor=None).ranking)
    entries = {entry["post"]: entry for entry in log.entries}
    keys = ("recency", "engagement", "follows", "diversity", "score")
    assert [entries[big.public_id][k] for k in keys] == [entries[small.public_id][k] for k in keys]


@pytest.mark.parametrize("raw", ["garbage", "A" * 80, ""])
def test_a_forged_or_damaged_cursor_is_refused(raw):
    seed(45, 3, rng=random.Random(6))
    if not raw:  # a real cursor with one character changed
        good = feed_rank(viewer="v", cursor=None).next_cursor
        raw = good[:-3] + ("A" if good[-3] != "A" else "B") + good[-2:]
    with pytest.raises(ValidationFailed) as error:
        feed_rank(viewer="v", cursor=raw)
    assert error.value.code == "cursor_invalid"


def test_a_following_cursor_is_not_a_for_you_cursor():
    posts = seed(45, 2, rng=random.Random(7))
    for creator_id in {post.creator_id for post in posts}:
        Follow.objects.create(follower="usr_f", creator_id=creator_id)
    cursor = feed_following(viewer="usr_f", cursor=None).next_cursor
    with pytest.raises(ValidationFailed):
        feed_rank(viewer="usr_f", cursor=cursor)


def test_following_shows_followed_creators_newest_first_without_repeats():
    rng = random.Random(8)
    posts = seed(90, 5, rng=rng)
    followed = set(sorted({post.creator_id for post in posts})[:2])
    for creator_id in followed:
        Follow.objects.create(follower="usr_f", creator_id=creator_id)
    Follow.objects.create(follower="usr_other", creator_id=posts[2].creator_id)
    expected = [p.public_id for p in sorted((p for p in posts if p.creator_id in followed),
                                            key=lambda p: (p.published_at, p.pk), reverse=True)]
    shown, cursor, pages = [], None, 0
    while True:
        page = feed_following(viewer="usr_f", cursor=cursor, page_size=7)
        shown += [post.public_id for post in page.posts]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert shown == expected
    assert pages == -(-len(expected) // 7)
    assert FeedRanking.objects.count() == 0  # only "For you" is ranked
